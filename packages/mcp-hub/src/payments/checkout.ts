import type Stripe from 'stripe';
import { errorLogFields } from '../errors.js';
import { registrationRef } from '../registration/view.js';
import { idempotencyKey, stripeReference, type PaymentHub } from './context.js';
import type { PaymentPlan } from './plan.js';
import type { PaymentRecord } from './types.js';

/** Name of the success fee on the Checkout page. */
const FEE_NAME = 'SignupAssist fee';
const FEE_DESCRIPTION = 'Charged only after the provider confirms the registration.';
/** Name of the program fee of a Connect payment on the Checkout page. */
const PROGRAM_FEE_NAME = 'Program fee';

/**
 * Builds the Checkout Session of a payment from the stored record alone, so a retry with the
 * same idempotency key sends the same parameters. The card is only authorized
 * (`capture_method: manual`). A Connect payment adds the program fee as a line item and
 * carries the success fee as its application fee.
 */
export function checkoutParams(
  payment: PaymentRecord,
  pages: { successUrl: string; cancelUrl: string },
): Stripe.Checkout.SessionCreateParams {
  // NOTE: amounts go to Stripe in ISO 4217 minor units, which is what Stripe expects for USD,
  // EUR, JPY and most currencies. Stripe lists a few exceptions (such as ISK and HUF) whose API
  // amounts differ; those are not converted here.
  const currency = payment.currency.toLowerCase();
  const lineItems: Stripe.Checkout.SessionCreateParams.LineItem[] = [];
  if (payment.programFeeMinor !== undefined && payment.programFeeMinor > 0) {
    lineItems.push({
      quantity: 1,
      price_data: {
        currency,
        unit_amount: payment.programFeeMinor,
        product_data: { name: PROGRAM_FEE_NAME },
      },
    });
  }
  if (payment.feeMinor > 0) {
    lineItems.push({
      quantity: 1,
      price_data: {
        currency,
        unit_amount: payment.feeMinor,
        product_data: { name: FEE_NAME, description: FEE_DESCRIPTION },
      },
    });
  }

  // Operators match a Stripe object to the hub's logs by this reference; it grants nothing.
  const metadata = { registration_ref: stripeReference(payment.registrationId) };
  return {
    mode: 'payment',
    line_items: lineItems,
    payment_intent_data: {
      capture_method: 'manual',
      metadata,
      ...(payment.path === 'connect' && payment.feeMinor > 0
        ? { application_fee_amount: payment.feeMinor }
        : {}),
    },
    metadata,
    success_url: pages.successUrl,
    cancel_url: pages.cancelUrl,
  };
}

/** Returns the amount a payment's PaymentIntent must have: program fee plus success fee. */
export function expectedAmount(payment: PaymentRecord): number {
  return payment.feeMinor + (payment.programFeeMinor ?? 0);
}

/**
 * Stores a prepared registration's payment and opens its first Checkout Session. A failure to
 * reach Stripe is logged and leaves the payment without a link. Confirm and get_registration
 * then try again with the same idempotency key, so Stripe returns the same session.
 */
export async function startPayment(
  hub: PaymentHub,
  registrationId: string,
  vendorId: string,
  plan: PaymentPlan,
  requestId: string,
): Promise<PaymentRecord> {
  const { record } = await hub.payments.store.insert({
    registrationId,
    vendorId,
    path: plan.path,
    status: 'checkout_pending',
    currency: plan.currency,
    feeMinor: plan.feeMinor,
    ...(plan.programFeeMinor === undefined ? {} : { programFeeMinor: plan.programFeeMinor }),
    ...(plan.stripeAccount === undefined ? {} : { stripeAccount: plan.stripeAccount }),
    attempt: 1,
  });
  return ensureCheckout(hub, record, requestId);
}

/**
 * Opens the Checkout Session of a payment that waits for the family and has no link yet.
 * Returns the record unchanged when it needs no link or Stripe cannot be reached now.
 */
export async function ensureCheckout(
  hub: PaymentHub,
  payment: PaymentRecord,
  requestId?: string,
): Promise<PaymentRecord> {
  const waiting = payment.status === 'checkout_pending' || payment.status === 'owed';
  if (!waiting || payment.checkoutUrl) return payment;
  try {
    return await openCheckout(hub, payment, requestId);
  } catch (error) {
    hub.logger.warn(
      {
        ...(requestId ? { requestId } : {}),
        vendorId: payment.vendorId,
        registration: registrationRef(payment.registrationId),
        attempt: payment.attempt,
        ...errorLogFields(error),
      },
      'Payment link could not be created; it is tried again on the next request',
    );
    return payment;
  }
}

/**
 * Creates the Checkout Session of the payment's current attempt and stores its id and URL.
 * Throws the gateway's `ConnectorError` when Stripe fails.
 */
export async function openCheckout(
  hub: PaymentHub,
  payment: PaymentRecord,
  requestId?: string,
): Promise<PaymentRecord> {
  const { gateway, store } = hub.payments;
  const session = await gateway.createCheckoutSession(checkoutParams(payment, gateway.pages), {
    idempotencyKey: idempotencyKey(payment.registrationId, 'checkout', payment.attempt),
    ...(payment.stripeAccount ? { stripeAccount: payment.stripeAccount } : {}),
  });
  const result = await store.update(
    payment.registrationId,
    { checkoutSessionId: session.id, checkoutUrl: session.url ?? null },
    // A newer attempt may have replaced this one meanwhile; its link must stay.
    { status: ['checkout_pending', 'owed'], version: payment.version },
  );
  hub.logger.info(
    {
      ...(requestId ? { requestId } : {}),
      vendorId: payment.vendorId,
      registration: registrationRef(payment.registrationId),
      path: payment.path,
      attempt: payment.attempt,
      checkoutSessionId: session.id,
    },
    'Payment link created',
  );
  return result.record;
}
