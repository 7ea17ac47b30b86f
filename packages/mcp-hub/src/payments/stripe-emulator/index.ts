/**
 * A stateful emulator of the Stripe API calls SignupAssist's payment flows make, served on a
 * loopback HTTP server for the real `stripe` SDK, with a hosted checkout page and signed
 * webhook events.
 */
export {
  DEFAULT_ACCOUNTS,
  DEFAULT_API_VERSION,
  startStripeEmulator,
  type StripeEmulator,
  type StripeEmulatorOptions,
} from './emulator.js';
export type { AccountChange, AccountSeed } from './accounts.js';
export type { CheckoutOutcome } from './checkout.js';
export type { FaultRule } from './faults.js';
export type { RequestLogEntry } from './request-log.js';
export type { CardOutcome } from './payment-intents.js';
export {
  signPayload,
  type DeliveryRecord,
  type SignedEvent,
  type WebhookEndpoint,
  type WebhookTargets,
} from './webhooks.js';
export type {
  AccountObject,
  ApplicationFeeObject,
  CapabilityStatus,
  ChargeObject,
  CheckoutSessionObject,
  EventObject,
  LineItemObject,
  PaymentIntentObject,
  RefundObject,
  StripeObject,
} from './objects.js';
