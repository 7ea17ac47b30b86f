import type { ConformanceSandbox } from '@signupassist/contract/testing';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
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
