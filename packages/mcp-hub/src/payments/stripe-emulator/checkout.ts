import { assertCanCharge } from './accounts.js';
import { invalidRequest, StripeApiError } from './errors.js';
import { newId } from './ids.js';
import type {
  ChargeObject,
  CheckoutSessionObject,
  LineItemObject,
  PaymentIntentObject,
} from './objects.js';
import {
  cancelPaymentIntent,
  confirmWithCard,
  insertPaymentIntent,
  type CardOutcome,
} from './payment-intents.js';
import { validateSessionCreate, type SessionCreateParams } from './checkout-params.js';
import type { EmulatorState, Scope, SessionPaymentData } from './state.js';

/** Default lifetime of a Checkout Session, as in Stripe: 24 hours. */
export const SESSION_LIFETIME_SECONDS = 24 * 60 * 60;

/** Creates an open Checkout Session in payment mode for `scope`. */
export function createSession(
  state: EmulatorState,
  scope: Scope,
  params: SessionCreateParams,
): CheckoutSessionObject {
  assertCanCharge(state, scope);
  const now = state.nowSeconds();
  const checked = validateSessionCreate(params, scope, now);

  const id = newId('cs_test', 58);
  const session: CheckoutSessionObject = {
    id,
    object: 'checkout.session',
    amount_subtotal: checked.amountTotal,
    amount_total: checked.amountTotal,
    cancel_url: params.cancel_url ?? null,
    client_reference_id: params.client_reference_id ?? null,
    created: now,
    currency: checked.currency,
    customer: null,
    customer_details: null,
    customer_email: params.customer_email ?? null,
    expires_at: params.expires_at ?? now + SESSION_LIFETIME_SECONDS,
    livemode: false,
    locale: params.locale ?? null,
    metadata: params.metadata ?? {},
    mode: 'payment',
    payment_intent: null,
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    status: 'open',
    submit_type: params.submit_type ?? null,
    success_url: params.success_url ?? null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted',
    url: `${state.settings.origin}/c/pay/${id}`,
  };

  state.sessions.insert(scope, session);
  state.lineItems.set(
    id,
    checked.lineItems.map((item) => lineItemObject(item, checked.currency)),
  );
  state.sessionPaymentData.set(id, paymentDataOf(params));
  return session;
}

/** Result of paying on the hosted page. */
export interface CheckoutOutcome {
  session: CheckoutSessionObject;
  paymentIntent: PaymentIntentObject;
  charge: ChargeObject;
}

/**
 * Does what the family does on the hosted page: the Checkout Session's PaymentIntent is
 * created on the first attempt and confirmed with a simulated card. An authorized card
 * completes the session (`checkout.session.completed`); a declined card leaves it open for
 * another attempt (`payment_intent.payment_failed`).
 */
export function payCheckoutSession(
  state: EmulatorState,
  sessionId: string,
  outcome: CardOutcome,
): CheckoutOutcome {
  const row = state.sessions.find(sessionId);
  if (!row) {
    throw invalidRequest(`No such checkout.session: '${sessionId}'`, { code: 'resource_missing' });
  }
  const { owner, object: session } = row;
  expireIfDue(state, owner, session);
  if (session.status !== 'open') {
    throw invalidRequest(
      `This Checkout Session is ${session.status}, so it cannot be paid. Create a new Checkout Session.`,
    );
  }
  assertCanCharge(state, owner);

  const intent = session.payment_intent
    ? state.paymentIntents.get(session.payment_intent, owner)
    : startPaymentIntent(state, owner, session);
  const charge = confirmWithCard(state, owner, intent, outcome);

  if (outcome === 'authorized') {
    session.status = 'complete';
    session.payment_status = intent.status === 'succeeded' ? 'paid' : 'unpaid';
    session.url = null;
    session.customer_details = { email: session.customer_email, name: null };
    state.emit('checkout.session.completed', session, owner);
  }
  return { session, paymentIntent: intent, charge };
}

