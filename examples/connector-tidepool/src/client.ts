import { setTimeout as delay } from 'node:timers/promises';
import { ConnectorError, type ConnectorContext } from '@signupassist/contract';
import type { z } from 'zod';
import { tidepoolErrorSchema, tidepoolPage } from './api.js';
import {
  TidepoolConfigSchema,
  TidepoolCredentialsSchema,
  type TidepoolConfig,
  type TidepoolCredentials,
} from './config.js';
import {
  abortedError,
  connectionError,
  malformedError,
  mapStatus,
  timeoutError,
  type FailureScope,
} from './errors.js';

/** The context of a Tidepool connector operation. */
export type TidepoolContext = ConnectorContext<TidepoolConfig, TidepoolCredentials>;

/** Numbers of the retry policy, shared by every Tidepool request. */
export const RETRY_POLICY = {
  /** Max times one request is sent, the first attempt included. */
  maxAttempts: 3,
  /** Backoff before the second attempt, doubled for each later one. */
  baseBackoffMs: 100,
  /** Longest `Retry-After` the connector waits out; a longer one fails as `rate_limited`. */
  maxRetryAfterMs: 30_000,
  /** Wait after a 429 without a readable `Retry-After`. */
  defaultRetryAfterMs: 1_000,
} as const;

/** Time limit of one request when the host sets none, in milliseconds. */
const DEFAULT_TIMEOUT_MS = 30_000;

/** Max pages one list may have before the connector reports a broken pagination. */
const MAX_PAGES = 100;

/**
 * One Tidepool API call.
 * - `retry: 'safe'` repeats it after a 429, a 5xx, a failed connection or a timeout. Reads and
 *   cancellations are safe, because repeating them changes nothing.
 * - `retry: 'once'` repeats it after a 429 only, which Tidepool sends before handling the
 *   request. Bookings use it, and settle other failures by looking the booking up.
 */
export interface TidepoolRequest<T> {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path below the base URL with ids encoded, such as `/bookings/bk_000001`. */
  path: string;
  /** Method and path template for messages and logs, such as `GET /bookings/{id}`. */
  endpoint: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  schema: z.ZodType<T>;
  retry: 'safe' | 'once';
}

/** Result of one attempt that did not return a 2xx response. */
type Failure =
  | { kind: 'status'; status: number; body: unknown; retryAfterMs?: number }
  | { kind: 'timeout' }
  | { kind: 'connection'; cause: unknown };

/**
 * Reads `Retry-After`, given as delay seconds or as an HTTP date. Returns milliseconds, or
 * undefined when the header is missing or unreadable.
 */
export function parseRetryAfter(header: string | null, now: Date): number | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;

  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

/**
 * Tidepool API client for one connector operation. It authenticates every request, applies
 * the per-request time limit together with the operation's abort signal, retries as each
 * request allows and parses every response body with its schema.
 */
export class TidepoolClient {
  readonly config: TidepoolConfig;
  readonly #credentials: TidepoolCredentials;
  readonly #logFields: Record<string, unknown>;

