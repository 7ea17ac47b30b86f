import { describeConformance } from '@signupassist/conformance-kit/vitest';
import { createBookeoConnector } from '../src/index.js';
import { startConformanceSandbox } from '../src/sandbox/index.js';

// Bookeo certifies at level `full` with no expected failures. Run it alone with
// `npx nx run connector-bookeo:conformance`.
describeConformance({
  connector: createBookeoConnector(),
  sandbox: startConformanceSandbox,
  level: 'full',
  baseline: { expectedFailures: [] },
});
