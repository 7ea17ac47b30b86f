import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBookeoSandbox, type BookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_USER, runCli } from './cli-process.js';
import { expectNoSecrets } from './secrets.js';

const KEYS = 'cli1:3kP9sWq7LmZ2xV5bN8cR1tY4uI6oA0eDfGhJkLzXcVs=';
const SWIM_ACCOUNT = 'RIVERSIDESWIM';
const CAMP_ACCOUNT = 'PRAIRIECAMP';
const PASTED_SECRET = 'PASTED-SECRET-VALUE-77e1';

describe('vendors CLI', () => {
  let sandbox: BookeoSandbox;
  let directory: string;
  let environment: Record<string, string>;
  const outputs: string[] = [];

  const cli = async (args: string[], stdin?: string) => {
    const result = await runCli(args, environment, stdin);
    outputs.push(result.stdout, result.stderr);
    return result;
  };

  const writeSecretFile = (name: string, content: unknown) => {
    const path = join(directory, name);
    writeFileSync(path, JSON.stringify(content), { mode: 0o600 });
    return path;
  };

  beforeAll(async () => {
    sandbox = await startBookeoSandbox();
    directory = mkdtempSync(join(tmpdir(), 'hub-cli-'));
    environment = { HUB_DB_PATH: join(directory, 'hub.db'), HUB_ENCRYPTION_KEYS: KEYS };
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it('prints help for every command', async () => {
    const commands = [
      'add',
      'update',
      'list',
      'show',
      'set-credentials',
      'verify',
      'go-live',
      'suspend',
      'import',
    ];
    for (const command of commands) {
      const result = await cli(['vendors', command, '--help']);
      expect(result.code, command).toBe(0);
      expect(result.stdout, command).toContain(`Usage: vendors ${command}`);
    }
    const keys = await cli(['keys', 'rotate', '--help']);
    expect(keys.stdout).toContain('Usage: keys rotate');
    const group = await cli(['vendors', '--help']);
    expect(group.stdout).toMatch(/set-credentials\s+seal and store/);
  });

  it('adds a vendor from flags', async () => {
    const result = await cli([
      'vendors',
      'add',
      '--id',
      'riverside',
      '--name',
      'Riverside Swim School',
      '--connector',
      'bookeo',
      '--time-zone',
      'America/New_York',
      '--config',
      JSON.stringify({ baseUrl: sandbox.url }),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Added riverside (draft)');
  });

  it('adds a vendor from a YAML file', async () => {
    const file = join(directory, 'prairie.yaml');
    writeFileSync(
      file,
      `id: prairie\ndisplayName: Prairie Day Camp\nconnector: bookeo\ntimeZone: America/Chicago\nconfig:\n  baseUrl: ${sandbox.url}\n`,
    );
    const result = await cli(['vendors', 'add', '--file', file, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: 'prairie', status: 'draft' });
  });

  it('rejects a repeated id', async () => {
    const result = await cli([
      'vendors',
      'add',
      '--id',
      'riverside',
      '--name',
      'Again',
      '--connector',
      'bookeo',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('riverside');
  });

  it('rejects an unknown connector', async () => {
    const result = await cli([
      'vendors',
      'add',
      '--id',
      'mystery',
      '--name',
      'Mystery',
      '--connector',
      'no-such-connector',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no-such-connector');
    expect((await cli(['vendors', 'show', 'mystery'])).code).toBe(1);
  });

  it('rejects a widening capability override', async () => {
    const result = await cli([
      'vendors',
      'add',
      '--id',
      'widened',
      '--name',
      'Widened',
      '--connector',
      'bookeo',
      '--config',
      JSON.stringify({ baseUrl: sandbox.url }),
      '--capability',
      'waitlist=native',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('waitlist');
    expect((await cli(['vendors', 'show', 'widened'])).code).toBe(1);
  });

  it('rejects credentials on the command line', async () => {
    for (const flag of [`--api-key=${PASTED_SECRET}`, '--secret-key', '--password']) {
      const result = await cli(['vendors', 'set-credentials', 'riverside', flag, PASTED_SECRET]);
      expect(result.code, flag).toBe(2);
      expect(result.stderr, flag).toMatch(/credentials are never read from the command line/);
    }
    const extra = await cli(['vendors', 'set-credentials', 'riverside', PASTED_SECRET]);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(/Expected one vendor id, got 2 arguments/);
  });

  it('rejects credentials of the wrong shape', async () => {
    const file = writeSecretFile('bad.json', { apiKey: 42 });
    const result = await cli(['vendors', 'set-credentials', 'riverside', '--file', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('apiKey');
    const shown = await cli(['vendors', 'show', 'riverside', '--json']);
    expect(JSON.parse(shown.stdout).vendor.credentials).toBeUndefined();
  });

  it('sets credentials from a file and stdin', async () => {
    const file = writeSecretFile('swim.json', sandbox.credentials(SWIM_ACCOUNT));
    const fromFile = await cli(['vendors', 'set-credentials', 'riverside', '--file', file]);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toMatch(/fingerprint \w+, key cli1/);

    const yaml = Object.entries(sandbox.credentials(CAMP_ACCOUNT))
      .map(([key, value]) => `${key}: ${value}`)
      .join('\n');
    const fromStdin = await cli(['vendors', 'set-credentials', 'prairie', '--file', '-'], yaml);
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toContain('Stored credentials of prairie');
  });

  it('warns about a credentials file others can read', async () => {
    const path = join(directory, 'open.json');
    writeFileSync(path, JSON.stringify(sandbox.credentials(CAMP_ACCOUNT)), { mode: 0o644 });
    const result = await cli(['vendors', 'set-credentials', 'prairie', '--file', path]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('readable by other users');
  });

  it('verifies, goes live and suspends', async () => {
    const verified = await cli(['vendors', 'verify', 'riverside']);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`account ${SWIM_ACCOUNT}`);
    const live = await cli(['vendors', 'go-live', 'riverside']);
    expect(live.stdout).toContain('riverside is live');
    const suspended = await cli(['vendors', 'suspend', 'riverside', '--reason', 'season over']);
    expect(suspended.stdout).toContain('riverside is suspended');
  });

  it('refuses go-live from draft', async () => {
    const result = await cli(['vendors', 'go-live', 'prairie']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('prairie');
  });

  it('reports invalid credentials with exit 1', async () => {
    const file = writeSecretFile('wrong.json', {
      apiKey: 'WRONG-APIKEY-CLI-0001',
      secretKey: sandbox.secretKey,
    });
    await cli([
      'vendors',
      'add',
      '--id',
      'wrong-keys',
      '--name',
      'Wrong',
      '--connector',
      'bookeo',
      '--config',
      JSON.stringify({ baseUrl: sandbox.url }),
    ]);
    expect((await cli(['vendors', 'set-credentials', 'wrong-keys', '--file', file])).code).toBe(0);
    const result = await cli(['vendors', 'verify', 'wrong-keys']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Credentials of wrong-keys are invalid');
  });

  it('lists vendors as a table', async () => {
    const result = await cli(['vendors', 'list']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+STATUS\s+CONNECTOR\s+NAME\s+CREDENTIALS\s+VERIFIED$/);
    expect(lines.find((line) => line.startsWith('riverside '))).toMatch(/suspended\s+bookeo/);
    const drafts = await cli(['vendors', 'list', '--status', 'draft', '--json']);
    const ids = JSON.parse(drafts.stdout).map((vendor: { id: string }) => vendor.id);
    expect(ids).toContain('prairie');
    expect(ids).not.toContain('riverside');
  });

  it('updates a vendor and checks the change', async () => {
    const renamed = await cli(['vendors', 'update', 'prairie', '--name', 'Prairie Camp', '--json']);
    expect(renamed.code).toBe(0);
    expect(JSON.parse(renamed.stdout).displayName).toBe('Prairie Camp');
    const empty = await cli(['vendors', 'update', 'prairie']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('Nothing to change');
    const zone = await cli(['vendors', 'update', 'prairie', '--time-zone', 'Mars/Olympus']);
    expect(zone.code).toBe(1);
    expect(zone.stderr).toContain('timeZone');
  });

  it('shows status, fingerprint and audit', async () => {
    const result = await cli(['vendors', 'show', 'riverside']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/status:\s+suspended/);
    expect(result.stdout).toMatch(/credentials:\s+fingerprint \w+, key cli1/);
    expect(result.stdout).toMatch(/verification:\s+valid at/);
    for (const action of ['created', 'credentials_set', 'verified', 'went_live', 'suspended']) {
      expect(result.stdout, action).toMatch(new RegExp(`cli:${CLI_USER}\\s+${action}`));
    }
    expect(result.stdout).toContain('season over');
  });

  it('imports good rows beside a failed one', async () => {
    const file = join(directory, 'mixed.json');
    const row = (id: string, connector: string) => ({
      id,
      displayName: `Vendor ${id}`,
      connector,
      timeZone: 'UTC',
      config: { baseUrl: sandbox.url },
      credentials: sandbox.credentials(CAMP_ACCOUNT),
    });
    writeFileSync(file, JSON.stringify([row('good-row', 'bookeo'), row('bad-row', 'nowhere')]), {
      mode: 0o600,
    });
    const result = await cli(['vendors', 'import', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^good-row\s+created/m);
    expect(result.stdout).toMatch(/^bad-row\s+failed\s+.*nowhere/m);
    expect(result.stderr).toContain('1 created, 1 failed');
    expect((await cli(['vendors', 'show', 'good-row'])).code).toBe(0);
  });

  it('names an unknown vendor', async () => {
    const result = await cli(['vendors', 'verify', 'nobody']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nobody');
  });

  it('rotates keys to a new active key', async () => {
    const rotated = await runCli(['keys', 'rotate'], {
      ...environment,
      HUB_ENCRYPTION_KEYS: `cli2:${Buffer.alloc(32, 7).toString('base64')},${KEYS}`,
    });
    outputs.push(rotated.stdout, rotated.stderr);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(/Re-sealed the credentials of 4 vendors under key cli2/);
    const shown = await runCli(['vendors', 'show', 'prairie', '--json'], {
      ...environment,
      HUB_ENCRYPTION_KEYS: `cli2:${Buffer.alloc(32, 7).toString('base64')}`,
    });
    expect(JSON.parse(shown.stdout).vendor.credentials.keyId).toBe('cli2');
  });

  it('leaks no secret', () => {
    const swim = sandbox.credentials(SWIM_ACCOUNT);
    const camp = sandbox.credentials(CAMP_ACCOUNT);
    const database = readFileSync(join(directory, 'hub.db'), 'latin1');
    expectNoSecrets({ outputs: outputs.join('\n'), database }, [
      swim.apiKey,
      swim.secretKey,
      camp.apiKey,
      'WRONG-APIKEY-CLI-0001',
      KEYS.slice(5),
      PASTED_SECRET,
    ]);
  });
});