  constructor(
    readonly context: TidepoolContext,
    readonly operation: string,
  ) {
    this.config = readConfig(context);
    this.#credentials = readCredentials(context);
    this.#logFields = {
      vendor: context.vendor.id,
      connector: 'tidepool',
      operation,
      requestId: context.requestId,
    };
  }

  /** Fields every log line of this operation carries. */
  get logFields(): Record<string, unknown> {
    return this.#logFields;
  }

  /** Returns the failure scope of an endpoint of this operation. */
  scope(endpoint: string): FailureScope {
    const { vendor } = this.context;
    return { endpoint, vendorId: vendor.id, vendorName: vendor.displayName };
  }

  /** Sends a request, with retries, and returns its parsed response body. */
  async send<T>(request: TidepoolRequest<T>): Promise<T> {
    const scope = this.scope(request.endpoint);
    for (let attempt = 1; ; attempt += 1) {
      const result = await this.#attempt(request, scope);
      if (result.ok) return parseBody(request.schema, result.body, scope);

      const waitMs = this.#retryDelay(request, result.failure, attempt);
      if (waitMs === undefined) throw this.#toError(result.failure, scope);

      this.context.logger.warn(
        {
          ...this.#logFields,
          endpoint: request.endpoint,
          attempt,
          reason: reason(result.failure),
          delayMs: waitMs,
        },
        'Retrying Tidepool request',
      );
      try {
        await delay(waitMs, undefined, { signal: this.context.signal });
      } catch {
        throw abortedError(scope);
      }
    }
  }

  /** Fetches every page of a Tidepool list by following `nextCursor` until it is null. */
  async sendForAllPages<Item>(
    request: Omit<TidepoolRequest<unknown>, 'schema' | 'retry'>,
    itemSchema: z.ZodType<Item>,
  ): Promise<Item[]> {
    const schema = tidepoolPage(itemSchema) as z.ZodType<{
      data: Item[];
      nextCursor: string | null;
    }>;
    const items: Item[] = [];
    let cursor: string | undefined;

    for (let pages = 0; pages < MAX_PAGES; pages += 1) {
      const query = { ...request.query, cursor };
      const page = await this.send({ ...request, query, schema, retry: 'safe' });
      items.push(...page.data);
      if (page.nextCursor === null) return items;
      cursor = page.nextCursor;
    }
    throw malformedError(
      this.scope(request.endpoint),
      `the list did not end after ${MAX_PAGES} pages`,
    );
  }

  /** Returns the wait before the next attempt, or undefined when the failure is final. */
  #retryDelay(request: TidepoolRequest<unknown>, failure: Failure, attempt: number) {
    const last = attempt >= RETRY_POLICY.maxAttempts;
    if (failure.kind === 'status' && failure.status === 429) {
      const waitMs = failure.retryAfterMs ?? RETRY_POLICY.defaultRetryAfterMs;
      return last || waitMs > RETRY_POLICY.maxRetryAfterMs ? undefined : waitMs;
    }
    const transient = failure.kind !== 'status' || failure.status >= 500;
    if (!transient || request.retry === 'once' || last) return undefined;
    return RETRY_POLICY.baseBackoffMs * 2 ** (attempt - 1);
  }

  async #attempt(
    request: TidepoolRequest<unknown>,
    scope: FailureScope,
  ): Promise<{ ok: true; body: unknown } | { ok: false; failure: Failure }> {
    const timeout = AbortSignal.timeout(this.context.http?.timeoutMs || DEFAULT_TIMEOUT_MS);
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.#url(request), {
        method: request.method,
        headers: this.#headers(request.body !== undefined),
        body: request.body === undefined ? null : JSON.stringify(request.body),
        signal: AbortSignal.any([this.context.signal, timeout]),
      });
      text = await response.text();
    } catch (error) {
      if (this.context.signal.aborted) throw abortedError(scope);
      if (timeout.aborted) return { ok: false, failure: { kind: 'timeout' } };
      return { ok: false, failure: { kind: 'connection', cause: error } };
    }

    const body = parseJson(text);
    if (response.ok) return { ok: true, body };
    const retryAfter = parseRetryAfter(
      response.headers.get('retry-after'),
      this.context.clock.now(),
    );
    const failure: Failure = { kind: 'status', status: response.status, body };
    if (retryAfter !== undefined) failure.retryAfterMs = retryAfter;
    return { ok: false, failure };
  }

  #headers(hasBody: boolean): Record<string, string> {
    return {
      accept: 'application/json',
      authorization: `Bearer ${this.#credentials.apiKey}`,
      'tidepool-account': this.#credentials.accountId,
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
    };
  }

  #url(request: TidepoolRequest<unknown>): URL {
    const url = new URL(`${this.config.baseUrl.replace(/\/+$/, '')}${request.path}`);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, value);
    }
    return url;
  }

  #toError(failure: Failure, scope: FailureScope): ConnectorError {
    if (failure.kind === 'timeout') return timeoutError(scope);
    if (failure.kind === 'connection') return connectionError(scope, failure.cause);

    const parsed = tidepoolErrorSchema.safeParse(failure.body);
    return mapStatus(
      {
        status: failure.status,
        ...(parsed.success ? { error: parsed.data.error } : {}),
        ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
      },
      scope,
    );
  }
}

function reason(failure: Failure): string {
  return failure.kind === 'status' ? `HTTP ${failure.status}` : failure.kind;
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown, scope: FailureScope): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : '(body)';
  throw malformedError(scope, `field "${path}" ${issue?.message ?? 'is invalid'}`);
}

function readConfig(context: TidepoolContext): TidepoolConfig {
  const parsed = TidepoolConfigSchema.safeParse(context.vendor.config ?? {});
  if (parsed.success) return parsed.data;

  const issue = parsed.error.issues[0];
  throw new ConnectorError(
    'invalid_request',
    `The Tidepool config of vendor "${context.vendor.displayName}" is invalid: ` +
      `${issue?.path.join('.') || '(config)'} ${issue?.message ?? 'is invalid'}.`,
    { vendorId: context.vendor.id },
  );
}

function readCredentials(context: TidepoolContext): TidepoolCredentials {
  const parsed = TidepoolCredentialsSchema.safeParse(context.credentials);
  if (parsed.success) return parsed.data;

  // The message names the field, never its value.
  const field = parsed.error.issues[0]?.path.join('.') || 'credentials';
  throw new ConnectorError(
    'auth_failed',
    `The Tidepool credentials of vendor "${context.vendor.displayName}" are incomplete: ` +
      `${field} is missing or invalid.`,
    { vendorId: context.vendor.id },
  );
}
