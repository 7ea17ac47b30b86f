import { ConnectorError, isConnectorError, type ConnectorErrorCode } from '@signupassist/contract';
import type { z } from 'zod';

/** Message of errors whose details must stay in the logs. */
export const GENERIC_PROVIDER_MESSAGE =
  'The booking system could not complete the request. Try again in a few minutes.';

/**
 * Converts anything a connector or the hub threw into a `ConnectorError`. Contract errors pass
 * through unchanged, and an abort or timeout becomes `timeoutCode`. Anything else becomes a
 * retryable `provider_unavailable` with a generic message, because its text may contain
 * provider bodies or stack details.
 */
export function toConnectorError(
  error: unknown,
  timeoutCode: ConnectorErrorCode = 'timeout',
): ConnectorError {
  if (isConnectorError(error)) return error;
  if (isAbortError(error)) {
    return new ConnectorError(timeoutCode, 'The booking system did not respond in time.', {
      retryable: true,
      cause: error,
    });
  }
  return new ConnectorError('provider_unavailable', GENERIC_PROVIDER_MESSAGE, { cause: error });
}

/** Checks for the errors `AbortSignal.timeout()` and `AbortController.abort()` raise. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * Returns log fields of an error: code, message and the connector's non-secret details (such
 * as endpoint and HTTP status), never its cause chain or provider body.
 */
export function errorLogFields(error: unknown): Record<string, unknown> {
  if (isConnectorError(error)) {
    return {
      errorCode: error.code,
      retryable: error.retryable,
      errorMessage: error.message,
      ...(error.details === undefined ? {} : { errorDetails: error.details }),
    };
  }
  return { errorName: error instanceof Error ? error.name : typeof error };
}

/** Joins the path of a zod issue as `a.b.0`, or `(root)` for the top level. */
export function issuePath(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = []): string {
  const path = [...prefix, ...issue.path].map(String).join('.');
  return path === '' ? '(root)' : path;
}

/**
 * Describes a zod issue without the rejected value. The built-in messages of zod 4 name the
 * expected type, not the input. Messages written by schema authors may quote the input, so
 * secret fields get a fixed text per issue code instead.
 */
export function describeIssue(issue: z.core.$ZodIssue, secret: boolean): string {
  if (!secret) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `is missing or not a ${issue.expected}`;
    case 'too_small':
    case 'too_big':
      return 'has an invalid length or size';
    case 'invalid_format':
      return 'has an invalid format';
    case 'unrecognized_keys':
      return `has unknown keys: ${issue.keys.join(', ')}`;
    default:
      return 'is invalid';
  }
}
