import { setTimeout as delay } from 'node:timers/promises';
import type { ConnectorLogger } from '@signupassist/contract';
import {
  abortedError,
  isOutcomeUnknown,
  isTransient,
  mapFailure,
  outcomeUnknownError,
  type BookeoFailure,
  type FailureScope,
} from './errors.js';

/** Numbers of the retry policy, shared by every Bookeo request. */
export const RETRY_POLICY = {
  /** Max times one request is sent, first attempt included. */
  maxAttempts: 3,
  /** Backoff before the second attempt, doubled for each later one (100 ms, 200 ms). */
  baseBackoffMs: 100,
  /** Max `Retry-After` the connector waits out. A longer one fails as `rate_limited`. */
  maxRetryAfterMs: 30_000,
  /** Wait after a 429 that carries no usable `Retry-After`. */
  defaultRetryAfterMs: 1_000,
  /** Waits before each lookup of a booking whose post timed out, which is never posted again. */
  timeoutLookupDelaysMs: [500, 1_500],
} as const;

/**
 * Repeat policy of a request.
 * - `repeatable`: safe to repeat (GET, DELETE). Retries 429, 5xx, resets and timeouts.
 * - `rateLimitOnly`: not safe to repeat blindly (`POST /holds`). Retries 429 only, which Bookeo
 *   sends before it handles the request.
 * - `lookupFirst`: a write whose duplicate can be found (`POST /bookings` with an `externalRef`).
 *   Retries 429. After a 5xx or a reset it runs `lookup` and returns what that finds, or repeats
 *   the request when the lookup finds nothing. After a timeout Bookeo may still be handling the
 *   request, so it is never repeated: `lookup` runs twice more, later, and if it still finds
 *   nothing the outcome is unknown.
 */
export type RetryMode<T> =
  | { kind: 'repeatable' }
  | { kind: 'rateLimitOnly' }
  | { kind: 'lookupFirst'; lookup: () => Promise<T | undefined> };

/** Result of one attempt of a request. */
export type AttemptResult<T> = { ok: true; value: T } | { ok: false; failure: BookeoFailure };

/** Context of the retry loop: the operation's failure scope, signal, logger and clock. */
export interface RetryScope extends FailureScope {
  signal: AbortSignal;
  logger: ConnectorLogger;
  /** Fields every log line carries: vendor, connector, operation, request id. */
  logFields: Record<string, unknown>;
  now(): Date;
}

/** Maximum wait a `Retry-After` can report, so a wild value stays a readable number. */
const MAX_REPORTED_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Reads a `Retry-After` header, given either as delay seconds or as an HTTP date (RFC 9110,
 * which always ends in "GMT"). Returns the wait in milliseconds, at most one day, or undefined
 * when the header is absent or unreadable, so that "-5" or "1,2" fall back to the default
 * wait instead of none.
 */
export function parseRetryAfter(header: string | undefined, now: Date): number | undefined {
  const text = header?.trim();
  if (!text) return undefined;

  if (/^\d+(\.\d+)?$/.test(text)) {
    return Math.min(Math.round(Number(text) * 1000), MAX_REPORTED_RETRY_AFTER_MS);
  }
  if (!/GMT$/.test(text)) return undefined;

  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now.getTime()), MAX_REPORTED_RETRY_AFTER_MS);
}

/**
 * Returns the backoff before attempt `attempt + 1`: the base doubled per attempt, with the
 * lower half drawn at random so that many clients do not retry in step.
 */
export function backoffMs(attempt: number): number {
  const full = RETRY_POLICY.baseBackoffMs * 2 ** (attempt - 1);
  return Math.round(full / 2 + (Math.random() * full) / 2);
}

/** Waits `ms` milliseconds, or rejects as soon as `signal` aborts. */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal });
}

function failureReason(failure: BookeoFailure): string {
  return failure.kind === 'status' ? `HTTP ${failure.status}` : failure.reason;
}

