import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { startConformanceSandbox as startBookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';
import { describeConformance } from '../src/vitest.js';

/** Returns a baseline with one entry, for `check`. */
function baselineFor(check: string) {
  return { expectedFailures: [{ check, reason: 'the provider keeps holds for a day' }] };
}

describe('baseline entry for a check that does not apply', () => {
  it('is rejected by runConformance', async () => {
    const run = runConformance({
      connector: tidepoolConnector,
      sandbox: startTidepoolSandbox,
      only: ['manifest.valid'],
      baseline: baselineFor('holds.expired-hold-expired'),
    });

    await expect(run).rejects.toThrow(
      /^The baseline lists check "holds\.expired-hold-expired", which does not apply to connector "tidepool": .* Remove the entry\.$/,
    );
  });

  it('is rejected by describeConformance', () => {
    expect(() =>
      describeConformance({
        connector: tidepoolConnector,
        sandbox: startTidepoolSandbox,
        baseline: baselineFor('handoff.receipt'),
      }),
    ).toThrow(/lists check "handoff\.receipt", which does not apply to connector "tidepool"/);
  });

  it('is accepted above the requested level', async () => {
    // Bookeo declares holds, so its holds checks apply at level full.
    const report = await runConformance({
      connector: createBookeoConnector(),
      sandbox: startBookeoSandbox,
      level: 'catalog',
      only: ['manifest.valid'],
      baseline: baselineFor('holds.expired-hold-expired'),
    });

    expect(report.checks.map((check) => check.verdict)).toEqual(['passed']);
  });
});
