import { isConnectorError, type ConnectorErrorCode } from '@signupassist/contract';
import type { ConformanceFault } from '@signupassist/contract/testing';
import type { CheckContext } from '../check-context.js';
import { ensure, fail } from '../check.js';
import { describeError } from '../errors-text.js';
import { expectFaultFired } from './fault-evidence.js';
import { listReadSessions } from './fault-steps.js';

/** Returns the HTTP status of an injected fault's response, or undefined for other faults. */
function faultStatus(fault: ConformanceFault): number | undefined {
  if (fault.kind === 'rateLimit') return 429;
  if (fault.kind === 'serverError') return fault.status ?? 503;
  return undefined;
}

/** Max requests one operation may send while every response is a failure. */
export const MAX_FAILED_REQUESTS = 10;

/**
 * Lists sessions while `fault` fails every request, and fails unless the connector gives up
 * with a ConnectorError of `code` within {@link MAX_FAILED_REQUESTS} requests. A connector that
 * goes past the limit is aborted at once, so a slow unbounded loop fails fast. `situation`
 * describes the fault for messages.
 */
export async function expectGivesUp(
  context: CheckContext,
  fault: ConformanceFault,
  situation: string,
  code: ConnectorErrorCode,
): Promise<void> {
  const sandbox = context.sandbox();
  sandbox.clearFaults();
  const firstRequest = sandbox.requests().length;
  const sent = () => sandbox.requests().length - firstRequest;
  sandbox.injectFault(fault);

  const controller = new AbortController();
  let settled = false;
  const pending = listReadSessions(context, controller.signal).finally(() => {
    settled = true;
  });
  while (!settled && sent() <= MAX_FAILED_REQUESTS) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  if (!settled) controller.abort(new Error('too many requests under constant failures'));
  ensure(
    sent() <= MAX_FAILED_REQUESTS,
    `listSessions sent ${sent()} requests ${situation}; at most ${MAX_FAILED_REQUESTS} are ` +
      'allowed.',
  );

  const outcome = await pending;
  const status = faultStatus(fault);
  if (status !== undefined) {
    expectFaultFired(
      sandbox.requests().slice(firstRequest),
      (request) => request.status === status,
      'listSessions',
      `${fault.kind} (${status})`,
    );
  }
  if (outcome.ok) fail(`listSessions returned data ${situation}.`);
  ensure(
    isConnectorError(outcome.error) && outcome.error.code === code,
    `listSessions failed with ${describeError(outcome.error)} ${situation}; expected ` +
      `ConnectorError "${code}".`,
  );
}
