import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';
import { describeConformance } from '../src/vitest.js';
import { REPO_ROOT, requireBuiltBookeo, runCapturedCli } from './cli-support.js';

const EMPTY_REASON =
  'at expectedFailures[0].reason: must say why the check fails. Each entry of "expectedFailures" needs a "check" id and a "reason".';

const baselineWith = (reason: string) => ({
  expectedFailures: [{ check: 'faults.abort-honoured', reason }],
});

describe('baseline reason', () => {
  beforeAll(requireBuiltBookeo);

  for (const reason of ['', '   ']) {
    it(`runConformance rejects ${JSON.stringify(reason)}`, async () => {
      const run = runConformance({
        connector: tidepoolConnector,
        sandbox: startTidepoolSandbox,
        baseline: baselineWith(reason),
      });

      await expect(run).rejects.toThrow(`Invalid baseline ${EMPTY_REASON}`);
    });

    it(`describeConformance rejects ${JSON.stringify(reason)}`, () => {
      const register = () =>
        describeConformance({
          connector: tidepoolConnector,
          sandbox: startTidepoolSandbox,
          baseline: baselineWith(reason),
        });

      expect(register).toThrow(`Invalid baseline ${EMPTY_REASON}`);
    });
  }

  it('CLI gives the same message', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'conformance-baseline-reason-'));
    const path = join(directory, 'baseline.json');
    writeFileSync(path, JSON.stringify(baselineWith(' ')));
    const run = await runCapturedCli(
      ['@signupassist/connector-bookeo', '--baseline', path],
      REPO_ROOT,
    );

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`Invalid baseline ${path} ${EMPTY_REASON}`);
  });

  it('rejects an entry without a check id', async () => {
    const run = runConformance({
      connector: tidepoolConnector,
      sandbox: startTidepoolSandbox,
      baseline: { expectedFailures: [{ check: ' ', reason: 'known' }] },
    });

    await expect(run).rejects.toThrow(
      'Invalid baseline at expectedFailures[0].check: must be a check id.',
    );
  });
});
