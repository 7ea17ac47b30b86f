import type Stripe from 'stripe';
import { registrationRef } from '../registration/view.js';
import { expectedAmount } from './checkout.js';
import type { PaymentHub } from './context.js';
import type { PaymentRecord } from './types.js';

/** Lifetime of a card authorization without Stripe's `capture_before`, in milliseconds. */
export const AUTHORIZATION_LIFETIME_MS = 7 * 24 * 60 * 60_000;

/** Returns the PaymentIntent of a Checkout Session as an object, reading it when only an id. */
export async function intentOfSession(
  hub: PaymentHub,
  session: Stripe.Checkout.Session,
  stripeAccount: string | undefined,
): Promise<Stripe.PaymentIntent | undefined> {
  const intent = session.payment_intent;
  if (!intent) return undefined;
  if (typeof intent !== 'string') return intent;
  return hub.payments.gateway.retrievePaymentIntent(intent, stripeAccount);
}

/**
 * Returns when an authorization lapses: the card's `capture_before` from the latest charge
 * when Stripe gives it, else {@link AUTHORIZATION_LIFETIME_MS} after `authorizedAt`.
 */
export function authorizationExpiry(intent: Stripe.PaymentIntent, authorizedAt: Date): Date {
  const charge = intent.latest_charge;
  const captureBefore =
    charge && typeof charge !== 'string'
      ? charge.payment_method_details?.card?.capture_before
      : undefined;
  if (typeof captureBefore === 'number') return new Date(captureBefore * 1000);
  return new Date(authorizedAt.getTime() + AUTHORIZATION_LIFETIME_MS);
}

/**
 * Checks that a PaymentIntent is the one this payment asked for: same currency and amount.
 * A mismatch is logged as an error and the PaymentIntent is not taken as this payment's.
 */
function matchesPayment(hub: PaymentHub, payment: PaymentRecord, intent: Stripe.PaymentIntent) {
  const matches =
    intent.currency.toUpperCase() === payment.currency && intent.amount === expectedAmount(payment);
  if (!matches) {
    hub.logger.error(
      {
        vendorId: payment.vendorId,
        registration: registrationRef(payment.registrationId),
        paymentIntentId: intent.id,
        expectedMinor: expectedAmount(payment),
        intentMinor: intent.amount,
        intentCurrency: intent.currency,
      },
      'PaymentIntent amount or currency differs from the payment; it is not used',
    );
  }
  return matches;
}

/**
 * Records an authorization: a PaymentIntent in `requires_capture` for a payment that waited
 * for the family. Returns the stored record as it is afterwards, which another request may
 * have moved on first, for example to `captured`.
 */
export async function markAuthorized(
  hub: PaymentHub,
  payment: PaymentRecord,
  intent: Stripe.PaymentIntent,
): Promise<PaymentRecord> {
  if (intent.status !== 'requires_capture' || !matchesPayment(hub, payment, intent)) {
    // A concurrent request may have moved the payment on already, up to its capture.
    return (await hub.payments.store.get(payment.registrationId)) ?? payment;
  }
  const authorizedAt = hub.clock.now();
  const result = await hub.payments.store.update(
    payment.registrationId,
    {
      status: 'authorized',
      paymentIntentId: intent.id,
      authorizedAt,
      authorizationExpiresAt: authorizationExpiry(intent, authorizedAt),
      lastError: null,
    },
    { status: ['checkout_pending', 'owed'] },
  );
  if (result.updated) {
    hub.logger.info(
      {
        vendorId: payment.vendorId,
        registration: registrationRef(payment.registrationId),
        paymentIntentId: intent.id,
        attempt: payment.attempt,
      },
      'Payment authorized',
    );
  }
  return result.record;
}

/** Records a capture that Stripe reports, made by this request or another one. */
export async function markCaptured(
  hub: PaymentHub,
  payment: PaymentRecord,
  intent: Stripe.PaymentIntent,
): Promise<PaymentRecord> {
  const result = await hub.payments.store.update(
    payment.registrationId,
    { status: 'captured', capturedAt: hub.clock.now(), lastError: null },
    { status: ['authorized'] },
  );
  if (result.updated) {
    hub.logger.info(
      {
        vendorId: payment.vendorId,
        registration: registrationRef(payment.registrationId),
        paymentIntentId: intent.id,
        capturedMinor: intent.amount_received,
      },
      'Payment captured',
    );
  }
  return result.record;
}

/** Result of {@link syncCheckout}. */
export interface CheckoutSync {
  record: PaymentRecord;
  /** Whether the payment's Checkout Session expired, so its link can no longer be paid. */
  expired: boolean;
}

/**
 * Reads a waiting payment's Checkout Session from Stripe and records what the family did:
 * an authorization, or an expired session, which cancels a `checkout_pending` payment. Used
 * when no webhook has arrived yet.
 */
export async function syncCheckout(hub: PaymentHub, payment: PaymentRecord): Promise<CheckoutSync> {
  if (!payment.checkoutSessionId) return { record: payment, expired: false };
  const session = await hub.payments.gateway.retrieveCheckoutSession(
    payment.checkoutSessionId,
    payment.stripeAccount,
  );
  if (session.status === 'complete') {
    const intent = await intentOfSession(hub, session, payment.stripeAccount);
    const record = intent ? await markAuthorized(hub, payment, intent) : payment;
    return { record, expired: false };
  }
  if (session.status !== 'expired') return { record: payment, expired: false };
  if (payment.status !== 'checkout_pending') return { record: payment, expired: true };
  const result = await hub.payments.store.update(
    payment.registrationId,
    { status: 'canceled', canceledAt: hub.clock.now() },
    { status: ['checkout_pending'], version: payment.version },
  );
  return { record: result.record, expired: true };
}
