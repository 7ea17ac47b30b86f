import type Stripe from 'stripe';
import { registrationRef } from '../registration/view.js';
import { stripeReference, type PaymentHub } from './context.js';
import { intentOfSession, markAuthorized, markCaptured } from './intent-state.js';
import { newPaymentAttempt } from './operations.js';
import { registrationEnded, settlePayment } from './settle.js';
import type { PaymentRecord, PaymentStatus } from './types.js';

type Endpoint = 'platform' | 'connect';

/** Reads `metadata.registration_ref`, the non-secret reference the hub stamped on an object. */
function referenceOf(object: { metadata?: Stripe.Metadata | null }): string | undefined {
  const value = object.metadata?.registration_ref;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Finds the open payment whose Stripe reference is `reference` and that has no PaymentIntent
 * yet. A PaymentIntent event can arrive before its session's `checkout.session.completed`, which
 * links the intent. Only payments waiting for the family are searched, so the scan stays short.
 */
async function unlinkedPayment(
  hub: PaymentHub,
  reference: string,
): Promise<PaymentRecord | undefined> {
  const waiting = await hub.payments.store.list({ status: ['checkout_pending', 'owed'] });
  return waiting.find(
    (payment) =>
      payment.paymentIntentId === undefined &&
      stripeReference(payment.registrationId) === reference,
  );
}

/**
 * Finds the payment an event is about by its Checkout Session or PaymentIntent id. A payment
 * not linked to its intent yet is found by its reference. The event must come from the
 * payment's account: direct charges only through the Connect endpoint with their account,
 * platform payments only through the platform endpoint. Anything else is not this hub's.
 */
async function paymentOf(
  hub: PaymentHub,
  event: Stripe.Event,
  endpoint: Endpoint,
  lookup: { sessionId?: string; paymentIntentId?: string; reference?: string },
): Promise<PaymentRecord | undefined> {
  const { store } = hub.payments;
  let payment: PaymentRecord | undefined;
  if (lookup.sessionId) payment = await store.findByCheckoutSession(lookup.sessionId);
  if (!payment && lookup.paymentIntentId) {
    payment = await store.findByPaymentIntent(lookup.paymentIntentId);
  }
  if (!payment && lookup.reference) payment = await unlinkedPayment(hub, lookup.reference);
  if (!payment) return undefined;

  const expectedEndpoint: Endpoint = payment.stripeAccount ? 'connect' : 'platform';
  if (endpoint !== expectedEndpoint || (payment.stripeAccount ?? undefined) !== event.account) {
    hub.logger.warn(
      {
        eventId: event.id,
        eventType: event.type,
        endpoint,
        registration: registrationRef(payment.registrationId),
      },
      'Stripe event came from another account than its payment; ignored',
    );
    return undefined;
  }
  return payment;
}

/** Brings the payment in line with its registration after an event changed it. */
async function settleRegistration(hub: PaymentHub, payment: PaymentRecord): Promise<void> {
  const registration = await hub.ledger.getRegistration(payment.registrationId);
  if (registration) await settlePayment(hub, registration);
}

async function onCheckoutCompleted(
  hub: PaymentHub,
  event: Stripe.Event,
  endpoint: Endpoint,
  session: Stripe.Checkout.Session,
): Promise<boolean> {
  let payment = await paymentOf(hub, event, endpoint, { sessionId: session.id });
  if (!payment) return false;
  const intent = await intentOfSession(hub, session, payment.stripeAccount);
  if (intent) payment = await markAuthorized(hub, payment, intent);
  await settleRegistration(hub, payment);
  return true;
}

async function onCheckoutExpired(
  hub: PaymentHub,
  event: Stripe.Event,
  endpoint: Endpoint,
  session: Stripe.Checkout.Session,
): Promise<boolean> {
  const payment = await paymentOf(hub, event, endpoint, { sessionId: session.id });
  if (!payment) return false;
  // An unpaid first link only cancels the payment: a confirm issues a new one. An owed fee
  // whose link expired stays unpaid for good, and reconcile reports it.
  const next: PaymentStatus = payment.status === 'owed' ? 'failed' : 'canceled';
  await hub.payments.store.update(
    payment.registrationId,
    {
      status: next,
      canceledAt: hub.clock.now(),
      ...(next === 'failed'
        ? { lastError: 'The payment link expired before the fee was paid.' }
        : {}),
    },
    { status: ['checkout_pending', 'owed'], version: payment.version },
  );
  return true;
}

async function onIntentAuthorized(
  hub: PaymentHub,
  event: Stripe.Event,
  endpoint: Endpoint,
  intent: Stripe.PaymentIntent,
): Promise<boolean> {
  let payment = await paymentOf(hub, event, endpoint, {
    paymentIntentId: intent.id,
    reference: referenceOf(intent),
  });
  if (!payment) return false;
  payment = await markAuthorized(hub, payment, intent);
  await settleRegistration(hub, payment);
  return true;
}

async function onIntentSucceeded(
  hub: PaymentHub,
  event: Stripe.Event,
  endpoint: Endpoint,
  intent: Stripe.PaymentIntent,
): Promise<boolean> {
  const payment = await paymentOf(hub, event, endpoint, { paymentIntentId: intent.id });
  if (!payment) return false;
  await markCaptured(hub, payment, intent);
  return true;
}

async function onIntentFailed(
  hub: PaymentHub,
  event: Stripe.Event,
  endpoint: Endpoint,
  intent: Stripe.PaymentIntent,
): Promise<boolean> {
  const payment = await paymentOf(hub, event, endpoint, {
    paymentIntentId: intent.id,
    reference: referenceOf(intent),
  });
  if (!payment) return false;
  // The Checkout page stays open for another card, so the status stays as it is.
  await hub.payments.store.update(
    payment.registrationId,
    { lastError: 'The card was declined. Another card can be used on the payment page.' },
    { status: ['checkout_pending', 'owed'] },
  );
  return true;
}

async function onIntentCanceled(
  hub: PaymentHub,
  event: Stripe.Event,
  endpoint: Endpoint,
  intent: Stripe.PaymentIntent,
): Promise<boolean> {
  const payment = await paymentOf(hub, event, endpoint, { paymentIntentId: intent.id });
  if (!payment || payment.status !== 'authorized') return payment !== undefined;

  const registration = await hub.ledger.getRegistration(payment.registrationId);
  if (registration && !registrationEnded(registration, hub.clock.now())) {
    // Stripe cancels an authorization that lapsed (`automatic`); the fee is still owed.
    await newPaymentAttempt(hub, payment, { status: 'owed', cancelOld: false });
    return true;
  }
  await hub.payments.store.update(
    payment.registrationId,
    { status: 'canceled', canceledAt: hub.clock.now() },
    { status: ['authorized'] },
  );
  return true;
}

async function onChargeRefunded(
  hub: PaymentHub,
  event: Stripe.Event,
  endpoint: Endpoint,
  charge: Stripe.Charge,
): Promise<boolean> {
  const intentId =
    typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
  if (!intentId) return false;
  const payment = await paymentOf(hub, event, endpoint, { paymentIntentId: intentId });
  if (!payment) return false;
  await hub.payments.store.update(
    payment.registrationId,
    { status: 'refunded', refundedAt: hub.clock.now(), refundedMinor: charge.amount_refunded },
    { status: ['captured', 'refunded'] },
  );
  return true;
}

/**
 * Applies one verified event. Returns false for event types the hub does not use and for
 * objects that are not one of its payments.
 */
export async function applyEvent(
  hub: PaymentHub,
  event: Stripe.Event,
  endpoint: Endpoint,
): Promise<boolean> {
  switch (event.type) {
    case 'checkout.session.completed':
      return onCheckoutCompleted(hub, event, endpoint, event.data.object);
    case 'checkout.session.expired':
      return onCheckoutExpired(hub, event, endpoint, event.data.object);
    case 'payment_intent.amount_capturable_updated':
      return onIntentAuthorized(hub, event, endpoint, event.data.object);
    case 'payment_intent.succeeded':
      return onIntentSucceeded(hub, event, endpoint, event.data.object);
    case 'payment_intent.payment_failed':
      return onIntentFailed(hub, event, endpoint, event.data.object);
    case 'payment_intent.canceled':
      return onIntentCanceled(hub, event, endpoint, event.data.object);
    case 'charge.refunded':
      return onChargeRefunded(hub, event, endpoint, event.data.object);
    case 'account.updated':
      hub.payments.accounts.update(event.data.object);
      return true;
    default:
      return false;
  }
}
