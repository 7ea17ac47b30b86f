import type { AnyConnector } from '@signupassist/contract';
import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';
import { placeholderReceiptConnector } from './broken/placeholder-receipt.js';

const CHECKS = ['faults.server-error-booking-not-reposted', 'faults.lost-response-one-booking'];

function runChecks(connector: AnyConnector) {
  return runConformance({ connector, sandbox: startTidepoolSandbox, level: 'full', only: CHECKS });
}

describe('receipt after a booking fault', () => {
  it('fails a placeholder receipt', async () => {
    const report = await runChecks(placeholderReceiptConnector(tidepoolConnector as AnyConnector));
    const [serverError, lostResponse] = report.checks;

    expect(serverError?.verdict).toBe('failed');
    expect(serverError?.message).toBe(
      'book returned booking "bk_pending_placeholder" after a 5xx, but getBooking cannot read ' +
        'it back; the receipt must name the booking the provider holds.',
    );
    expect(lostResponse?.verdict).toBe('failed');
    expect(lostResponse?.message).toBe(
      'book returned booking "bk_pending_placeholder" after its response was lost, but ' +
        'getBooking cannot read it back; the receipt must name the booking the provider holds.',
    );
  });

  it('passes the Tidepool connector', async () => {
    const report = await runChecks(tidepoolConnector as AnyConnector);

    expect(report.checks.map((check) => check.message)).toEqual([undefined, undefined]);
    expect(report.passed).toBe(true);
  });
});
