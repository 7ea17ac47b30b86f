import type { ConformanceSandbox } from '@signupassist/contract/testing';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { ConnectorError } from '@signupassist/contract';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';
import { doubleBookingConnector } from './broken/double-booking.js';
import { resultOf, startSandbox } from './runner-support.js';

// The Bookeo sandbox plays a live provider, as in runner-live.test.ts.
let sandbox: ConformanceSandbox;

beforeAll(async () => {
  sandbox = await startSandbox(new Date());
});
afterAll(() => sandbox.stop());

it('live run cancels a booking made where an error was expected', async () => {
  const account = sandbox.vendor();
  const report = await runConformance({
    connector: doubleBookingConnector(createBookeoConnector()),
    live: {
      vendor: account.vendor,
      credentials: account.credentials,
      allowWrites: true,
      testSession: sandbox.scenario().bookable!,
    },
    only: ['idempotency.key-reuse-mismatch'],
  });

  expect(resultOf(report, 'idempotency.key-reuse-mismatch').verdict).toBe('failed');
  expect(sandbox.bookingCount({ includeCancelled: true })).toBe(2);
  expect(sandbox.bookingCount()).toBe(0);
});

it('live run fails when its booking cannot be cancelled', async () => {
  const account = sandbox.vendor();
  const base = createBookeoConnector();
  const report = await runConformance({
    connector: {
      ...base,
      cancel: async () => {
        throw new ConnectorError('provider_unavailable', 'Bookeo is down for maintenance.');
      },
    },
    live: {
      vendor: account.vendor,
      credentials: account.credentials,
      allowWrites: true,
      testSession: sandbox.scenario().bookable!,
    },
    only: ['booking.read-back'],
  });

  const result = resultOf(report, 'booking.read-back');
  expect(result.verdict).toBe('failed');
  expect(result.message).toMatch(
    /^Cleaning up after the check failed: Error: cancelling live booking ".+" failed with ConnectorError "provider_unavailable": Bookeo is down for maintenance\.\. Remove what the check left at the provider by hand\.$/,
  );
  expect(report.passed).toBe(false);
});

it('live run cancels its booking after a check timed out', async () => {
  const account = sandbox.vendor();
  const base = createBookeoConnector();
  const before = sandbox.bookingCount();
  const report = await runConformance({
    connector: {
      ...base,
      getBooking: (context) =>
        new Promise((_, reject) => {
          context.signal.addEventListener('abort', () =>
            reject(new ConnectorError('timeout', 'getBooking was aborted.')),
          );
        }),
    },
    live: {
      vendor: account.vendor,
      credentials: account.credentials,
      allowWrites: true,
      testSession: sandbox.scenario().bookable!,
    },
    only: ['booking.read-back'],
    checkTimeoutMs: 2_000,
  });

  expect(resultOf(report, 'booking.read-back').message).toBe(
    'The check did not finish within 2000 ms.',
  );
  expect(sandbox.bookingCount()).toBe(before);
});