async function waitBeforeRetry(
  scope: RetryScope,
  attempt: number,
  failure: BookeoFailure,
  waitMs: number,
): Promise<void> {
  scope.logger.warn(
    {
      ...scope.logFields,
      endpoint: scope.endpoint,
      attempt,
      reason: failureReason(failure),
      delayMs: waitMs,
    },
    'Retrying Bookeo request',
  );
  await sleep(waitMs, scope.signal);
}

/**
 * Runs `attempt` until it succeeds or the retry policy gives up, and maps the last failure to a
 * contract error. An abort of `scope.signal` ends the loop at once, during a wait too.
 */
export async function runWithRetry<T>(
  attempt: () => Promise<AttemptResult<T>>,
  mode: RetryMode<T>,
  scope: RetryScope,
): Promise<T> {
  // True while a write may have reached Bookeo without a known result.
  let unsettled = false;
  try {
    for (let count = 1; ; count += 1) {
      unsettled = mode.kind === 'lookupFirst';
      const result = await attempt();
      if (result.ok) return result.value;

      const { failure } = result;
      const last = count >= RETRY_POLICY.maxAttempts;
      if (failure.kind === 'transport' && failure.reason === 'aborted') throw failure.cause;
      unsettled = mode.kind === 'lookupFirst' && isOutcomeUnknown(failure);

      if (failure.kind === 'status' && failure.status === 429) {
        const waitMs = failure.retryAfterMs ?? RETRY_POLICY.defaultRetryAfterMs;
        if (last || waitMs > RETRY_POLICY.maxRetryAfterMs) {
          throw mapFailure({ ...failure, retryAfterMs: waitMs }, scope);
        }
        await waitBeforeRetry(scope, count, failure, waitMs);
        continue;
      }

      if (!isTransient(failure) || mode.kind === 'rateLimitOnly') throw mapFailure(failure, scope);

      if (mode.kind === 'lookupFirst' && unsettled) {
        const found = await settleUnknownOutcome(mode.lookup, scope, failure, count);
        if (found !== undefined) return found;
        continue;
      }

      if (last) throw mapFailure(failure, scope);
      await waitBeforeRetry(scope, count, failure, backoffMs(count));
    }
  } catch (error) {
    if (!scope.signal.aborted) throw error;
    throw unsettled ? outcomeUnknownError(scope) : abortedError(scope);
  }
}

/**
 * Looks up a write whose outcome is unknown. Returns what the lookup finds, or undefined when
 * the request may be sent again. Throws `outcome_unknown` when it may not.
 */
async function settleUnknownOutcome<T>(
  lookup: () => Promise<T | undefined>,
  scope: RetryScope,
  failure: BookeoFailure,
  count: number,
): Promise<T | undefined> {
  if (failure.kind === 'transport' && failure.reason === 'timeout') {
    for (const waitMs of RETRY_POLICY.timeoutLookupDelaysMs) {
      scope.logger.warn(
        {
          ...scope.logFields,
          endpoint: scope.endpoint,
          attempt: count,
          reason: 'timeout',
          delayMs: waitMs,
        },
        'Looking up a Bookeo booking whose request timed out',
      );
      await sleep(waitMs, scope.signal);
      const found = await lookUp(lookup, scope);
      if (found !== undefined) return found;
    }
    throw outcomeUnknownError(scope);
  }

  const last = count >= RETRY_POLICY.maxAttempts;
  // Waiting before the lookup gives a booking that Bookeo is still saving time to appear.
  if (!last) await waitBeforeRetry(scope, count, failure, backoffMs(count));
  const found = await lookUp(lookup, scope);
  if (found !== undefined || !last) return found;
  throw outcomeUnknownError(scope);
}

async function lookUp<T>(lookup: () => Promise<T | undefined>, scope: RetryScope) {
  try {
    return await lookup();
  } catch (error) {
    if (scope.signal.aborted) throw error;
    scope.logger.warn(
      { ...scope.logFields, endpoint: scope.endpoint, code: codeOf(error) },
      'Bookeo booking lookup failed after an unknown outcome',
    );
    throw outcomeUnknownError(scope, error);
  }
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}
