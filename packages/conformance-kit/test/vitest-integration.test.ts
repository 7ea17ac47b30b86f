import { ConnectorError } from '@signupassist/contract';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { describe, expect, it } from 'vitest';
import { describeConformance } from '../src/vitest.js';
import { alteredBookeo, startSandbox } from './runner-support.js';

// A Bookeo connector that declares a waiting list, which the kit cannot certify, and answers
// listSessions without a provider request, so that the abort check has no wait to abort. The
// suite below holds a pass, an expected failure and a skip.
const waitlisted = alteredBookeo((base) => ({
  manifest: {
    ...base.manifest,
    capabilities: { ...base.manifest.capabilities, waitlist: 'native' },
  },
  joinWaitlist: async () => {
    throw new ConnectorError('unsupported', 'No waiting list.');
  },
  listSessions: async () => [],
}));

describeConformance({
  name: 'describeConformance on an altered Bookeo',
  connector: waitlisted,
  sandbox: () => startSandbox(),
  only: ['manifest.valid', 'capabilities.waitlist', 'faults.abort-honoured'],
  baseline: {
    expectedFailures: [{ check: 'capabilities.waitlist', reason: 'no waitlist check yet' }],
  },
});

describe('describeConformance input', () => {
  it('rejects an unknown baseline id', () => {
    expect(() =>
      describeConformance({
        connector: createBookeoConnector(),
        sandbox: () => startSandbox(),
        baseline: { expectedFailures: [{ check: 'booking.nope', reason: 'typo' }] },
      }),
    ).toThrow(/unknown check "booking.nope"/);
  });

  it('rejects a level above the manifest', () => {
    const handoff = alteredBookeo((base) => ({
      manifest: {
        ...base.manifest,
        capabilities: { ...base.manifest.capabilities, book: 'handoff' },
      },
    }));

    expect(() =>
      describeConformance({ connector: handoff, sandbox: () => startSandbox(), level: 'full' }),
    ).toThrow(/allows "handoff" at most/);
  });
});
