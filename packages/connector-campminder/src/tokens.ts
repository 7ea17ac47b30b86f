import { createHash } from 'node:crypto';
import { campMinderJwtPayloadSchema } from './campminder-api.js';

/** A token is replaced this long before its `exp`, so no request carries one about to expire. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Shortest reuse of a fresh token, for a token whose `exp` is already inside the margin by the
 * connector's clock (a short-lived token or a clock ahead of CampMinder's). Without it every
 * call would fetch a token and run into CampMinder's limit on token requests.
 */
export const MIN_TOKEN_REUSE_MS = 30_000;

// NOTE: CampMinder documents its tokens as JWTs with `exp`. A token without a readable `exp` is
// reused for this long, and a 401 replaces it earlier.
/** Reuse of a token whose expiry cannot be read from it. */
export const UNKNOWN_EXPIRY_REUSE_MS = 10 * 60_000;

/**
 * Pause of token requests after CampMinder responded to one with 429 and no usable `Retry-After`.
 */
export const DEFAULT_TOKEN_PAUSE_MS = 5_000;

/**
 * Thrown by {@link CampMinderTokenCache.access} while token requests for the credentials are
 * paused after a 429, so the caller fails without sending a request.
 */
export class TokenPauseError extends Error {
  constructor(
    /** Time left in the pause, in milliseconds. */
    readonly retryAfterMs: number,
  ) {
    super(`Token requests are paused for ${retryAfterMs} ms after a 429 from CampMinder.`);
    this.name = 'TokenPauseError';
  }
}

/** A CampMinder bearer token with the camps it may read. */
export interface CampMinderAccess {
  token: string;
  clientIds: number[];
  /** Time by the connector's clock after which the token is replaced, in ms since the epoch. */
  refreshAtMs: number;
}

interface PendingFetch {
  promise: Promise<CampMinderAccess>;
  controller: AbortController;
  waiters: number;
}

/**
 * Reads `exp` from a JWT's payload without checking the signature, which only CampMinder can.
 * Returns the expiry in ms since the epoch, or undefined when the token is not a readable JWT.
 */
export function jwtExpiryMs(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const json: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const parsed = campMinderJwtPayloadSchema.safeParse(json);
    return parsed.success && Number.isFinite(parsed.data.exp) ? parsed.data.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Returns when a token fetched at `nowMs` is replaced: 5 minutes before `exp`, within bounds. */
export function refreshTimeMs(token: string, nowMs: number): number {
  const expiry = jwtExpiryMs(token);
  if (expiry === undefined) return nowMs + UNKNOWN_EXPIRY_REUSE_MS;
  return Math.max(expiry - TOKEN_REFRESH_MARGIN_MS, nowMs + MIN_TOKEN_REUSE_MS);
}

/**
 * Returns the cache key of a set of credentials: a SHA-256 of the base URL and both keys, so the
 * cache never stores a key in the clear.
 */
export function credentialCacheKey(
  baseUrl: string,
  apiKey: string,
  subscriptionKey: string,
): string {
  return createHash('sha256')
    .update(`${baseUrl}\u0000${apiKey}\u0000${subscriptionKey}`)
    .digest('base64url');
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, onAbort: () => void) {
  if (signal.aborted) {
    onAbort();
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort();
      reject(signal.reason);
    };
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}

/**
 * Tokens of every vendor a connector serves, keyed by credentials. A token is reused until 5
 * minutes before its `exp`. Concurrent callers that find no usable token share one fetch, so a
 * burst of calls for one vendor makes one token request. The shared fetch runs on its own abort
 * signal, which aborts only when every caller waiting for it has aborted.
 */
export class CampMinderTokenCache {
  readonly #tokens = new Map<string, CampMinderAccess>();
  readonly #pending = new Map<string, PendingFetch>();
  /** End of the pause of token requests per key, in ms since the epoch by the connector's clock. */
  readonly #pausedUntil = new Map<string, number>();

  /**
   * Returns a usable token for `key`, fetching one with `fetch` when none is cached. With
   * `fresh`, a cached token is not used: the call joins a fetch in flight or starts one.
   * Throws {@link TokenPauseError} when a fetch is needed while token requests for `key`
   * are paused.
   */
  async access(
    key: string,
    nowMs: number,
    signal: AbortSignal,
    fetch: (signal: AbortSignal) => Promise<CampMinderAccess>,
    fresh = false,
  ): Promise<CampMinderAccess> {
    const cached = this.#tokens.get(key);
    if (!fresh && cached && cached.refreshAtMs > nowMs) return cached;

    const pausedUntil = this.#pausedUntil.get(key);
    if (pausedUntil !== undefined) {
      if (pausedUntil > nowMs) throw new TokenPauseError(pausedUntil - nowMs);
      this.#pausedUntil.delete(key);
    }

    let pending = this.#pending.get(key);
    // A fetch that every earlier caller abandoned is aborting, so it cannot serve a new caller.
    if (!pending || pending.controller.signal.aborted) pending = this.#startFetch(key, fetch);
    const joined = pending;
    joined.waiters += 1;
    return untilAborted(joined.promise, signal, () => {
      joined.waiters -= 1;
      if (joined.waiters === 0) joined.controller.abort(signal.reason);
    }).finally(() => {
      if (!signal.aborted) joined.waiters -= 1;
    });
  }

  /** Drops the cached token of `key` when it is still `token`, after CampMinder rejected it. */
  invalidate(key: string, token: string): void {
    if (this.#tokens.get(key)?.token === token) this.#tokens.delete(key);
  }

  /**
   * Pauses token requests for `key` until `untilMs` (ms since the epoch by the connector's
   * clock), after CampMinder rate limited them. A later end replaces an earlier one.
   */
  pauseFetches(key: string, untilMs: number): void {
    this.#pausedUntil.set(key, Math.max(untilMs, this.#pausedUntil.get(key) ?? 0));
  }

  /** Removes every token and every pause, for tests and credential rotation. */
  clear(): void {
    this.#tokens.clear();
    this.#pausedUntil.clear();
  }

  #startFetch(
    key: string,
    fetch: (signal: AbortSignal) => Promise<CampMinderAccess>,
  ): PendingFetch {
    const controller = new AbortController();
    const entry: PendingFetch = {
      controller,
      waiters: 0,
      promise: fetch(controller.signal)
        .then((access) => {
          this.#tokens.set(key, access);
          return access;
        })
        .finally(() => {
          if (this.#pending.get(key) === entry) this.#pending.delete(key);
        }),
    };
    // Every waiter receives a failure through its own promise. This handler only keeps an
    // abandoned fetch from reporting an unhandled rejection.
    entry.promise.catch(() => undefined);
    this.#pending.set(key, entry);
    return entry;
  }
}
