import { isConnectorError } from '@signupassist/contract';
import type { ConformanceFault, SandboxRequest } from '@signupassist/contract/testing';
import type { CheckContext } from '../check-context.js';
import { ensure, skip, type ConformanceCheck } from '../check.js';
import { describeError } from '../errors-text.js';
import { listReadSessions } from './fault-steps.js';

/** Max time from abort to the operation settling, in milliseconds. */
export const ABORT_LIMIT_MS = 100;

/** Latency injected before the abort, longer than the abort takes to be seen. */
const ABORT_LATENCY_MS = 2_000;

/** `Retry-After` of the 429 the connector is waiting out when it is aborted, in seconds. */
const ABORT_RETRY_AFTER_SECONDS = 2;

/** A point to abort at: the fault that keeps the operation waiting, and how to detect the wait. */
interface AbortCase {
  fault: ConformanceFault;
  /** Tells from the requests the sandbox received whether the operation is waiting now. */
  isWaiting(requests: SandboxRequest[]): boolean;
  /** Phrase naming what the operation was doing when aborted, for messages. */
  during: string;
  /**
   * Pause between `isWaiting` holding and the abort. A sandbox logs a response's status as it
   * starts sending it, so the abort could reach the connector while the 429 is still on its
   * way. A connector that ignores the abort in its wait would then pass.
   */
  graceMs?: number;
}

const ABORT_CASES: AbortCase[] = [
  {
    fault: { kind: 'latency', ms: ABORT_LATENCY_MS },
    isWaiting: (requests) => requests.length > 0,
    during: 'during a provider request',
  },
  {
    fault: { kind: 'rateLimit', retryAfterSeconds: ABORT_RETRY_AFTER_SECONDS },
    isWaiting: (requests) => requests.some((request) => request.status === 429),
    during: `while it waited out a 429 with Retry-After: ${ABORT_RETRY_AFTER_SECONDS}`,
    graceMs: 200,
  },
];

/** Lists sessions, aborts once the case's fault keeps the operation waiting, and checks how it settles. */
async function expectAbortSettles(context: CheckContext, abortCase: AbortCase): Promise<void> {
  const sandbox = context.sandbox();
  sandbox.clearFaults();
  const firstRequest = sandbox.requests().length;
  const received = () => sandbox.requests().slice(firstRequest);
  sandbox.injectFault(abortCase.fault);
  const controller = new AbortController();

  let settledAt: number | undefined;
  const pending = listReadSessions(context, controller.signal).then((outcome) => {
    settledAt = performance.now();
    return outcome;
  });
  const deadline = performance.now() + ABORT_LATENCY_MS;
  while (
    !abortCase.isWaiting(received()) &&
    settledAt === undefined &&
    performance.now() < deadline
  ) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  if (!abortCase.isWaiting(received())) {
    skip(`listSessions was never waiting ${abortCase.during}, so there was nothing to abort`);
  }
  if (abortCase.graceMs !== undefined && settledAt === undefined) {
    await new Promise((resolve) => setTimeout(resolve, abortCase.graceMs));
  }

  const abortedAt = performance.now();
  controller.abort(new Error('aborted by the conformance kit'));
  const outcome = await pending;
  const tookMs = Math.round((settledAt ?? performance.now()) - abortedAt);

  ensure(
    !outcome.ok,
    `listSessions returned data after its signal was aborted ${abortCase.during}.`,
  );
  ensure(
    tookMs <= ABORT_LIMIT_MS,
    `listSessions settled ${tookMs} ms after its signal was aborted ${abortCase.during}; the ` +
      `limit is ${ABORT_LIMIT_MS} ms.`,
  );
  ensure(
    isConnectorError(outcome.error),
    `listSessions rejected with ${describeError(outcome.error)} after an abort ` +
      `${abortCase.during}; expected a ConnectorError.`,
  );
}

/** The check that an abort ends an operation at once, in a request and in a wait. */
export const abortCheck: ConformanceCheck = {
  id: 'faults.abort-honoured',
  title: `An aborted operation settles within ${ABORT_LIMIT_MS} ms with a ConnectorError`,
  level: 'catalog',
  writes: false,
  needsSandbox: true,
  async run(context) {
    for (const abortCase of ABORT_CASES) await expectAbortSettles(context, abortCase);
  },
};
