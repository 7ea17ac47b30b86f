import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from './server-process.js';

const KEYS = 'tok1:VG9rZW5DaGFyYWN0ZXJUZXN0S2V5VGhpcnR5VHdvISE=';

describe('HUB_ADMIN_TOKEN characters', () => {
  it.each([
    ['an exclamation mark', 'admin-token-with-a-bang!-0123456'],
    ['a dollar sign', 'admin$token$from$a$password$manager'],
    ['padding inside', 'admin=token=with=padding=inside=01'],
  ])('rejects a token with %s', async (_case, token) => {
    const directory = mkdtempSync(join(tmpdir(), 'hub-token-'));

    // A server that starts is stopped at once; its output then lacks the exit below.
    const output = await startServer([], {
      HUB_DB_PATH: join(directory, 'hub.db'),
      HUB_ENCRYPTION_KEYS: KEYS,
      HUB_ADMIN_TOKEN: token,
    }).then(
      async (server) => {
        await server.stop();
        return server.output.join('\n');
      },
      (error: unknown) => String(error),
    );

    expect(output).toContain('Server exited with 2 before it started');
    expect(output).toContain('HUB_ADMIN_TOKEN');
    expect(output).toContain('letters, digits');
    expect(output).not.toContain(token);
  });
});
