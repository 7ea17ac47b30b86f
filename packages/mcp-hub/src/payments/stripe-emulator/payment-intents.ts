import { applicationFeeFor } from './application-fees.js';
import { invalidRequest, unexpectedState } from './errors.js';
import { newId, randomToken } from './ids.js';
import type {
  CaptureMethod,
  ChargeObject,
  Metadata,
  PaymentIntentObject,
  PaymentIntentStatus,
} from './objects.js';
import type { EmulatorState, Scope } from './state.js';

/** How long a card authorization stays capturable: 7 days for customer-initiated payments. */
export const AUTHORIZATION_SECONDS = 7 * 24 * 60 * 60;

const CANCELABLE: readonly PaymentIntentStatus[] = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];

/** Fields of a new PaymentIntent. */
export interface NewPaymentIntent {
  amount: number;
  currency: string;
  captureMethod: CaptureMethod;
  applicationFeeAmount: number | null;
  metadata: Metadata;
  description: string | null;
  receiptEmail: string | null;
  statementDescriptor: string | null;
  statementDescriptorSuffix: string | null;
}

/** Result of the simulated card when the payment is confirmed. */
export type CardOutcome = 'authorized' | 'declined';

/** Stores a PaymentIntent in `requires_payment_method` and emits `payment_intent.created`. */
export function insertPaymentIntent(
  state: EmulatorState,
  scope: Scope,
  input: NewPaymentIntent,
): PaymentIntentObject {
  const id = newId('pi');
  const intent: PaymentIntentObject = {
    id,
    object: 'payment_intent',
    amount: input.amount,
    amount_capturable: 0,
    amount_received: 0,
    application: scope === null ? null : state.applicationId,
    application_fee_amount: input.applicationFeeAmount,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: input.captureMethod,
    client_secret: `${id}_secret_${randomToken(25)}`,
    confirmation_method: 'automatic',
    created: state.nowSeconds(),
    currency: input.currency,
    customer: null,
    description: input.description,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_types: ['card'],
    receipt_email: input.receiptEmail,
    statement_descriptor: input.statementDescriptor,
    statement_descriptor_suffix: input.statementDescriptorSuffix,
    status: 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
  };
  state.paymentIntents.insert(scope, intent);
  state.emit('payment_intent.created', intent, scope);
  return intent;
}

/**
 * Confirms a PaymentIntent with a simulated card. Under manual capture an authorized card
 * reserves the amount (`requires_capture`), and otherwise it is captured at once. A declined
 * card leaves the intent in `requires_payment_method` with `last_payment_error`, so that it
 * can be paid again.
 */
export function confirmWithCard(
  state: EmulatorState,
  scope: Scope,
  intent: PaymentIntentObject,
  outcome: CardOutcome,
): ChargeObject {
  if (intent.status !== 'requires_payment_method' && intent.status !== 'requires_confirmation') {
    throw unexpectedState(
      `This PaymentIntent's status is ${intent.status}, so it cannot be confirmed. Only a PaymentIntent in requires_payment_method or requires_confirmation can be confirmed.`,
    );
  }
  const charge = insertCharge(state, scope, intent, outcome);
  intent.latest_charge = charge.id;
  intent.payment_method = charge.payment_method;

  if (outcome === 'declined') {
    intent.status = 'requires_payment_method';
    intent.last_payment_error = {
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      charge: charge.id,
      message: 'Your card was declined.',
      payment_method: { id: charge.payment_method, object: 'payment_method', type: 'card' },
    };
    state.emit('charge.failed', charge, scope);
    state.emit('payment_intent.payment_failed', intent, scope);
    return charge;
  }

  intent.last_payment_error = null;
  state.emit('charge.succeeded', charge, scope);
  if (intent.capture_method === 'manual') {
    const previous = { amount_capturable: 0, status: intent.status };
    intent.status = 'requires_capture';
    intent.amount_capturable = intent.amount;
    state.emit('payment_intent.amount_capturable_updated', intent, scope, previous);
  } else {
    settleCapture(state, scope, intent, charge, intent.amount);
    state.emit('payment_intent.succeeded', intent, scope);
  }
  return charge;
}

/** Options of `POST /v1/payment_intents/:id/capture`. */
export interface CaptureInput {
  amountToCapture?: number;
  applicationFeeAmount?: number;
  metadata?: Metadata;
}

/**
 * Captures an authorized PaymentIntent, all of it or `amountToCapture`; the rest of the hold is
 * released. Only `requires_capture` can be captured, so a second capture is rejected.
 */
