/**
 * A vendor's payment settings that cannot be applied to a registration, such as a fee currency
 * that differs from the program's. The message names the setting and the fix for the
 * operator, and the family gets a generic set-up message instead.
 */
export class PaymentSettingsError extends Error {
  /** Path of the setting in the vendor's payment settings, such as `successFee.currency`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = 'PaymentSettingsError';
    this.field = field;
  }
}

/** Checks whether a value is a {@link PaymentSettingsError}. */
export function isPaymentSettingsError(value: unknown): value is PaymentSettingsError {
  return value instanceof PaymentSettingsError;
}

const WEBHOOK_BRAND = Symbol.for('@signupassist/mcp-hub/PaymentWebhookError');

/**
 * A Stripe webhook delivery the hub did not accept. `status` is the HTTP status to respond
 * with: 400 for a bad signature or body, 404 for an endpoint that is not configured, and 409
 * while another delivery of the same event is being processed, so that Stripe retries later.
 */
export class PaymentWebhookError extends Error {
  readonly status: 400 | 404 | 409;

  constructor(status: 400 | 404 | 409, message: string) {
    super(message);
    this.name = 'PaymentWebhookError';
    this.status = status;
    Object.defineProperty(this, WEBHOOK_BRAND, { value: true });
  }
}

/** Checks by brand, so errors from another copy of this package match too. */
export function isPaymentWebhookError(value: unknown): value is PaymentWebhookError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[WEBHOOK_BRAND] === true
  );
}
