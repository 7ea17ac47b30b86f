import { describeConformance } from '@signupassist/conformance-kit/vitest';
import { tidepoolConnector } from '../src/index.js';
import { startConformanceSandbox } from '../src/sandbox.js';

// One vitest test per conformance check, run against a fresh Tidepool sandbox. Level `full`
// books, reads back, cancels and replays bookings, and injects rate limits and lost responses.
describeConformance({
  connector: tidepoolConnector,
  sandbox: startConformanceSandbox,
  level: 'full',
});
