import { isConnectorError } from '@signupassist/contract';
import { request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import {
  CAMPMINDER_LIMITS,
  CAMPMINDER_PATHS,
  campMinderPage,
  campMinderTokenSchema,
  parseClientIds,
} from './campminder-api.js';
import type { CampMinderConfig, CampMinderCredentials } from './config.js';
import { readConfig, readCredentials, type CampMinderContext } from './context.js';
import {
  abortedError,
  errorForVendor,
  malformedPayloadError,
  mapFailure,
  tokenPauseError,
  type CampMinderFailure,
  type FailureScope,
  type TransportFailureReason,
} from './errors.js';
import { parseRetryAfter, runWithRetry, type AttemptResult } from './retry.js';
import {
  credentialCacheKey,
  DEFAULT_TOKEN_PAUSE_MS,
  refreshTimeMs,
  TokenPauseError,
  type CampMinderAccess,
  type CampMinderTokenCache,
} from './tokens.js';

/** Value of a query parameter. An undefined value leaves the parameter out. */
type QueryValue = string | number | boolean | undefined;

/** One CampMinder API call. */
export interface CampMinderRequest<T> {
  method: 'GET' | 'PATCH';
  /** Path below the base URL, with ids already encoded, e.g. `/persons/42`. */
  path: string;
  /** Method and path template for logs and messages, e.g. `PATCH /persons/{id}`. */
  endpoint: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Schema of a successful response body, absent when the response has none (204). */
  schema?: z.ZodType<T>;
}

/** Time limit of one request when the host sets none, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Longest request time limit, 2^31 - 1 ms (about 24.8 days), the longest delay of a Node.js
 * timer. A longer one, such as `Infinity` for no limit, is cut to it, because
 * `AbortSignal.timeout` throws a RangeError for a delay that is not an integer or exceeds
 * 2^32 - 1.
 */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Max pages the client reads in one list before it reports a broken pagination. */
export const MAX_PAGES = 100;

const REFUSED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return errorCode((error as { cause?: unknown }).cause);
}

type Headers = Record<string, string>;

/**
 * CampMinder API client for one connector operation. It authenticates with a token from the
 * connector's shared cache, replaces a token CampMinder rejects once, applies the per-request
 * time limit together with the operation's abort signal, retries by the retry policy and
 * parses every response body with its schema.
 */
export class CampMinderClient {
  readonly config: CampMinderConfig;
  readonly #credentials: CampMinderCredentials;
  readonly #tokens: CampMinderTokenCache;
  readonly #cacheKey: string;
  readonly #logFields: Record<string, unknown>;

