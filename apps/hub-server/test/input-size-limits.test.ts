import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';

const KEYS = 'lim1:TGltaXRUZXN0S2V5VGhpcnR5VHdvQnl0ZXNMb25nISE=';

/**
 * Creates a named pipe that a shell process fills with a JSON list padded with spaces to about
 * `bytes` bytes. A pipe has no size that `stat` could check before reading.
 */
function pipeOf(directory: string, bytes: number): string {
  const path = join(directory, `input-${bytes}.json`);
  execFileSync('mkfifo', [path]);
  const script = `{ printf '['; head -c ${bytes} /dev/zero | tr '\\0' ' '; printf ']'; } > "$1"`;
  spawn('sh', ['-c', script, 'sh', path], { stdio: 'ignore' });
  return path;
}

describe.skipIf(process.platform === 'win32')('input size limits on pipes', () => {
  it('rejects an import pipe over the limit', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'hub-input-limit-'));
    const environment = { HUB_DB_PATH: join(directory, 'hub.db'), HUB_ENCRYPTION_KEYS: KEYS };
    const path = pipeOf(directory, 11 * 1024 * 1024);

    const result = await runCli(['vendors', 'import', path], environment);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('above the limit of 10485760');
  }, 30_000);

  it('rejects a credentials pipe over the limit', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'hub-input-limit-'));
    const environment = { HUB_DB_PATH: join(directory, 'hub.db'), HUB_ENCRYPTION_KEYS: KEYS };
    const path = pipeOf(directory, 2 * 1024 * 1024);

    const result = await runCli(
      ['vendors', 'set-credentials', 'aqua-kids', '--file', path],
      environment,
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('larger than 1048576 bytes');
  }, 30_000);
});
