import type { AnyConnector } from '@signupassist/contract';
import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';
import { rememberedReceiptsConnector } from './broken/remembered-receipts.js';
import { unrelatedReadConnector } from './broken/unrelated-read.js';

const CHECKS = ['booking.read-back', 'cancel.returns-seat'];

function runChecks(connector: AnyConnector) {
  return runConformance({ connector, sandbox: startTidepoolSandbox, level: 'full', only: CHECKS });
}

describe('getBooking from memory', () => {
  it('fails read-back and cancel checks', async () => {
    const report = await runChecks(rememberedReceiptsConnector(tidepoolConnector as AnyConnector));
    const [readBack, cancel] = report.checks;

    expect(readBack?.verdict).toBe('failed');
    expect(readBack?.message).toMatch(
      /^getBooking\("bk_000001"\) on read 1 after book sent no request to the provider/,
    );
    expect(cancel?.verdict).toBe('failed');
    expect(cancel?.message).toMatch(/after the cancellation sent no request to the provider/);
  });

  it('fails read-back after an unrelated request', async () => {
    const report = await runChecks(unrelatedReadConnector(tidepoolConnector as AnyConnector));
    const [readBack] = report.checks;

    expect(readBack?.verdict).toBe('failed');
    expect(readBack?.message).toMatch(
      /^getBooking succeeded for booking "bk_000001" after the sandbox's reset\(\) removed it; expected ConnectorError "not_found"\.$/,
    );
  });

  it('passes a connector that reads the provider', async () => {
    const report = await runChecks(tidepoolConnector as AnyConnector);

    expect(report.checks.map((check) => check.message)).toEqual([undefined, undefined]);
    expect(report.passed).toBe(true);
  });
});