  constructor(
    readonly context: CampMinderContext,
    readonly operation: string,
    tokens: CampMinderTokenCache,
  ) {
    this.config = readConfig(context);
    this.#credentials = readCredentials(context);
    this.#tokens = tokens;
    this.#cacheKey = credentialCacheKey(
      this.config.baseUrl,
      this.#credentials.apiKey,
      this.#credentials.subscriptionKey,
    );
    this.#logFields = {
      vendor: context.vendor.id,
      connector: 'campminder',
      operation,
      requestId: context.requestId,
    };
  }

  /** Fields every log line of this operation carries. */
  get logFields(): Record<string, unknown> {
    return this.#logFields;
  }

  /** Builds the failure scope of a request of this operation. */
  failureScope(endpoint: string): FailureScope {
    return {
      endpoint,
      vendorId: this.context.vendor.id,
      vendorName: this.context.vendor.displayName,
      host: new URL(this.config.baseUrl).host,
      clientId: this.config.clientId,
    };
  }

  /**
   * Returns a token for the vendor's credentials: the cached one while it is usable, else one
   * fetch shared with every concurrent caller. `fresh` skips the cached token. An error of a
   * shared fetch names this client's vendor, and an abort of this operation is its contract
   * error. While token requests are paused after a 429, a call that needs a token fails as
   * `rate_limited` without a request.
   */
  async access(fresh = false): Promise<CampMinderAccess> {
    try {
      return await this.#tokens.access(
        this.#cacheKey,
        this.context.clock.now().getTime(),
        this.context.signal,
        (signal) => this.#fetchToken(signal),
        fresh,
      );
    } catch (error) {
      const scope = this.failureScope(`GET ${CAMPMINDER_PATHS.token}`);
      if (this.context.signal.aborted) throw abortedError(scope);
      if (error instanceof TokenPauseError) throw tokenPauseError(scope, error.retryAfterMs);
      // The fetch may be shared with another vendor that has the same keys.
      throw errorForVendor(error, scope);
    }
  }

  /**
   * Sends an authenticated request, with retries, and returns its parsed response body. A 401
   * replaces the token and repeats the request once, and a second 401 is `auth_failed`.
   */
  async send<T>(spec: CampMinderRequest<T>): Promise<T> {
    let access = await this.#awaitAccess(spec.endpoint, () => this.access());
    let replaced = false;
    let attempt = 0;

    const tryOnce = async (): Promise<AttemptResult<T>> => {
      attempt += 1;
      const result = await this.#attempt(spec, this.#bearerHeaders(access.token), attempt);
      if (result.ok || replaced || !isUnauthorized(result.failure)) return result;

      replaced = true;
      this.context.logger.info(
        { ...this.#logFields, endpoint: spec.endpoint },
        'CampMinder rejected the cached token; fetching a new one',
      );
      this.#tokens.invalidate(this.#cacheKey, access.token);
      access = await this.#awaitAccess(spec.endpoint, () => this.access());
      return this.#attempt(spec, this.#bearerHeaders(access.token), attempt);
    };
    return runWithRetry(tryOnce, this.#retryScope(this.failureScope(spec.endpoint)));
  }

  /**
   * Reads every page of a CampMinder list by raising `pagenumber` from 1 until `Next` is null.
   * The `Next` URL itself is never requested, so a list cannot lead the client to another host.
   */
  async sendForAllPages<Item>(
    spec: Omit<CampMinderRequest<unknown>, 'schema' | 'method'>,
    itemSchema: z.ZodType<Item>,
  ): Promise<Item[]> {
    const pageSchema = campMinderPage(itemSchema) as unknown as z.ZodType<{
      Next?: string | null;
      Results: Item[];
    }>;
    const items: Item[] = [];
    for (let pageNumber = 1; ; pageNumber += 1) {
      if (pageNumber > MAX_PAGES) {
        throw malformedPayloadError(
          this.failureScope(spec.endpoint),
          `the list did not end after ${MAX_PAGES} pages`,
        );
      }
      const page = await this.send({
        ...spec,
        method: 'GET',
        query: { ...spec.query, pagenumber: pageNumber, pagesize: CAMPMINDER_LIMITS.maxPageSize },
        schema: pageSchema,
      });
      items.push(...page.Results);
      if (page.Next === null || page.Next === undefined || page.Next === '') return items;
      if (page.Results.length === 0) {
        throw malformedPayloadError(
          this.failureScope(spec.endpoint),
          `field "Next" names a further page after the empty page ${pageNumber}`,
        );
      }
    }
  }

  #retryScope(scope: FailureScope) {
    return {
      ...scope,
      signal: this.context.signal,
      logger: this.context.logger,
      logFields: this.#logFields,
    };
  }

  /** Waits for a token, turning an abort of this operation into its contract error. */
  async #awaitAccess(
    endpoint: string,
    get: () => Promise<CampMinderAccess>,
  ): Promise<CampMinderAccess> {
    try {
      return await get();
    } catch (error) {
      if (this.context.signal.aborted) throw abortedError(this.failureScope(endpoint));
      throw error;
    }
  }

  /**
   * Requests a token with the API key; runs on the shared fetch's own signal. When CampMinder
   * still returns 429 after the retries, token requests for these credentials pause for the
   * last `Retry-After`, or {@link DEFAULT_TOKEN_PAUSE_MS} without one, because CampMinder
   * counts every token request against its limit.
   */
  async #fetchToken(signal: AbortSignal): Promise<CampMinderAccess> {
    const endpoint = `GET ${CAMPMINDER_PATHS.token}`;
    const scope = { ...this.failureScope(endpoint), auth: true };
    const headers = {
      authorization: this.#credentials.apiKey,
      'ocp-apim-subscription-key': this.#credentials.subscriptionKey,
    };
    const spec = {
      method: 'GET' as const,
      path: CAMPMINDER_PATHS.token,
      endpoint,
      schema: campMinderTokenSchema,
    };
    let attempt = 0;
    let lastRetryAfterMs: number | undefined;
    const tryOnce = async () => {
      const result = await this.#attempt(spec, headers, (attempt += 1), signal);
      if (!result.ok && result.failure.kind === 'status' && result.failure.status === 429) {
        lastRetryAfterMs = result.failure.retryAfterMs;
      }
      return result;
    };
    const response = await runWithRetry(tryOnce, { ...this.#retryScope(scope), signal }).catch(
      (error: unknown) => {
        if (!isRateLimited(error)) throw error;
        throw this.#pauseTokenFetches(scope, lastRetryAfterMs ?? DEFAULT_TOKEN_PAUSE_MS);
      },
    );

    const clientIds = parseClientIds(response.ClientIDs);
    const nowMs = this.context.clock.now().getTime();
    this.context.logger.info(
      { ...this.#logFields, clients: clientIds.length },
      'CampMinder token fetched',
    );
    return { token: response.Token, clientIds, refreshAtMs: refreshTimeMs(response.Token, nowMs) };
  }

  /** Pauses token requests for this client's credentials and returns the error to throw. */
  #pauseTokenFetches(scope: FailureScope, pauseMs: number): Error {
    const nowMs = this.context.clock.now().getTime();
    this.#tokens.pauseFetches(this.#cacheKey, nowMs + pauseMs);
    this.context.logger.warn(
      { ...this.#logFields, endpoint: scope.endpoint, retryAfterMs: pauseMs },
      'Pausing CampMinder token requests after a 429',
    );
    return mapFailure({ kind: 'status', status: 429, retryAfterMs: pauseMs }, scope);
  }

  #bearerHeaders(token: string): Headers {
    return {
      authorization: `Bearer ${token}`,
      'ocp-apim-subscription-key': this.#credentials.subscriptionKey,
    };
  }

  #url(spec: CampMinderRequest<unknown>): URL {
    const base = this.config.baseUrl.replace(/\/+$/, '');
    const url = new URL(`${base}${spec.path}`);
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url;
  }

  async #attempt<T>(
    spec: CampMinderRequest<T>,
    headers: Headers,
    attempt: number,
    operationSignal: AbortSignal = this.context.signal,
  ): Promise<AttemptResult<T>> {
    const timeout = AbortSignal.timeout(this.#timeoutMs());
    const signal = AbortSignal.any([operationSignal, timeout]);
    const started = performance.now();
    let status: number;
    let retryAfter: string | string[] | undefined;
    let text: string;

    try {
      const response = await request(this.#url(spec), {
        method: spec.method,
        headers: {
          accept: 'application/json',
          ...(spec.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: spec.body === undefined ? null : JSON.stringify(spec.body),
        signal,
        dispatcher: this.context.http?.dispatcher as Dispatcher | undefined,
      });
      status = response.statusCode;
      retryAfter = response.headers['retry-after'];
      text = await response.body.text();
    } catch (error) {
      const reason = this.#transportReason(error, timeout, operationSignal);
      this.context.logger.debug(
        { ...this.#logFields, endpoint: spec.endpoint, attempt, reason },
        'CampMinder request failed before a response',
      );
      return { ok: false, failure: { kind: 'transport', reason, cause: error } };
    }

    this.context.logger.debug(
      {
        ...this.#logFields,
        endpoint: spec.endpoint,
        attempt,
        status,
        durationMs: Math.round(performance.now() - started),
      },
      'CampMinder request finished',
    );
    if (status >= 200 && status < 300) return this.#parseSuccess(spec, text);
    return { ok: false, failure: this.#statusFailure(status, retryAfter) };
  }

  #timeoutMs(): number {
    const timeoutMs = this.context.http?.timeoutMs;
    if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs <= 0) {
      return DEFAULT_TIMEOUT_MS;
    }
    return Math.min(Math.ceil(timeoutMs), MAX_TIMEOUT_MS);
  }

  #transportReason(
    error: unknown,
    timeout: AbortSignal,
    operationSignal: AbortSignal,
  ): TransportFailureReason {
    if (operationSignal.aborted) return 'aborted';
    if (timeout.aborted) return 'timeout';
    const code = errorCode(error);
    if (code !== undefined && REFUSED_CODES.has(code)) return 'refused';
    // An unrecognised transport error is treated as a reset, which is safe because every
    // request the connector sends may be repeated.
    return 'reset';
  }

  #statusFailure(status: number, header: string | string[] | undefined): CampMinderFailure {
    // The error body is not read, because its message may echo request data and the status
    // is enough to map the failure.
    const retryAfterMs = parseRetryAfter(
      Array.isArray(header) ? header[0] : header,
      this.context.clock.now(),
    );
    return { kind: 'status', status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }

  #parseSuccess<T>(spec: CampMinderRequest<T>, text: string): AttemptResult<T> {
    if (!spec.schema) return { ok: true, value: undefined as T };

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw malformedPayloadError(this.failureScope(spec.endpoint), 'the body is not JSON');
    }
    const parsed = spec.schema.safeParse(json);
    if (!parsed.success)
      throw malformedPayloadError(this.failureScope(spec.endpoint), parsed.error);
    return { ok: true, value: parsed.data };
  }
}

function isRateLimited(error: unknown): boolean {
  return isConnectorError(error) && error.code === 'rate_limited';
}

function isUnauthorized(failure: CampMinderFailure): boolean {
  return failure.kind === 'status' && failure.status === 401;
}
