import type { AnyConnector } from '@signupassist/contract';
import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { expect, it } from 'vitest';
import { runConformance } from '../src/index.js';
import { concurrentDoubleBookingConnector } from './broken/concurrent-double-booking.js';

it('concurrent double booking names the extra bookings', async () => {
  const report = await runConformance({
    connector: concurrentDoubleBookingConnector(tidepoolConnector as AnyConnector),
    sandbox: startTidepoolSandbox,
    only: ['idempotency.replay-no-second-booking', 'idempotency.concurrent-one-booking'],
  });
  const [replay, concurrent] = report.checks;

  expect(replay?.verdict).toBe('passed');
  expect(concurrent?.verdict).toBe('failed');
  expect(concurrent?.message).toMatch(
    /^The provider holds \d+ bookings for session "ses_guppy_1" after 10 concurrent calls with one key; expected 1\.$/,
  );
});
