import { ConnectorError, type FieldIssue } from '@signupassist/contract';
import type { TidepoolError } from './api.js';

// Every failed Tidepool request becomes a ConnectorError here. Messages name the vendor and the
// endpoint, never a credential, and never quote a response body, which may echo family data.

/** Location of a failure: the endpoint template and the vendor. */
export interface FailureScope {
  /** Method and path template, such as `GET /bookings/{id}`. */
  endpoint: string;
  vendorId: string;
  vendorName: string;
}

/** A Tidepool response with an error status. */
export interface StatusFailure {
  status: number;
  error?: TidepoolError;
  retryAfterMs?: number;
}

/** Maps a Tidepool error status to the contract error for it. */
export function mapStatus(failure: StatusFailure, scope: FailureScope): ConnectorError {
  const { status, error } = failure;
  const where = `${scope.endpoint} (HTTP ${status}) for vendor "${scope.vendorName}"`;
  const options = {
    vendorId: scope.vendorId,
    details: { endpoint: scope.endpoint, status, providerCode: error?.code },
  };

  switch (true) {
    case status === 401:
      return new ConnectorError(
        'auth_failed',
        `Tidepool rejected the credentials on ${where}. Check the account id and API key.`,
        options,
      );
    case status === 403:
      return new ConnectorError('permission_denied', `Tidepool denied ${where}.`, options);
    case status === 404:
      return new ConnectorError('not_found', `Tidepool found nothing at ${where}.`, options);
    case status === 409 && error?.code === 'session_full':
      return new ConnectorError('sold_out', 'The session has too few seats left.', options);
    case status === 409:
      return new ConnectorError('conflict', `Tidepool reported a conflict on ${where}.`, options);
    case status === 422 && error?.code === 'invalid_answers':
      return new ConnectorError('invalid_fields', 'Some answers are missing or invalid.', {
        ...options,
        fields: (error.fields ?? []).map(toFieldIssue),
      });
    case status === 429:
      return new ConnectorError('rate_limited', `Tidepool is rate limiting ${where}.`, {
        ...options,
        retryAfterMs: failure.retryAfterMs ?? 1000,
      });
    case status >= 500:
      return new ConnectorError('provider_unavailable', `Tidepool failed on ${where}.`, options);
    default:
      return new ConnectorError('invalid_request', `Tidepool rejected ${where}.`, options);
  }
}

/** Tidepool paths `swimmers.0.level` become contract paths `participants.0.level`. */
function toFieldIssue(field: { path: string; message: string }): FieldIssue {
  return { path: field.path.replace(/^swimmers\./, 'participants.'), message: field.message };
}

/** Builds the error for a request that got no response in time. */
export function timeoutError(scope: FailureScope): ConnectorError {
  return new ConnectorError(
    'timeout',
    `Tidepool did not answer ${scope.endpoint} for vendor "${scope.vendorName}" in time.`,
    { vendorId: scope.vendorId },
  );
}

/** Builds the error for a connection that failed before a response arrived. */
export function connectionError(scope: FailureScope, cause: unknown): ConnectorError {
  return new ConnectorError(
    'provider_unavailable',
    `The connection to Tidepool failed on ${scope.endpoint} for vendor "${scope.vendorName}".`,
    { vendorId: scope.vendorId, cause },
  );
}

/** Builds the error for an operation the caller aborted through its signal. */
export function abortedError(scope: FailureScope): ConnectorError {
  return new ConnectorError(
    'timeout',
    `The Tidepool operation for vendor "${scope.vendorName}" was aborted during ${scope.endpoint}.`,
    { vendorId: scope.vendorId, retryable: false },
  );
}

/** Builds the error for a response body that does not match the API's schema. */
export function malformedError(scope: FailureScope, problem: string): ConnectorError {
  return new ConnectorError(
    'provider_unavailable',
    `Tidepool sent an unexpected response to ${scope.endpoint} for vendor ` +
      `"${scope.vendorName}": ${problem}.`,
    { vendorId: scope.vendorId },
  );
}

/**
 * Builds the error for a booking that may or may not exist. Repeating `book` with the same
 * idempotency key settles it, because `book` first looks the booking up by its reference.
 */
export function outcomeUnknownError(scope: FailureScope): ConnectorError {
  return new ConnectorError(
    'outcome_unknown',
    `Tidepool did not confirm whether the booking for vendor "${scope.vendorName}" was made. ` +
      'Repeat the request with the same idempotency key; it will not book twice.',
    { vendorId: scope.vendorId, retryable: true },
  );
}
