import { setTimeout as delay } from 'node:timers/promises';
import type { ConnectorLogger } from '@signupassist/contract';
import {
  abortedError,
  isTransient,
  mapFailure,
  type CampMinderFailure,
  type FailureScope,
} from './errors.js';

/** Numbers of the retry policy, shared by every CampMinder request. */
export const RETRY_POLICY = {
  /** Max times one request is sent, first attempt included. */
  maxAttempts: 3,
  /** Backoff before the second attempt, doubled for each later one (100 ms, 200 ms). */
  baseBackoffMs: 100,
  /** Max `Retry-After` the connector waits out. A longer one fails as `rate_limited`. */
  maxRetryAfterMs: 30_000,
  /** Wait after a 429 that carries no usable `Retry-After`. */
  defaultRetryAfterMs: 1_000,
} as const;

/** Result of one attempt of a request. */
export type AttemptResult<T> = { ok: true; value: T } | { ok: false; failure: CampMinderFailure };

/** Context of the retry loop: the operation's failure scope, signal and logger. */
export interface RetryScope extends FailureScope {
  signal: AbortSignal;
  logger: ConnectorLogger;
  /** Fields every log line carries: vendor, connector, operation, request id. */
  logFields: Record<string, unknown>;
}

/** Max wait a `Retry-After` can report, so a wild value stays a readable number. */
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

function failureReason(failure: CampMinderFailure): string {
  return failure.kind === 'status' ? `HTTP ${failure.status}` : failure.reason;
}

async function waitBeforeRetry(
  scope: RetryScope,
  attempt: number,
  failure: CampMinderFailure,
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
    'Retrying CampMinder request',
  );
  await delay(waitMs, undefined, { signal: scope.signal });
}

/**
 * Runs `attempt` until it succeeds or the retry policy gives up, and maps the last failure to a
 * contract error. Every CampMinder request the connector sends is safe to repeat: reads, and
 * the PATCH that sets an ExternalID to a fixed value. A 429 is retried after its `Retry-After`
 * when that fits the policy, and 5xx, resets and timeouts after a short backoff. An abort of
 * `scope.signal` ends the loop at once, during a wait too.
 */
export async function runWithRetry<T>(
  attempt: () => Promise<AttemptResult<T>>,
  scope: RetryScope,
): Promise<T> {
  try {
    for (let count = 1; ; count += 1) {
      const result = await attempt();
      if (result.ok) return result.value;

      const { failure } = result;
      const last = count >= RETRY_POLICY.maxAttempts;
      if (failure.kind === 'transport' && failure.reason === 'aborted') throw failure.cause;

      if (failure.kind === 'status' && failure.status === 429) {
        const waitMs = failure.retryAfterMs ?? RETRY_POLICY.defaultRetryAfterMs;
        if (last || waitMs > RETRY_POLICY.maxRetryAfterMs) {
          throw mapFailure({ ...failure, retryAfterMs: waitMs }, scope);
        }
        await waitBeforeRetry(scope, count, failure, waitMs);
        continue;
      }

      if (!isTransient(failure) || last) throw mapFailure(failure, scope);
      await waitBeforeRetry(scope, count, failure, backoffMs(count));
    }
  } catch (error) {
    if (!scope.signal.aborted) throw error;
    throw abortedError(scope);
  }
}
