import { ConnectorError } from '@signupassist/contract';
import type { z } from 'zod';
import { isHoldExpiredError, isInsufficientSeatsError, type BookeoError } from './bookeo-api.js';

// Failed Bookeo requests become contract errors here. Messages name the vendor and the
// endpoint. They never contain a credential or quote a Bookeo response body, because the body
// may echo customer data. The Bookeo error id goes into `details` for operators.

/** Cause of a Bookeo request failing before a response arrived. */
export type TransportFailureReason =
  /** The per-request time limit ran out. */
  | 'timeout'
  /** The caller aborted the operation through `context.signal`. */
  | 'aborted'
  /** The connection failed after the request may have been sent. */
  | 'reset'
  /** The connection could not be opened, so the request was never sent. */
  | 'refused';

/** One failed Bookeo request: an error status or a transport failure. */
export type BookeoFailure =
  | { kind: 'status'; status: number; body?: BookeoError; retryAfterMs?: number }
  | { kind: 'transport'; reason: TransportFailureReason; cause: unknown };

/** Facts about a failed request that the mapping needs. */
export interface FailureScope {
  /** Method and path template without credentials, e.g. `GET /bookings/{bookingNumber}`. */
  endpoint: string;
  vendorId: string;
  vendorName: string;
  /** Host and port of the configured base URL, e.g. `api.bookeo.com`. */
  host?: string;
  /** Name of the resource a 404 refers to, e.g. `booking 1234`. */
  resource?: string;
  /** True when the request books a product whose `apiBookingsAllowed` is false. */
  apiBookingsForbidden?: boolean;
}

/** Checks whether a failure leaves the outcome of a write unknown (it may have been applied). */
export function isOutcomeUnknown(failure: BookeoFailure): boolean {
  if (failure.kind === 'status') return failure.status >= 500;
  return failure.reason === 'timeout' || failure.reason === 'reset';
}

/** Checks whether a failure is temporary, so repeating a safe request may succeed. */
export function isTransient(failure: BookeoFailure): boolean {
  if (failure.kind === 'status') return failure.status >= 500;
  return failure.reason !== 'aborted';
}

function vendorLabel(scope: FailureScope): string {
  return `vendor "${scope.vendorName}"`;
}

function atHost(scope: FailureScope): string {
  return scope.host === undefined ? '' : ` at ${scope.host}`;
}

function statusDetails(scope: FailureScope, failure: BookeoFailure): Record<string, unknown> {
  const details: Record<string, unknown> = { endpoint: scope.endpoint };
  if (failure.kind === 'status') {
    details.status = failure.status;
    if (failure.body?.errorId) details.providerErrorId = failure.body.errorId;
  } else {
    details.transport = failure.reason;
  }
  return details;
}

function mapStatus(
  failure: Extract<BookeoFailure, { kind: 'status' }>,
  scope: FailureScope,
): ConnectorError {
  const options = { vendorId: scope.vendorId, details: statusDetails(scope, failure) };
  const { status, body } = failure;
  const where = `${scope.endpoint} (HTTP ${status})`;

  if (status === 401) {
    return new ConnectorError(
      'auth_failed',
      `Bookeo rejected the credentials of ${vendorLabel(scope)} on ${where}. ` +
        'Check that the API key and secret key are current and belong together.',
      options,
    );
  }
  if (status === 403 && scope.apiBookingsForbidden) {
    return new ConnectorError(
      'permission_denied',
      `Bookeo does not allow API bookings for this product of ${vendorLabel(scope)}; ` +
        'the family has to book on the vendor’s own booking page.',
      options,
    );
  }
  if (status === 403) {
    return new ConnectorError(
      'auth_failed',
      `Bookeo denied ${vendorLabel(scope)} access to ${where}. ` +
        'Check the permissions the business granted to the API key.',
      options,
    );
  }
  if (status === 404) {
    return new ConnectorError(
      'not_found',
      `Bookeo has no ${scope.resource ?? 'such resource'} for ${vendorLabel(scope)} (${where}).`,
      options,
    );
  }
  if (isHoldExpiredError(status, body)) {
    return new ConnectorError(
      'hold_expired',
      'The hold on these seats has expired. Place a new hold or book without one.',
      options,
    );
  }
  if (isInsufficientSeatsError(status, body)) {
    return new ConnectorError(
      'sold_out',
      'The session does not have enough seats left for this booking.',
      options,
    );
  }
  if (status === 409) {
    return new ConnectorError(
      'conflict',
      `Bookeo reported a conflict on ${where} for ${vendorLabel(scope)}.`,
      options,
    );
  }
  if (status === 429) {
    return new ConnectorError(
      'rate_limited',
      `Bookeo is rate limiting ${vendorLabel(scope)} on ${scope.endpoint}. Try again later.`,
      { ...options, retryAfterMs: failure.retryAfterMs ?? 1000 },
    );
  }
  if (status >= 500) {
    return new ConnectorError(
      'provider_unavailable',
      `Bookeo failed to handle ${where} for ${vendorLabel(scope)}. Try again later.`,
      options,
    );
  }
  return new ConnectorError(
    'invalid_request',
    `Bookeo rejected ${where} for ${vendorLabel(scope)} as invalid.`,
    options,
  );
}

