import { ConnectorError, isConnectorError } from '@signupassist/contract';
import type { z } from 'zod';

// Failed CampMinder requests become contract errors here. Messages name the vendor and the
// endpoint. They never contain a credential or quote a CampMinder response body, because the
// body may echo a family's data.

/** Cause of a CampMinder request failing before a response arrived. */
export type TransportFailureReason =
  /** The per-request time limit ran out. */
  | 'timeout'
  /** The caller aborted the operation through `context.signal`. */
  | 'aborted'
  /** The connection failed after the request may have been sent. */
  | 'reset'
  /** The connection could not be opened, so the request was never sent. */
  | 'refused';

/** One failed CampMinder request: an error status or a transport failure. */
export type CampMinderFailure =
  | { kind: 'status'; status: number; retryAfterMs?: number }
  | { kind: 'transport'; reason: TransportFailureReason; cause: unknown };

/** Facts about a failed request that the mapping needs. */
export interface FailureScope {
  /** Method and path template without credentials, e.g. `GET /sessions`. */
  endpoint: string;
  vendorId: string;
  vendorName: string;
  /** Host and port of the configured base URL, e.g. `api.campminder.com`. */
  host?: string;
  /** The configured CampMinder client id, named when CampMinder denies access to it. */
  clientId?: number;
  /** True for `GET /auth/apikey`, whose 401 means the keys themselves are wrong. */
  auth?: boolean;
}

/** Checks whether a failure is temporary, so repeating the request may succeed. */
export function isTransient(failure: CampMinderFailure): boolean {
  if (failure.kind === 'status') return failure.status >= 500;
  return failure.reason !== 'aborted';
}

function vendorLabel(scope: FailureScope): string {
  return `vendor "${scope.vendorName}"`;
}

function atHost(scope: FailureScope): string {
  return scope.host === undefined ? '' : ` at ${scope.host}`;
}

function failureDetails(scope: FailureScope, failure: CampMinderFailure): Record<string, unknown> {
  return failure.kind === 'status'
    ? { endpoint: scope.endpoint, status: failure.status }
    : { endpoint: scope.endpoint, transport: failure.reason };
}

function authError(scope: FailureScope, where: string, options: object): ConnectorError {
  const fix = scope.auth
    ? 'Check that the API key and subscription key are current and belong to the same camp; ' +
      'CampMinder API keys expire within a year.'
    : 'CampMinder rejected a fresh token too; check that the API key is still active.';
  return new ConnectorError(
    'auth_failed',
    `CampMinder rejected the credentials of ${vendorLabel(scope)} on ${where}. ${fix}`,
    options,
  );
}

function mapStatus(
  failure: Extract<CampMinderFailure, { kind: 'status' }>,
  scope: FailureScope,
): ConnectorError {
  const options = { vendorId: scope.vendorId, details: failureDetails(scope, failure) };
  const { status } = failure;
  const where = `${scope.endpoint} (HTTP ${status})`;

  if (status === 401) return authError(scope, where, options);
  if (status === 403) {
    const client = scope.clientId === undefined ? 'this camp' : `client id ${scope.clientId}`;
    return new ConnectorError(
      'permission_denied',
      `CampMinder denied ${vendorLabel(scope)} access to ${client} on ${where}. Check that ` +
        'config.clientId is the camp the API key was issued for.',
      options,
    );
  }
  if (status === 404) {
    return new ConnectorError(
      'not_found',
      `CampMinder found nothing at ${where} for ${vendorLabel(scope)}.`,
      options,
    );
  }
  if (status === 409) {
    return new ConnectorError(
      'conflict',
      `CampMinder reported a conflict on ${where} for ${vendorLabel(scope)}.`,
      options,
    );
  }
  if (status === 429) {
    return new ConnectorError(
      'rate_limited',
      `CampMinder is rate limiting ${vendorLabel(scope)} on ${scope.endpoint}. Try again later.`,
      { ...options, retryAfterMs: failure.retryAfterMs ?? 1000 },
    );
  }
  if (status >= 500) {
    return new ConnectorError(
      'provider_unavailable',
      `CampMinder failed to handle ${where} for ${vendorLabel(scope)}. Try again later.`,
      options,
    );
  }
  return new ConnectorError(
    'invalid_request',
    `CampMinder rejected ${where} for ${vendorLabel(scope)} as invalid.`,
    options,
  );
}

