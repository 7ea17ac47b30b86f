import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { describe, expect, it } from 'vitest';
import { MAX_CHECK_TIMEOUT_MS, runConformance } from '../src/index.js';
import { describeConformance } from '../src/vitest.js';
import { runCapturedCli } from './cli-support.js';

// Node.js runs a timer whose delay is above 2^31 - 1 ms, negative or NaN after 1 ms, so
// such a limit failed every check that waits for I/O with "did not finish within ... ms".
const INVALID = [MAX_CHECK_TIMEOUT_MS + 1, 99_999_999_999, Number.NaN, -1, 0, 0.5];

describe('check time limit', () => {
  for (const checkTimeoutMs of INVALID) {
    it(`rejects ${checkTimeoutMs} in runConformance`, async () => {
      const run = runConformance({
        connector: tidepoolConnector,
        sandbox: startTidepoolSandbox,
        only: ['catalog.schemas'],
        checkTimeoutMs,
      });

      await expect(run).rejects.toThrow(
        new RegExp(`^Invalid checkTimeoutMs ${checkTimeoutMs}: give a whole number`),
      );
    });
  }

  it('rejects an invalid limit in describeConformance', () => {
    expect(() =>
      describeConformance({
        connector: tidepoolConnector,
        sandbox: startTidepoolSandbox,
        checkTimeoutMs: MAX_CHECK_TIMEOUT_MS + 1,
      }),
    ).toThrow(/^Invalid checkTimeoutMs 2147483648/);
  });

  it('accepts the longest limit', async () => {
    const report = await runConformance({
      connector: tidepoolConnector,
      sandbox: startTidepoolSandbox,
      only: ['catalog.schemas'],
      checkTimeoutMs: MAX_CHECK_TIMEOUT_MS,
    });

    expect(report.checks[0]?.message).toBeUndefined();
    expect(report.checks[0]?.verdict).toBe('passed');
  });

  it('rejects a CLI limit above the longest', async () => {
    const run = await runCapturedCli(['--check-timeout', String(MAX_CHECK_TIMEOUT_MS + 1)], '/');

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`Invalid --check-timeout "${MAX_CHECK_TIMEOUT_MS + 1}"`);
    expect(run.stderr).toContain(`at most ${MAX_CHECK_TIMEOUT_MS}`);
  });
});
