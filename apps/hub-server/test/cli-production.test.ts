import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';

const KEYS = 'prod1:Qm9vZGxlU2VjcmV0S2V5Rm9yVGVzdHNPbmx5MTIzNDU=';

describe('CLI with NODE_ENV=production', () => {
  let environment: Record<string, string>;

  beforeAll(() => {
    const directory = mkdtempSync(join(tmpdir(), 'hub-production-'));
    environment = { NODE_ENV: 'production', HUB_DB_PATH: join(directory, 'hub.db') };
  });

  it('runs without an admin token', async () => {
    const result = await runCli(['vendors', 'list', '--json'], {
      ...environment,
      HUB_ENCRYPTION_KEYS: KEYS,
    });

    expect(result.stderr).not.toContain('HUB_ADMIN_TOKEN');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
  });

  it('still requires encryption keys', async () => {
    const result = await runCli(['vendors', 'list'], environment);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('HUB_ENCRYPTION_KEYS is not set, and NODE_ENV is production');
  });
});
