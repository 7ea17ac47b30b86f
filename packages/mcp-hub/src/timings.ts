import { ConnectorError } from '@signupassist/contract';

/** Default time limit of one HTTP request a connector makes, in milliseconds. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Time a connector needs, beyond one request's time limit, to look up a write whose request
 * timed out, in milliseconds. The Bookeo connector waits 0.5 s and then 1.5 s before its two
 * lookups (`RETRY_POLICY.timeoutLookupDelaysMs` in @signupassist/connector-bookeo 0.1), which
 * leaves 3 s for the lookup requests themselves.
 */
export const OUTCOME_LOOKUP_MS = 5_000;

/**
 * Returns the default deadline of one connector operation for a request time limit: two
 * requests at their full limit plus {@link OUTCOME_LOOKUP_MS}. A booking whose request timed
 * out can then still be looked up before the operation is aborted.
 */
export function defaultOperationTimeoutMs(requestTimeoutMs: number): number {
  return 2 * requestTimeoutMs + OUTCOME_LOOKUP_MS;
}

/**
 * Returns the shortest ledger lease that suits an operation deadline: twice the deadline. A
 * booking claim lives for one booking operation plus two ledger writes, and a prepare's key
 * reservation for up to two operations in a row, so neither is taken over while it still runs.
 */
export function minimumLeaseMs(operationTimeoutMs: number): number {
  return 2 * operationTimeoutMs;
}

/**
 * Checks that the operation deadline leaves a connector time to look up a booking whose
 * request timed out. Throws `invalid_request` naming both values otherwise.
 */
export function checkOperationTimeout(requestTimeoutMs: number, operationTimeoutMs: number): void {
  const shortest = requestTimeoutMs + OUTCOME_LOOKUP_MS;
  if (operationTimeoutMs >= shortest) return;
  throw new ConnectorError(
    'invalid_request',
    `operationTimeoutMs (${operationTimeoutMs} ms) must be at least requestTimeoutMs ` +
      `(${requestTimeoutMs} ms) plus ${OUTCOME_LOOKUP_MS} ms, so that a connector can look up ` +
      `a booking whose request timed out. Set operationTimeoutMs to ${shortest} or more, or ` +
      'leave it out to use the default.',
  );
}

/**
 * Checks that the ledger's lease is comfortably longer than a booking operation, so another
 * process cannot take over a claim while its booking still runs. Throws `invalid_request`
 * naming both values and the fix otherwise.
 */
export function checkLease(leaseMs: number, operationTimeoutMs: number): void {
  const shortest = minimumLeaseMs(operationTimeoutMs);
  if (leaseMs >= shortest) return;
  throw new ConnectorError(
    'invalid_request',
    `The ledger's lease (${leaseMs} ms) is too short for the booking operation deadline ` +
      `(${operationTimeoutMs} ms): another process could take over a booking that is still ` +
      `running. Open the ledger with leaseMs of at least ${shortest}, or lower requestTimeoutMs ` +
      'or operationTimeoutMs.',
  );
}
