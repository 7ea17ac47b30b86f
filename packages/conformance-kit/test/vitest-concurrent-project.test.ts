import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { describe } from 'vitest';
import { describeConformance } from '../src/vitest.js';

// A project may run its tests concurrently and shuffled (`sequence.concurrent`,
// `sequence.shuffle`), which nested suites inherit. The conformance checks share one sandbox
// and reset it before each, so run concurrently a correct connector failed checks such as
// booking.read-back. Each check below passes only when the suite runs them one at a time.
describe('project running tests concurrently', { concurrent: true, shuffle: true }, () => {
  describeConformance({
    connector: tidepoolConnector,
    sandbox: startTidepoolSandbox,
    only: [
      'booking.read-back',
      'idempotency.concurrent-one-booking',
      'cancel.returns-seat',
      'cancel.twice-safe',
      'faults.rate-limit-retry-after',
      'faults.lost-response-one-booking',
    ],
  });
});
