import type { AnyConnector } from '@signupassist/contract';
import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';

const base = tidepoolConnector as AnyConnector;

/** The Tidepool connector with a cancel that crashes on a booking it cannot find. */
const crashingCancel: AnyConnector = {
  ...base,
  cancel: async (context, request) => {
    if (!request.bookingId.startsWith('bk_')) {
      throw new TypeError("Cannot read properties of undefined (reading 'status')");
    }
    return base.cancel(context, request);
  },
};

function errorsOnly(connector: AnyConnector) {
  return runConformance({
    connector,
    sandbox: startTidepoolSandbox,
    only: ['hygiene.connector-errors-only'],
  });
}

describe('hygiene.connector-errors-only', () => {
  it('fails a cancel that throws a TypeError for an unknown id', async () => {
    const report = await errorsOnly(crashingCancel);

    expect(report.checks[0]?.verdict).toBe('failed');
    expect(report.checks[0]?.message).toBe(
      "cancel threw TypeError: Cannot read properties of undefined (reading 'status') for " +
        'booking id "conformance-unknown-id", which does not exist; expected ConnectorError ' +
        '"not_found".',
    );
  });

  it('passes the Tidepool connector', async () => {
    const report = await errorsOnly(base);

    expect(report.checks[0]?.message).toBeUndefined();
    expect(report.checks[0]?.verdict).toBe('passed');
  });
});
