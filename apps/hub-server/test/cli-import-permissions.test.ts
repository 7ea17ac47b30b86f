import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';

const KEYS = 'perm1:UGVybWlzc2lvblRlc3RLZXlUaGlydHlUd29CeXRlcyE=';

describe('vendors import file permissions', () => {
  let directory: string;
  let environment: Record<string, string>;

  const writeRows = (name: string, rows: unknown[], mode: number) => {
    const path = join(directory, name);
    writeFileSync(path, JSON.stringify(rows));
    chmodSync(path, mode);
    return path;
  };

  const row = (id: string, withCredentials: boolean) => ({
    id,
    displayName: `Vendor ${id}`,
    connector: 'bookeo',
    timeZone: 'UTC',
    config: { baseUrl: 'http://127.0.0.1:9/v2' },
    ...(withCredentials
      ? { credentials: { apiKey: 'FILE-API-KEY', secretKey: 'FILE-SECRET' } }
      : {}),
  });

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'hub-import-mode-'));
    environment = { HUB_DB_PATH: join(directory, 'hub.db'), HUB_ENCRYPTION_KEYS: KEYS };
  });

  it('warns about a shared file with credentials', async () => {
    const path = writeRows('shared.json', [row('shared-keys', true)], 0o644);

    const result = await runCli(['vendors', 'import', path], environment);

    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`warning: ${path} contains credentials and is readable`);
    expect(result.stderr).toContain(`chmod 600 ${path}`);
  });

  it('stays quiet about a private file', async () => {
    const path = writeRows('private.json', [row('private-keys', true)], 0o600);

    const result = await runCli(['vendors', 'import', path], environment);

    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('warning:');
  });

  it('stays quiet about a file without credentials', async () => {
    const path = writeRows('settings.json', [row('no-keys', false)], 0o644);

    const result = await runCli(['vendors', 'import', path], environment);

    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('warning:');
  });
});
