import type { AnyConnector } from '@signupassist/contract';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { startConformanceSandbox as startBookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import type { StartConformanceSandbox } from '@signupassist/contract/testing';
import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';
import { unboundedWaitConnector } from './broken/unbounded-wait.js';

const CHECK = 'faults.rate-limit-bounded';

async function boundedResult(connector: AnyConnector, sandbox: StartConformanceSandbox) {
  const report = await runConformance({ connector, sandbox, only: [CHECK] });
  return report.checks[0]!;
}

describe('faults.rate-limit-bounded', () => {
  it('fails a connector unbounded when Retry-After is not zero', async () => {
    const result = await boundedResult(
      unboundedWaitConnector(tidepoolConnector as AnyConnector),
      startTidepoolSandbox,
    );

    expect(result.verdict).toBe('failed');
    expect(result.message).toMatch(
      /^listSessions sent 11 requests while every response was a 429 with Retry-After: 1; at most 10 are allowed\.$/,
    );
  });

  it('passes the Tidepool connector', async () => {
    const result = await boundedResult(tidepoolConnector as AnyConnector, startTidepoolSandbox);

    expect(result.message).toBeUndefined();
    expect(result.verdict).toBe('passed');
  });

  it('passes the Bookeo connector', async () => {
    const result = await boundedResult(createBookeoConnector(), startBookeoSandbox);

    expect(result.message).toBeUndefined();
    expect(result.verdict).toBe('passed');
  });
});
