import { ConnectorError, type ConnectorContext } from '@signupassist/contract';
import { request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { bookeoErrorSchema, bookeoPage, type BookeoError } from './bookeo-api.js';
import {
  BookeoConfigSchema,
  BookeoCredentialsSchema,
  type BookeoConfig,
  type BookeoCredentials,
} from './config.js';
import {
  malformedPayloadError,
  type BookeoFailure,
  type FailureScope,
  type TransportFailureReason,
} from './errors.js';
import { parseRetryAfter, runWithRetry, type AttemptResult, type RetryMode } from './retry.js';

/** The context of a Bookeo connector operation. */
export type BookeoContext = ConnectorContext<BookeoConfig, BookeoCredentials>;

/** Value of a query parameter. An undefined value leaves the parameter out. */
type QueryValue = string | number | boolean | undefined;

/** One Bookeo API call. */
export interface BookeoRequest<T> {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path below the base URL, with ids already encoded, e.g. `/bookings/1234`. */
  path: string;
  /** Method and path template for logs and messages, e.g. `GET /bookings/{bookingNumber}`. */
  endpoint: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Schema of a successful response body, absent when the response has none (204). */
  schema?: z.ZodType<T>;
  retry: RetryMode<T>;
  /** Name of the resource a 404 refers to, e.g. `booking 1234`. */
  resource?: string;
  /** True when the request books a product whose `apiBookingsAllowed` is false. */
  apiBookingsForbidden?: boolean;
}

/** Time limit of one request when the host sets none, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Max pages the client follows in one list before it reports a broken pagination. */
export const MAX_PAGES = 100;

const RESET_CODES = new Set([
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
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

/** Reads the connector config, applying defaults a host may have skipped. */
export function readConfig(context: BookeoContext): BookeoConfig {
  const parsed = BookeoConfigSchema.safeParse(context.vendor.config ?? {});
  if (parsed.success) return parsed.data;

  const issue = parsed.error.issues[0];
  throw new ConnectorError(
    'invalid_request',
    `The Bookeo config of vendor "${context.vendor.displayName}" is invalid: ` +
      `${issue?.path.join('.') || '(config)'} ${issue?.message ?? 'is invalid'}.`,
    { vendorId: context.vendor.id },
  );
}

function readCredentials(context: BookeoContext): BookeoCredentials {
  const parsed = BookeoCredentialsSchema.safeParse(context.credentials);
  if (parsed.success) return parsed.data;

  // Only the field name goes into the message, never a value.
  const field = parsed.error.issues[0]?.path.join('.') || 'credentials';
  throw new ConnectorError(
    'auth_failed',
    `The Bookeo credentials of vendor "${context.vendor.displayName}" are incomplete: ` +
      `${field} is missing or invalid.`,
    { vendorId: context.vendor.id },
  );
}

/**
 * Bookeo API client for one connector operation. It sends both keys as headers, applies the
 * per-request time limit together with the operation's abort signal, retries as the request's
 * {@link RetryMode} allows and parses every response body with its schema.
 */
export class BookeoClient {
  readonly config: BookeoConfig;
  readonly #credentials: BookeoCredentials;
  readonly #logFields: Record<string, unknown>;

  constructor(
    readonly context: BookeoContext,
    readonly operation: string,
  ) {
    this.config = readConfig(context);
    this.#credentials = readCredentials(context);
    this.#logFields = {
      vendor: context.vendor.id,
      connector: 'bookeo',
      operation,
      requestId: context.requestId,
    };
  }

  /** Fields every log line of this operation carries. */
  get logFields(): Record<string, unknown> {
    return this.#logFields;
  }

  /** Sends a request, with retries, and returns its parsed response body. */
  async send<T>(spec: BookeoRequest<T>): Promise<T> {
    const scope = {
      ...this.failureScope(spec),
      signal: this.context.signal,
      logger: this.context.logger,
      logFields: this.#logFields,
      now: () => this.context.clock.now(),
    };
    let attempt = 0;
    return runWithRetry(() => this.#attempt(spec, (attempt += 1)), spec.retry, scope);
  }

  /**
   * Fetches every page of a Bookeo list. Later pages pass only the navigation token and the
   * page number, as Bookeo requires, and the loop ends at `currentPage >= totalPages`.
   */
  async sendForAllPages<Item>(
    spec: Omit<BookeoRequest<unknown>, 'schema' | 'retry'>,
    itemSchema: z.ZodType<Item>,
    itemsPerPage: number,
  ): Promise<Item[]> {
    const pageSchema = bookeoPage(itemSchema) as unknown as z.ZodType<{
      info: { totalPages: number; currentPage: number; pageNavigationToken?: string };
      data: Item[];
    }>;
    const retry = { kind: 'repeatable' } as const;
    let page = await this.send({
      ...spec,
      query: { ...spec.query, itemsPerPage },
      schema: pageSchema,
      retry,
    });
    const items = [...page.data];
    const token = page.info.pageNavigationToken;

    for (let pages = 1; page.info.currentPage < page.info.totalPages; pages += 1) {
      if (pages >= MAX_PAGES) {
        throw malformedPayloadError(
          this.failureScope(spec),
          `the list did not end after ${MAX_PAGES} pages`,
        );
      }
      if (!token) {
        throw malformedPayloadError(
          this.failureScope(spec),
          'field "info.pageNavigationToken" is missing on a list with more pages',
        );
      }
      const previous = page.info.currentPage;
      page = await this.send({
        ...spec,
        query: { pageNavigationToken: token, pageNumber: previous + 1 },
        schema: pageSchema,
        retry,
      });
      if (page.info.currentPage <= previous) {
        throw malformedPayloadError(
          this.failureScope(spec),
          `field "info.currentPage" did not advance past page ${previous}`,
        );
      }
      items.push(...page.data);
    }
    return items;
  }

  /** The failure scope of a request of this operation. */
  failureScope(
    spec: Pick<BookeoRequest<unknown>, 'endpoint' | 'resource' | 'apiBookingsForbidden'>,
  ): FailureScope {
    return {
      endpoint: spec.endpoint,
      vendorId: this.context.vendor.id,
      vendorName: this.context.vendor.displayName,
      host: new URL(this.config.baseUrl).host,
      ...(spec.resource === undefined ? {} : { resource: spec.resource }),
      ...(spec.apiBookingsForbidden ? { apiBookingsForbidden: true } : {}),
    };
  }

  #url(spec: BookeoRequest<unknown>): URL {
    const base = this.config.baseUrl.replace(/\/+$/, '');
    const url = new URL(`${base}${spec.path}`);
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url;
  }

  async #attempt<T>(spec: BookeoRequest<T>, attempt: number): Promise<AttemptResult<T>> {
    const timeout = AbortSignal.timeout(this.#timeoutMs());
    const signal = AbortSignal.any([this.context.signal, timeout]);
    const started = performance.now();
    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let text: string;

    try {
      const response = await request(this.#url(spec), {
        method: spec.method,
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          'x-bookeo-secretkey': this.#credentials.secretKey,
          'x-bookeo-apikey': this.#credentials.apiKey,
        },
        body: spec.body === undefined ? null : JSON.stringify(spec.body),
        signal,
        dispatcher: this.context.http.dispatcher as Dispatcher | undefined,
      });
      status = response.statusCode;
      headers = response.headers;
      text = await response.body.text();
    } catch (error) {
      const reason = this.#transportReason(error, timeout);
      this.context.logger.debug(
        { ...this.#logFields, endpoint: spec.endpoint, attempt, reason },
        'Bookeo request failed before a response',
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
      'Bookeo request finished',
    );
    if (status >= 200 && status < 300) return this.#parseSuccess(spec, text);
    return { ok: false, failure: this.#statusFailure(status, headers, text) };
  }

  #timeoutMs(): number {
    const timeoutMs = this.context.http?.timeoutMs;
    return typeof timeoutMs === 'number' && timeoutMs > 0 ? timeoutMs : DEFAULT_TIMEOUT_MS;
  }

  #transportReason(error: unknown, timeout: AbortSignal): TransportFailureReason {
    if (this.context.signal.aborted) return 'aborted';
    if (timeout.aborted) return 'timeout';
    const code = errorCode(error);
    if (code !== undefined && REFUSED_CODES.has(code)) return 'refused';
    if (code !== undefined && RESET_CODES.has(code)) return 'reset';
    // NOTE: an unrecognised transport error is treated as a reset, so a write is looked up.
    return 'reset';
  }

  #statusFailure(
    status: number,
    headers: Record<string, string | string[] | undefined>,
    text: string,
  ): BookeoFailure {
    let body: BookeoError | undefined;
    try {
      const parsed = bookeoErrorSchema.safeParse(JSON.parse(text));
      if (parsed.success) body = parsed.data;
    } catch {
      // A non-JSON error body is mapped by its status alone.
    }
    const retryAfterHeader = headers['retry-after'];
    const retryAfterMs = parseRetryAfter(
      Array.isArray(retryAfterHeader) ? retryAfterHeader[0] : retryAfterHeader,
      this.context.clock.now(),
    );
    return {
      kind: 'status',
      status,
      ...(body === undefined ? {} : { body }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }

  #parseSuccess<T>(spec: BookeoRequest<T>, text: string): AttemptResult<T> {
    if (!spec.schema) return { ok: true, value: undefined as T };

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw malformedPayloadError(this.failureScope(spec), 'the body is not JSON');
    }
    const parsed = spec.schema.safeParse(json);
    if (!parsed.success) throw malformedPayloadError(this.failureScope(spec), parsed.error);
    return { ok: true, value: parsed.data };
  }
}
