import type { Logger } from 'pino';

/** Time limit of the storage query of `GET /healthz`, in milliseconds. */
export const HEALTH_QUERY_TIMEOUT_MS = 2_000;

/** Minimum time between two log lines about failing health checks, in milliseconds. */
const FAILURE_LOG_INTERVAL_MS = 60_000;

/** A failed health check, with a reason that is safe to show to anyone who can reach the port. */
export class HealthCheckError extends Error {
  override readonly name = 'HealthCheckError';
}

/** Options of {@link createHealthCheck}. */
export interface HealthCheckOptions {
  /** A cheap storage query, such as reading the vendor change stamp. */
  probeStorage: () => Promise<unknown>;
  /** Fields added to the body of a healthy response. */
  details: () => Promise<Record<string, unknown>>;
  logger: Logger;
  timeoutMs?: number;
  /** Milliseconds since the epoch; `Date.now` when absent. */
  now?: () => number;
}

/**
 * Builds the body of `GET /healthz`: it runs the storage query with a time limit and raises a
 * {@link HealthCheckError} when the query fails or times out. Failures are logged with the
 * error at most once a minute, with the count of those not logged, and a recovery once.
 */
export function createHealthCheck(
  options: HealthCheckOptions,
): () => Promise<Record<string, unknown>> {
  const timeoutMs = options.timeoutMs ?? HEALTH_QUERY_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  let lastLoggedAt: number | undefined;
  let unlogged = 0;
  let failing = false;

  const logFailure = (error: unknown, reason: string) => {
    failing = true;
    const at = now();
    if (lastLoggedAt !== undefined && at - lastLoggedAt < FAILURE_LOG_INTERVAL_MS) {
      unlogged += 1;
      return;
    }
    options.logger.error(
      { err: error, reason, failuresNotLogged: unlogged },
      'Health check failed: storage is unavailable',
    );
    lastLoggedAt = at;
    unlogged = 0;
  };

  return async () => {
    try {
      await withTimeout(options.probeStorage(), timeoutMs);
    } catch (error) {
      const reason =
        error instanceof HealthCheckError
          ? error.message
          : 'The storage query failed; the server log has the details.';
      logFailure(error, reason);
      throw new HealthCheckError(reason, { cause: error });
    }
    if (failing) {
      options.logger.info('Health check passed again: storage is available');
      failing = false;
      lastLoggedAt = undefined;
      unlogged = 0;
    }
    return options.details();
  };
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new HealthCheckError(`The storage query timed out after ${timeoutMs} ms.`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
