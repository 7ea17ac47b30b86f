import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { SANDBOX_STOP_TIMEOUT_MS } from '../src/index.js';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** The built CLI; `npm test` builds it before running the tests. */
const BUILT_CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const HANGING_STOP = fileURLToPath(new URL('./fixtures/hanging-stop-connector', import.meta.url));

it('CLI exits when the sandbox stop hangs', async () => {
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run "npm run build".`);
  const output = mkdtempSync(join(tmpdir(), 'conformance-cli-stop-'));
  const args = [HANGING_STOP, '--only', 'manifest.valid', '--report', join(output, 'r.json')];

  const run = await new Promise<{ code: number | null; killed: boolean; stderr: string }>(
    (resolve) => {
      execFile(
        process.execPath,
        [BUILT_CLI, ...args, '--junit', join(output, 'j.xml')],
        { cwd: REPO_ROOT, timeout: SANDBOX_STOP_TIMEOUT_MS + 20_000 },
        (error, _stdout, stderr) => {
          let code: number | null = 0;
          if (error) code = typeof error.code === 'number' ? error.code : null;
          resolve({ code, killed: error?.killed ?? false, stderr });
        },
      );
    },
  );

  expect(run.killed).toBe(false);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(`The sandbox did not stop within ${SANDBOX_STOP_TIMEOUT_MS} ms`);
}, 60_000);
