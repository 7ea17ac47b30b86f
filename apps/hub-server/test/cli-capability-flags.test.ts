import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';

const KEYS = 'cap1:Q2FwYWJpbGl0eUZsYWdUZXN0S2V5VGhpcnR5VHdvISE=';

describe('CLI --capability flags', () => {
  let environment: Record<string, string>;

  beforeAll(() => {
    const directory = mkdtempSync(join(tmpdir(), 'hub-capability-'));
    environment = { HUB_DB_PATH: join(directory, 'hub.db'), HUB_ENCRYPTION_KEYS: KEYS };
  });

  it('rejects a __proto__ capability', async () => {
    const result = await runCli(
      [
        'vendors',
        'add',
        '--id',
        'aqua-kids',
        '--name',
        'Aqua Kids',
        '--connector',
        'bookeo',
        '--capability',
        '__proto__=absent',
      ],
      environment,
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"__proto__", which is not a capability name');
    const listed = await runCli(['vendors', 'list', '--json'], environment);
    expect(JSON.parse(listed.stdout)).toEqual([]);
  });
});
