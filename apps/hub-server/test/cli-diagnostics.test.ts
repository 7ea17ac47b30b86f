import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';

const KEYS = 'dg1:RGlhZ25vc3RpY3NUZXN0S2V5VGhpcnR5VHdvQnl0ZSE=';

/** Counts the occurrences of `part` in `text`. */
function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('CLI diagnostics', () => {
  it('gives database advice once', async () => {
    const result = await runCli(['vendors', 'list'], {
      DATABASE_URL: 'postgres://postgres:pw@127.0.0.1:5432/nosuchdb_cli_diagnostics',
      HUB_DATA_DIR: mkdtempSync(join(tmpdir(), 'hub-diagnostics-')),
      HUB_ENCRYPTION_KEYS: KEYS,
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('does not exist');
    expect(occurrences(result.stderr, 'DATABASE_URL names the right host')).toBe(1);
    expect(occurrences(result.stderr, 'check DATABASE_URL')).toBe(0);
    expect(result.stderr).not.toContain(':pw@');
  });

  it('warns about the development key only for credentials', async () => {
    const environment = { HUB_DB_PATH: join(mkdtempSync(join(tmpdir(), 'hub-devkey-')), 'hub.db') };
    const add = [
      'vendors',
      'add',
      '--id',
      'aqua-kids',
      '--name',
      'Aqua Kids',
      '--connector',
      'bookeo',
      '--time-zone',
      'UTC',
      '--config',
      '{"baseUrl": "http://127.0.0.1:9/v2"}',
    ];
    const quiet = [add, ['vendors', 'list'], ['vendors', 'show', 'aqua-kids']];
    for (const args of quiet) {
      const result = await runCli(args, environment);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr, args.join(' ')).not.toContain('development key');
    }

    const credentials = JSON.stringify({ apiKey: 'dev-api-key', secretKey: 'dev-secret-key' });
    const set = await runCli(
      ['vendors', 'set-credentials', 'aqua-kids', '--file', '-'],
      environment,
      credentials,
    );
    expect(set.code, set.stderr).toBe(0);
    expect(occurrences(set.stderr, 'development key')).toBe(1);

    const rotate = await runCli(['keys', 'rotate'], environment);
    expect(rotate.stderr).toContain('development key');
  });

  describe('small messages', () => {
    const environment = () => ({
      HUB_DB_PATH: join(mkdtempSync(join(tmpdir(), 'hub-cli-small-')), 'hub.db'),
      HUB_ENCRYPTION_KEYS: KEYS,
    });
    const row = {
      id: 'aqua-kids',
      displayName: 'Aqua Kids',
      connector: 'bookeo',
      timeZone: 'UTC',
      config: { baseUrl: 'http://127.0.0.1:9/v2' },
    };

    it('imports from standard input', async () => {
      const env = environment();
      const result = await runCli(['vendors', 'import', '-'], env, JSON.stringify([row]));

      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain('Imported 1 row from standard input: 1 created.');
      const listed = await runCli(['vendors', 'list'], env);
      expect(listed.stdout).toContain('aqua-kids');
    });

    it('drops the field from transitions', async () => {
      const env = environment();
      await runCli(['vendors', 'import', '-'], env, JSON.stringify([row]));

      const result = await runCli(['vendors', 'go-live', 'aqua-kids'], env);

      expect(result.code).toBe(1);
      expect(result.stderr).toContain('is draft and cannot go live');
      expect(result.stderr).not.toContain('(field status)');
    });

    it('rejects a repeated option', async () => {
      const result = await runCli(
        ['vendors', 'add', '--id', 'a-one', '--id', 'a-two', '--name', 'A'],
        environment(),
      );

      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Option --id is given more than once');
    });
  });

  it('checks the keys before creating the database', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'hub-bad-keys-'));
    const databasePath = join(directory, 'hub.db');

    const result = await runCli(['vendors', 'list'], {
      HUB_DB_PATH: databasePath,
      HUB_ENCRYPTION_KEYS: 'k1:not-base64-and-too-short',
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('HUB_ENCRYPTION_KEYS');
    expect(existsSync(databasePath)).toBe(false);
  });
});
