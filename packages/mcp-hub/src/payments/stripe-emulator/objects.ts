/**
 * Stripe-shaped objects the emulator stores and returns. Each interface lists the fields the
 * emulator fills; real Stripe objects carry more. Card details are simulated: the charge names
 * a brand and `capture_before`, never a card number, last four digits or expiry.
 */

export type Metadata = Record<string, string>;

/** Stripe's list envelope. */
export interface ListObject<Item> {
  object: 'list';
  data: Item[];
  has_more: boolean;
  url: string;
}

export interface AccountObject {
  id: string;
  object: 'account';
  business_profile: { name: string | null; url: string | null };
  business_type: 'company';
  capabilities: { card_payments: CapabilityStatus; transfers: CapabilityStatus };
  charges_enabled: boolean;
  controller: { type: 'account' };
  country: string;
  created: number;
  default_currency: string;
  details_submitted: boolean;
  email: null;
  metadata: Metadata;
  payouts_enabled: boolean;
  requirements: {
    currently_due: string[];
    disabled_reason: string | null;
    eventually_due: string[];
    past_due: string[];
    pending_verification: string[];
  };
  type: 'standard';
}

export type CapabilityStatus = 'active' | 'inactive' | 'pending';

export interface LineItemObject {
  id: string;
  object: 'item';
  amount_discount: number;
  amount_subtotal: number;
  amount_tax: number;
  amount_total: number;
  currency: string;
  description: string;
  price: {
    id: string;
    object: 'price';
    active: false;
    currency: string;
    product: string;
    type: 'one_time';
    unit_amount: number;
  };
  quantity: number;
}

export interface CheckoutSessionObject {
  id: string;
  object: 'checkout.session';
  amount_subtotal: number;
  amount_total: number;
  cancel_url: string | null;
  client_reference_id: string | null;
  created: number;
  currency: string;
  customer: null;
  customer_details: { email: string | null; name: string | null } | null;
  customer_email: string | null;
  expires_at: number;
  livemode: false;
  locale: string | null;
  metadata: Metadata;
  mode: 'payment';
  payment_intent: string | null;
  payment_method_types: string[];
  payment_status: 'paid' | 'unpaid' | 'no_payment_required';
  status: 'open' | 'complete' | 'expired';
  submit_type: string | null;
  success_url: string | null;
  total_details: { amount_discount: number; amount_shipping: number; amount_tax: number };
  ui_mode: 'hosted';
  url: string | null;
}

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded';

export type CaptureMethod = 'automatic' | 'automatic_async' | 'manual';

export interface PaymentErrorObject {
  type: 'card_error';
  code: 'card_declined';
  decline_code: 'generic_decline';
  charge: string;
  message: string;
  payment_method: { id: string; object: 'payment_method'; type: 'card' };
}

export interface PaymentIntentObject {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  application: string | null;
  application_fee_amount: number | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: CaptureMethod;
  client_secret: string;
  confirmation_method: 'automatic';
  created: number;
  currency: string;
  customer: null;
  description: string | null;
  last_payment_error: PaymentErrorObject | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Metadata;
  next_action: null;
  on_behalf_of: null;
  payment_method: string | null;
  payment_method_types: string[];
  receipt_email: string | null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: PaymentIntentStatus;
  transfer_data: null;
  transfer_group: null;
}

export interface ChargeObject {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  application: string | null;
  application_fee: string | null;
  application_fee_amount: number | null;
  balance_transaction: null;
  billing_details: { email: string | null; name: string | null };
  captured: boolean;
  created: number;
  currency: string;
  description: string | null;
  disputed: false;
  failure_code: string | null;
  failure_message: string | null;
  livemode: false;
  metadata: Metadata;
  outcome: {
    network_status: 'approved_by_network' | 'declined_by_network';
    reason: string | null;
    risk_level: 'normal';
    seller_message: string;
    type: 'authorized' | 'issuer_declined';
  };
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  payment_method_details: {
    type: 'card';
    card: {
      brand: 'visa';
      capture_before: number | null;
      country: 'US';
      funding: 'credit';
      network: 'visa';
    };
  };
  refunded: boolean;
  status: 'succeeded' | 'pending' | 'failed';
}

export interface RefundObject {
  id: string;
  object: 'refund';
  amount: number;
  charge: string;
  created: number;
  currency: string;
  metadata: Metadata;
  payment_intent: string;
  reason: string | null;
  status: 'succeeded';
}

export interface ApplicationFeeObject {
  id: string;
  object: 'application_fee';
  account: string;
  amount: number;
  amount_refunded: number;
  application: string;
  charge: string;
  created: number;
  currency: string;
  livemode: false;
  refunded: boolean;
}

export interface EventObject {
  id: string;
  object: 'event';
  /** Connected account the event happened on; absent for platform events. */
  account?: string;
  api_version: string;
  created: number;
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

/** Any object the emulator stores. */
export type StripeObject =
  | AccountObject
  | ApplicationFeeObject
  | ChargeObject
  | CheckoutSessionObject
  | EventObject
  | PaymentIntentObject
  | RefundObject;

/** Returns a deep copy of a stored object, for helper results and event snapshots. */
export function copyObject<T>(value: T): T {
  return structuredClone(value);
}