function mapTransport(
  failure: Extract<CampMinderFailure, { kind: 'transport' }>,
  scope: FailureScope,
): ConnectorError {
  const options = {
    vendorId: scope.vendorId,
    details: failureDetails(scope, failure),
    cause: failure.cause,
  };
  switch (failure.reason) {
    case 'timeout':
      return new ConnectorError(
        'timeout',
        `CampMinder${atHost(scope)} did not answer ${scope.endpoint} for ${vendorLabel(scope)} ` +
          'in time.',
        options,
      );
    case 'aborted':
      return abortedError(scope);
    case 'reset':
    case 'refused':
      return new ConnectorError(
        'provider_unavailable',
        `The connection to CampMinder${atHost(scope)} failed on ${scope.endpoint} for ` +
          `${vendorLabel(scope)}: check that the host is reachable and that config.baseUrl is ` +
          'right.',
        options,
      );
  }
}

/** Builders that make an error again for another vendor, by the error they made. */
const rebuilders = new WeakMap<ConnectorError, (scope: FailureScope) => ConnectorError>();

/** Records how to build `error` for another vendor's scope, and returns it. */
function rebuildable(
  error: ConnectorError,
  scope: FailureScope,
  build: (scope: FailureScope) => ConnectorError,
): ConnectorError {
  rebuilders.set(error, (other) =>
    build({
      ...scope,
      vendorId: other.vendorId,
      vendorName: other.vendorName,
      clientId: other.clientId,
    }),
  );
  return error;
}

/**
 * Returns `error` as the vendor of `scope` receives it. Vendors with the same keys share one
 * token fetch, whose error names the vendor whose call started the fetch, so each other vendor
 * gets a copy with its own id and name. The endpoint, status and wait stay as they were.
 * Errors not built here are returned unchanged.
 */
export function errorForVendor(error: unknown, scope: FailureScope): unknown {
  if (!isConnectorError(error) || error.vendorId === scope.vendorId) return error;
  const build = rebuilders.get(error);
  return build ? build(scope) : error;
}

/** Maps a failed CampMinder request to the contract error for it. */
export function mapFailure(failure: CampMinderFailure, scope: FailureScope): ConnectorError {
  const error =
    failure.kind === 'status' ? mapStatus(failure, scope) : mapTransport(failure, scope);
  return rebuildable(error, scope, (other) => mapFailure(failure, other));
}

/**
 * Builds the error for a call that needs a token while token requests are paused after a 429
 * from CampMinder. No request was sent, and `retryAfterMs` is the time left in the pause.
 */
export function tokenPauseError(scope: FailureScope, retryAfterMs: number): ConnectorError {
  const seconds = Math.ceil(retryAfterMs / 1000);
  return new ConnectorError(
    'rate_limited',
    `CampMinder rate limited the token requests of ${vendorLabel(scope)}, so the connector ` +
      `sends none for another ${seconds} s. Try again after that.`,
    { vendorId: scope.vendorId, retryAfterMs, details: { endpoint: scope.endpoint } },
  );
}

/**
 * Builds the error for an operation the caller aborted. It is a `timeout` that is not
 * retryable, because the caller, not CampMinder, stopped the operation.
 */
export function abortedError(scope: FailureScope): ConnectorError {
  return new ConnectorError(
    'timeout',
    `The CampMinder operation for ${vendorLabel(scope)} was aborted by the caller during ` +
      `${scope.endpoint}.`,
    { vendorId: scope.vendorId, retryable: false, details: { endpoint: scope.endpoint } },
  );
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : '(body)';
  return `field "${path}" is invalid: ${issue?.message ?? 'unexpected value'}`;
}

/**
 * Builds the error for a CampMinder response that does not match its schema. The message names
 * the endpoint and the first invalid field, never the values.
 */
export function malformedPayloadError(
  scope: FailureScope,
  error: z.ZodError | string,
): ConnectorError {
  const problem = typeof error === 'string' ? error : describeIssue(error);
  const malformed = new ConnectorError(
    'provider_unavailable',
    `CampMinder returned an unexpected response to ${scope.endpoint} for ` +
      `${vendorLabel(scope)}: ${problem}.`,
    { vendorId: scope.vendorId, details: { endpoint: scope.endpoint } },
  );
  return rebuildable(malformed, scope, (other) => malformedPayloadError(other, error));
}

/**
 * Parses an object the connector built from CampMinder data with its contract schema. A failure
 * means CampMinder sent a value the contract cannot carry, so it is reported like a malformed
 * payload, naming the field.
 */
export function checkOutput<T>(schema: z.ZodType<T>, value: unknown, scope: FailureScope): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw malformedPayloadError(scope, parsed.error);
  return parsed.data;
}