function mapTransport(
  failure: Extract<BookeoFailure, { kind: 'transport' }>,
  scope: FailureScope,
): ConnectorError {
  const options = {
    vendorId: scope.vendorId,
    details: statusDetails(scope, failure),
    cause: failure.cause,
  };
  switch (failure.reason) {
    case 'timeout':
      return new ConnectorError(
        'timeout',
        `Bookeo${atHost(scope)} did not answer ${scope.endpoint} for ${vendorLabel(scope)} in time.`,
        options,
      );
    case 'aborted':
      return abortedError(scope);
    case 'reset':
    case 'refused':
      return new ConnectorError(
        'provider_unavailable',
        `The connection to Bookeo${atHost(scope)} failed on ${scope.endpoint} for ` +
          `${vendorLabel(scope)}: check that the host is reachable and that config.baseUrl is ` +
          'right.',
        options,
      );
  }
}

/** Maps a failed Bookeo request to the contract error for it. */
export function mapFailure(failure: BookeoFailure, scope: FailureScope): ConnectorError {
  return failure.kind === 'status' ? mapStatus(failure, scope) : mapTransport(failure, scope);
}

/**
 * Builds the error for an operation the caller aborted. It is a `timeout` that is not
 * retryable, because the caller, not Bookeo, stopped the operation.
 */
export function abortedError(scope: FailureScope): ConnectorError {
  return new ConnectorError(
    'timeout',
    `The Bookeo operation for ${vendorLabel(scope)} was aborted by the caller during ` +
      `${scope.endpoint}.`,
    { vendorId: scope.vendorId, retryable: false, details: { endpoint: scope.endpoint } },
  );
}

/**
 * Builds the error for a booking whose outcome is unknown: Bookeo may or may not have made it.
 * Repeating `book` with the same idempotency key is safe and settles it, because `book` looks
 * the booking up by its external reference before it posts again.
 */
export function outcomeUnknownError(scope: FailureScope, cause?: unknown): ConnectorError {
  return new ConnectorError(
    'outcome_unknown',
    `Bookeo did not confirm whether the booking for ${vendorLabel(scope)} was made. ` +
      'Repeat the request with the same idempotency key to find out; it will not book twice.',
    {
      vendorId: scope.vendorId,
      retryable: true,
      details: { endpoint: scope.endpoint },
      ...(cause === undefined ? {} : { cause }),
    },
  );
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : '(body)';
  return `field "${path}" is invalid: ${issue?.message ?? 'unexpected value'}`;
}

/**
 * Builds the error for a Bookeo response that does not match its schema. The message names the
 * endpoint and the first invalid field, never the values.
 */
export function malformedPayloadError(
  scope: FailureScope,
  error: z.ZodError | string,
): ConnectorError {
  const problem = typeof error === 'string' ? error : describeIssue(error);
  return new ConnectorError(
    'provider_unavailable',
    `Bookeo returned an unexpected response to ${scope.endpoint} for ${vendorLabel(scope)}: ` +
      `${problem}.`,
    { vendorId: scope.vendorId, details: { endpoint: scope.endpoint } },
  );
}

/**
 * Parses an object the connector built from Bookeo data with its contract schema. A failure
 * means Bookeo sent a value the contract cannot carry, so it is reported like a malformed
 * payload, naming the field.
 */
export function checkOutput<T>(schema: z.ZodType<T>, value: unknown, scope: FailureScope): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw malformedPayloadError(scope, parsed.error);
  return parsed.data;
}