export function capturePaymentIntent(
  state: EmulatorState,
  scope: Scope,
  intent: PaymentIntentObject,
  input: CaptureInput,
): PaymentIntentObject {
  if (intent.status !== 'requires_capture') {
    throw unexpectedState(
      `This PaymentIntent could not be captured because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
    );
  }
  const amount = input.amountToCapture ?? intent.amount_capturable;
  if (amount > intent.amount_capturable) {
    throw invalidRequest(
      `The amount to capture (${amount}) is greater than the amount capturable (${intent.amount_capturable}). Capture at most amount_capturable.`,
      { code: 'amount_too_large', param: 'amount_to_capture' },
    );
  }
  if (input.applicationFeeAmount !== undefined) {
    intent.application_fee_amount = input.applicationFeeAmount;
  }
  if (input.metadata !== undefined) intent.metadata = { ...intent.metadata, ...input.metadata };

  const charge = state.charges.get(intent.latest_charge as string, scope);
  settleCapture(state, scope, intent, charge, amount);
  state.emit('charge.captured', charge, scope);
  state.emit('payment_intent.succeeded', intent, scope, {
    amount_capturable: amount,
    amount_received: 0,
    status: 'requires_capture',
  });
  return intent;
}

/**
 * Cancels a PaymentIntent and releases an uncaptured hold. A captured (`succeeded`) or already
 * canceled intent cannot be canceled: refund a captured payment instead.
 */
export function cancelPaymentIntent(
  state: EmulatorState,
  scope: Scope,
  intent: PaymentIntentObject,
  reason: string | null,
): PaymentIntentObject {
  if (!CANCELABLE.includes(intent.status)) {
    throw unexpectedState(
      `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
    );
  }
  const previousStatus = intent.status;
  intent.status = 'canceled';
  intent.canceled_at = state.nowSeconds();
  intent.cancellation_reason = reason;
  intent.amount_capturable = 0;

  if (previousStatus === 'requires_capture' && intent.latest_charge !== null) {
    // The uncaptured charge stays `succeeded` but its whole amount is released.
    const charge = state.charges.get(intent.latest_charge, scope);
    charge.amount_refunded = charge.amount;
    charge.refunded = true;
    if (reason === 'automatic') state.emit('charge.expired', charge, scope);
  }
  state.emit('payment_intent.canceled', intent, scope, { status: previousStatus });
  return intent;
}

function settleCapture(
  state: EmulatorState,
  scope: Scope,
  intent: PaymentIntentObject,
  charge: ChargeObject,
  amount: number,
): void {
  intent.status = 'succeeded';
  intent.amount_capturable = 0;
  intent.amount_received = amount;

  charge.captured = true;
  charge.amount_captured = amount;
  charge.amount_refunded = charge.amount - amount;
  charge.payment_method_details.card.capture_before = null;
  charge.application_fee_amount = intent.application_fee_amount;
  if (
    scope !== null &&
    intent.application_fee_amount !== null &&
    intent.application_fee_amount > 0
  ) {
    const fee = applicationFeeFor(
      state,
      scope,
      charge,
      Math.min(intent.application_fee_amount, amount),
    );
    charge.application_fee = fee.id;
  }
}

function insertCharge(
  state: EmulatorState,
  scope: Scope,
  intent: PaymentIntentObject,
  outcome: CardOutcome,
): ChargeObject {
  const created = state.nowSeconds();
  const approved = outcome === 'authorized';
  const reserves = approved && intent.capture_method === 'manual';
  const charge: ChargeObject = {
    id: newId('ch'),
    object: 'charge',
    amount: intent.amount,
    amount_captured: 0,
    amount_refunded: 0,
    application: intent.application,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: { email: intent.receipt_email, name: null },
    captured: false,
    created,
    currency: intent.currency,
    description: intent.description,
    disputed: false,
    failure_code: approved ? null : 'card_declined',
    failure_message: approved ? null : 'Your card was declined.',
    livemode: false,
    metadata: { ...intent.metadata },
    outcome: approved
      ? {
          network_status: 'approved_by_network',
          reason: null,
          risk_level: 'normal',
          seller_message: 'Payment complete.',
          type: 'authorized',
        }
      : {
          network_status: 'declined_by_network',
          reason: 'generic_decline',
          risk_level: 'normal',
          seller_message: 'The bank did not return any further details with this decline.',
          type: 'issuer_declined',
        },
    paid: approved,
    payment_intent: intent.id,
    payment_method: newId('pm'),
    payment_method_details: {
      type: 'card',
      card: {
        brand: 'visa',
        capture_before: reserves ? created + AUTHORIZATION_SECONDS : null,
        country: 'US',
        funding: 'credit',
        network: 'visa',
      },
    },
    refunded: false,
    status: approved ? 'succeeded' : 'failed',
  };
  return state.charges.insert(scope, charge);
}
