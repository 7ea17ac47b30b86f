import { ConnectorError, type ConnectorErrorCode } from '@signupassist/contract';
import Stripe from 'stripe';

/** Stripe operations of the hub, as named in idempotency keys and logs. */
export type StripeOperation =
  'checkout' | 'capture' | 'cancel' | 'refund' | 'expire' | 'retrieve' | 'account';

const UNAVAILABLE =
  'The payment service could not be reached. Nothing was charged by this step. Try again in a ' +
  'few minutes.';

/** Family-safe message per code; Stripe's own text never reaches the family or the logs. */
const MESSAGES: Partial<Record<ConnectorErrorCode, string>> = {
  provider_unavailable: UNAVAILABLE,
  timeout: UNAVAILABLE,
  rate_limited: 'The payment service is busy. Try again in a minute.',
  auth_failed:
    'The hub cannot use its payment service right now because of a set-up problem. Try again ' +
    'later.',
  permission_denied:
    'The payment service did not allow this payment step. Try again later, or contact the vendor.',
  not_found: 'The payment service has no record of this payment. Try again later.',
  conflict: 'The payment changed at the payment service while this step ran. Try again.',
  idempotency_mismatch:
    'The payment service already has a different request for this payment. Try again later.',
  invalid_request:
    'The payment service rejected this payment step. Try again later, or contact the vendor.',
};

/** Non-secret facts of a Stripe failure for the logs: type, code and status, never the text. */
export interface StripeFailureDetails {
  stripeOperation: StripeOperation;
  stripeType?: string;
  stripeCode?: string;
  declineCode?: string;
  httpStatus?: number;
  /** Stripe's request id (`req_…`), for looking the request up in the Stripe dashboard. */
  stripeRequestId?: string;
}

/** Picks the contract code of a Stripe error. */
function codeOf(error: Stripe.errors.StripeError): ConnectorErrorCode {
  switch (error.type) {
    case 'StripeConnectionError':
    case 'StripeAPIError':
      return 'provider_unavailable';
    case 'StripeRateLimitError':
      return 'rate_limited';
    case 'StripeAuthenticationError':
      return 'auth_failed';
    case 'StripePermissionError':
      return 'permission_denied';
    case 'StripeIdempotencyError':
      return 'idempotency_mismatch';
    case 'StripeCardError':
      return 'invalid_request';
    default:
      break;
  }
  if (error.code === 'resource_missing') return 'not_found';
  if (error.code === 'payment_intent_unexpected_state') return 'conflict';
  if (error.code === 'idempotency_error') return 'idempotency_mismatch';
  if (error.statusCode === 409) return 'conflict';
  if (error.statusCode !== undefined && error.statusCode >= 500) return 'provider_unavailable';
  return 'invalid_request';
}

/** Checks for an error the Stripe SDK raised, including ones from another copy of it. */
export function isStripeError(error: unknown): error is Stripe.errors.StripeError {
  if (error instanceof Stripe.errors.StripeError) return true;
  return (
    error instanceof Error &&
    typeof (error as { type?: unknown }).type === 'string' &&
    (error as unknown as { type: string }).type.startsWith('Stripe')
  );
}

/**
 * Converts a failed Stripe call to a `ConnectorError` whose message is safe for the family.
 * Stripe's message may quote parameters, so it is dropped; type, code, decline code, HTTP
 * status and request id go into `details` for the operator's logs.
 */
export function stripeFailure(error: unknown, operation: StripeOperation): ConnectorError {
  if (!isStripeError(error)) {
    return new ConnectorError('provider_unavailable', UNAVAILABLE, {
      details: { stripeOperation: operation, errorName: errorName(error) },
    });
  }
  const code = codeOf(error);
  const details: StripeFailureDetails = {
    stripeOperation: operation,
    stripeType: error.type,
    ...(error.code === undefined ? {} : { stripeCode: error.code }),
    ...(error.decline_code === undefined ? {} : { declineCode: error.decline_code }),
    ...(error.statusCode === undefined ? {} : { httpStatus: error.statusCode }),
    ...(error.requestId === undefined ? {} : { stripeRequestId: error.requestId }),
  };
  return new ConnectorError(code, MESSAGES[code] ?? UNAVAILABLE, {
    details: { ...details },
    ...(code === 'rate_limited' ? { retryAfterMs: 60_000 } : {}),
  });
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
