import type { AnyConnector } from '@signupassist/contract';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { startConformanceSandbox as startBookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import type { StartConformanceSandbox } from '@signupassist/contract/testing';
import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';
import { sessionListerConnector } from './broken/session-lister.js';

const CHECK = 'faults.server-error-read-retried';

async function serverErrorResult(connector: AnyConnector, sandbox: StartConformanceSandbox) {
  const report = await runConformance({ connector, sandbox, only: [CHECK] });
  return report.checks[0]!;
}

describe('faults.server-error-read-retried', () => {
  it('fails a read retried without limit under constant 5xx', async () => {
    const broken = sessionListerConnector(tidepoolConnector, {
      unboundedServerErrorRetries: true,
    });
    const result = await serverErrorResult(broken, startTidepoolSandbox);

    expect(result.verdict).toBe('failed');
    expect(result.message).toMatch(
      /^listSessions sent 1\d requests while every response was a 503; at most 10 are allowed\.$/,
    );
  });

  it('passes the Tidepool connector', async () => {
    const result = await serverErrorResult(tidepoolConnector, startTidepoolSandbox);

    expect(result.message).toBeUndefined();
    expect(result.verdict).toBe('passed');
  });

  it('passes the Bookeo connector', async () => {
    const result = await serverErrorResult(createBookeoConnector(), startBookeoSandbox);

    expect(result.message).toBeUndefined();
    expect(result.verdict).toBe('passed');
  });
});
