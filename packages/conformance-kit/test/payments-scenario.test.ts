import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { startConformanceSandbox as startBookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';
import { alteredScenarioSandbox } from './broken/scenario-gaps.js';

const PAYMENT_CHECKS = [
  'payments.recorded-on-booking',
  'payments.read-back-paid',
  'payments.replay-recorded-once',
];

describe('payments checks', () => {
  it('pass on Bookeo', async () => {
    const report = await runConformance({
      connector: createBookeoConnector(),
      sandbox: startBookeoSandbox,
      only: PAYMENT_CHECKS,
    });

    expect(report.checks.map((check) => check.id)).toEqual(PAYMENT_CHECKS);
    for (const check of report.checks) expect(check.verdict, check.message).toBe('passed');
  });

  it('fail without a scenario price', async () => {
    const report = await runConformance({
      connector: createBookeoConnector(),
      sandbox: alteredScenarioSandbox(startBookeoSandbox, ({ prices: _prices, ...rest }) => rest),
      only: PAYMENT_CHECKS,
    });

    for (const check of report.checks) {
      expect(check.verdict, check.id).toBe('failed');
      expect(check.message, check.id).toMatch(
        /^The sandbox scenario gives no price for session ".+", which the connectPayments checks pay for\. List the bookable session in scenario\(\)\.prices\.$/,
      );
    }
  });

  it('skip in a live run', async () => {
    const sandbox = await startBookeoSandbox();
    try {
      const { vendor, credentials } = sandbox.vendor();
      const report = await runConformance({
        connector: createBookeoConnector(),
        live: {
          vendor,
          credentials,
          allowWrites: true,
          testSession: sandbox.scenario().bookable!,
        },
        only: PAYMENT_CHECKS,
      });

      for (const check of report.checks) expect(check.verdict, check.id).toBe('skipped');
      expect(sandbox.bookingCount({ includeCancelled: true })).toBe(0);
    } finally {
      await sandbox.stop();
    }
  });
});
