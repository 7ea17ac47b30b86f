import type { AnyConnector } from '@signupassist/contract';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { startConformanceSandbox as startBookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import type { StartConformanceSandbox } from '@signupassist/contract/testing';
import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';
import { sessionListerConnector } from './broken/session-lister.js';

const CHECK = 'faults.abort-honoured';

async function abortResult(connector: AnyConnector, sandbox: StartConformanceSandbox) {
  const report = await runConformance({ connector, sandbox, only: [CHECK] });
  return report.checks[0]!;
}

describe('faults.abort-honoured', () => {
  it('fails a connector whose Retry-After wait ignores the abort', async () => {
    const broken = sessionListerConnector(tidepoolConnector, { sleepIgnoresAbort: true });
    const result = await abortResult(broken, startTidepoolSandbox);

    expect(result.verdict).toBe('failed');
    expect(result.message).toMatch(
      /^listSessions settled \d+ ms after its signal was aborted while it waited out a 429 with Retry-After: 2; the limit is 100 ms\.$/,
    );
  });

  it('passes the same lister that watches the signal', async () => {
    const result = await abortResult(
      sessionListerConnector(tidepoolConnector),
      startTidepoolSandbox,
    );

    expect(result.message).toBeUndefined();
    expect(result.verdict).toBe('passed');
  });

  it('passes the Bookeo connector', async () => {
    const result = await abortResult(createBookeoConnector(), startBookeoSandbox);

    expect(result.message).toBeUndefined();
    expect(result.verdict).toBe('passed');
  });
});
