import { describeConformance } from '@signupassist/conformance-kit/vitest';
import { tidepoolConnector } from '../src/index.js';
import { startConformanceSandbox } from '../src/sandbox.js';

// One vitest test per conformance check, against one Tidepool sandbox that the kit resets
// before each check. Level `full` books, reads back, cancels and replays bookings, and injects
// rate limits and lost responses.
describeConformance({
  connector: tidepoolConnector,
  sandbox: startConformanceSandbox,
  level: 'full',
});