/**
 * Expires an open Checkout Session and cancels a PaymentIntent left by a declined attempt,
 * emitting `checkout.session.expired`.
 */
export function expireSession(
  state: EmulatorState,
  scope: Scope,
  session: CheckoutSessionObject,
): CheckoutSessionObject {
  if (session.status !== 'open') {
    throw invalidRequest(
      `Only Checkout Sessions with a status of open can be expired; ${session.id} is ${session.status}.`,
      { param: 'session' },
    );
  }
  session.status = 'expired';
  session.url = null;
  if (session.payment_intent !== null) {
    const intent = state.paymentIntents.get(session.payment_intent, scope);
    if (intent.status === 'requires_payment_method') {
      cancelPaymentIntent(state, scope, intent, 'abandoned');
    }
  }
  state.emit('checkout.session.expired', session, scope);
  return session;
}

/** Expires `session` when its `expires_at` has passed on the emulator clock. */
export function expireIfDue(
  state: EmulatorState,
  scope: Scope,
  session: CheckoutSessionObject,
): void {
  if (session.status === 'open' && session.expires_at <= state.nowSeconds()) {
    expireSession(state, scope, session);
  }
}

/** Returns the Checkout Session that created the intent while that session is still open. */
export function openSessionOf(
  state: EmulatorState,
  intentId: string,
): CheckoutSessionObject | undefined {
  const sessionId = state.sessionOfPaymentIntent.get(intentId);
  const session = sessionId === undefined ? undefined : state.sessions.find(sessionId)?.object;
  return session?.status === 'open' ? session : undefined;
}

/** Rejects a direct call on a PaymentIntent that an open Checkout Session still manages. */
export function assertNotManagedByCheckout(state: EmulatorState, intentId: string): void {
  const session = openSessionOf(state, intentId);
  if (session) {
    throw new StripeApiError(
      400,
      'invalid_request_error',
      `This PaymentIntent is managed by the open Checkout Session ${session.id}; expire the Checkout Session instead.`,
      { code: 'payment_intent_unexpected_state' },
    );
  }
}

function startPaymentIntent(
  state: EmulatorState,
  owner: Scope,
  session: CheckoutSessionObject,
): PaymentIntentObject {
  const data = state.sessionPaymentData.get(session.id) as SessionPaymentData;
  const intent = insertPaymentIntent(state, owner, {
    amount: session.amount_total,
    currency: session.currency,
    captureMethod: data.captureMethod,
    applicationFeeAmount: data.applicationFeeAmount,
    metadata: data.metadata,
    description: data.description,
    receiptEmail: data.receiptEmail ?? session.customer_email,
    statementDescriptor: data.statementDescriptor,
    statementDescriptorSuffix: data.statementDescriptorSuffix,
  });
  session.payment_intent = intent.id;
  state.sessionOfPaymentIntent.set(intent.id, session.id);
  return intent;
}

function paymentDataOf(params: SessionCreateParams): SessionPaymentData {
  const data = params.payment_intent_data;
  return {
    captureMethod: data?.capture_method ?? 'automatic',
    applicationFeeAmount: data?.application_fee_amount ?? null,
    metadata: data?.metadata ?? {},
    description: data?.description ?? null,
    receiptEmail: data?.receipt_email ?? null,
    statementDescriptor: data?.statement_descriptor ?? null,
    statementDescriptorSuffix: data?.statement_descriptor_suffix ?? null,
  };
}

function lineItemObject(
  item: { name: string; unitAmount: number; quantity: number },
  currency: string,
): LineItemObject {
  const total = item.unitAmount * item.quantity;
  return {
    id: newId('li'),
    object: 'item',
    amount_discount: 0,
    amount_subtotal: total,
    amount_tax: 0,
    amount_total: total,
    currency,
    description: item.name,
    price: {
      id: newId('price'),
      object: 'price',
      active: false,
      currency,
      product: newId('prod', 14),
      type: 'one_time',
      unit_amount: item.unitAmount,
    },
    quantity: item.quantity,
  };
}
