/** `type` of a Stripe API error body. */
export type StripeErrorType =
  'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

/** Fields of a Stripe error body besides `type` and `message`. */
export interface StripeErrorDetails {
  code?: string;
  param?: string;
  declineCode?: string;
  /** Extra fields of the body, such as the `payment_intent` of a card error. */
  extra?: Record<string, unknown>;
}

/**
 * An API error the emulator returns as `{ error: { type, code, message, param } }` with the
 * given HTTP status, as Stripe does. The `stripe` SDK turns it into its matching error class
 * (400 and 404 `StripeInvalidRequestError` or `StripeIdempotencyError`, 401
 * `StripeAuthenticationError`, 402 `StripeCardError`, 403 `StripePermissionError`).
 */
export class StripeApiError extends Error {
  readonly status: number;
  readonly type: StripeErrorType;
  readonly details: StripeErrorDetails;

  constructor(
    status: number,
    type: StripeErrorType,
    message: string,
    details: StripeErrorDetails = {},
  ) {
    super(message);
    this.name = 'StripeApiError';
    this.status = status;
    this.type = type;
    this.details = details;
  }

  /** Returns the JSON body Stripe sends for this error. */
  toBody(): { error: Record<string, unknown> } {
    const { code, param, declineCode, extra } = this.details;
    return {
      error: {
        ...(code === undefined ? {} : { code }),
        ...(declineCode === undefined ? {} : { decline_code: declineCode }),
        message: this.message,
        ...(param === undefined ? {} : { param }),
        type: this.type,
        ...extra,
      },
    };
  }
}

/** Creates a 400 `invalid_request_error`. */
export function invalidRequest(message: string, details: StripeErrorDetails = {}): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, details);
}

/** Creates the 404 `resource_missing` error of an object missing from the request's account. */
export function resourceMissing(objectName: string, id: string, param = 'id'): StripeApiError {
  return new StripeApiError(404, 'invalid_request_error', `No such ${objectName}: '${id}'`, {
    code: 'resource_missing',
    param,
  });
}

/** Creates a 400 `payment_intent_unexpected_state` error. */
export function unexpectedState(message: string): StripeApiError {
  return invalidRequest(message, { code: 'payment_intent_unexpected_state' });
}
