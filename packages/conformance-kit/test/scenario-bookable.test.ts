import type { ConformanceSandbox, StartConformanceSandbox } from '@signupassist/contract/testing';
import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';

/** Starts the Tidepool sandbox with a scenario that names no bookable session. */
const startWithoutBookable: StartConformanceSandbox = async (options) => {
  const sandbox = (await startTidepoolSandbox(options)) as ConformanceSandbox;
  return {
    ...sandbox,
    scenario: () => ({ ...sandbox.scenario(), bookable: undefined }),
  };
};

describe('scenario without a bookable session', () => {
  it('fails the checks that book', async () => {
    const report = await runConformance({
      connector: tidepoolConnector,
      sandbox: startWithoutBookable,
      level: 'full',
      only: ['booking.read-back', 'idempotency.replay-no-second-booking'],
    });

    for (const result of report.checks) {
      expect(result.verdict, result.id).toBe('failed');
      expect(result.message, result.id).toMatch(/^The sandbox scenario names no bookable session/);
    }
    expect(report.passed).toBe(false);
  });

  it('does not pass a full-level run', async () => {
    const report = await runConformance({
      connector: tidepoolConnector,
      sandbox: startWithoutBookable,
      level: 'full',
    });

    expect(report.levelReached).toBe('catalog');
    expect(report.passed).toBe(false);
  });
});
