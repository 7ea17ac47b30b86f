import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';

const KEYS = 'lvl1:TG9nTGV2ZWxUZXN0S2V5SnVzdFRoaXJ0eVR3b0J5dGU=';

describe('CLI LOG_LEVEL', () => {
  it('rejects an unknown level', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'hub-log-level-'));

    const result = await runCli(['vendors', 'list'], {
      HUB_DB_PATH: join(directory, 'hub.db'),
      HUB_ENCRYPTION_KEYS: KEYS,
      LOG_LEVEL: 'verbose',
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('LOG_LEVEL');
    expect(result.stderr).toContain('fatal, error, warn, info, debug, trace, silent');
    expect(result.stderr).toContain('"verbose"');
  });
});
