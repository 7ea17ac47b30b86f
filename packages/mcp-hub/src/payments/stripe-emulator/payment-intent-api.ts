import { z } from 'zod';
import { assertCanCharge } from './accounts.js';
import { assertNotManagedByCheckout } from './checkout.js';
import { minimumChargeAmount, formatAmount } from './currency.js';
import { MAXIMUM_AMOUNT } from './checkout-params.js';
import { pathParam, type RequestContext } from './context.js';
import { invalidRequest, StripeApiError } from './errors.js';
import type { ChargeObject, PaymentIntentObject } from './objects.js';
import { amount, boolean, currency, expand, metadata, parseParams } from './params.js';
import {
  cancelPaymentIntent,
  capturePaymentIntent,
  confirmWithCard,
  insertPaymentIntent,
  type CardOutcome,
} from './payment-intents.js';
import { copyObject } from './objects.js';

/**
 * Test payment methods the emulator accepts on confirmation, named as in Stripe's test mode.
 * They stand for a card that authorizes or one that is declined; no card data is involved.
 */
const TEST_PAYMENT_METHODS: Readonly<Record<string, CardOutcome>> = {
  pm_card_visa: 'authorized',
  pm_card_mastercard: 'authorized',
  pm_card_chargeDeclined: 'declined',
  pm_card_visa_chargeDeclined: 'declined',
};

const createSchema = z
  .object({
    amount,
    currency,
    application_fee_amount: amount.optional(),
    automatic_payment_methods: z
      .object({ enabled: boolean, allow_redirects: z.enum(['always', 'never']).optional() })
      .strict()
      .optional(),
    capture_method: z.enum(['automatic', 'automatic_async', 'manual']).optional(),
    confirm: boolean.optional(),
    description: z.string().optional(),
    metadata: metadata.optional(),
    payment_method: z.string().optional(),
    payment_method_types: z.array(z.string()).optional(),
    receipt_email: z.string().optional(),
    statement_descriptor: z.string().max(22).optional(),
    statement_descriptor_suffix: z.string().max(22).optional(),
    expand,
  })
  .strict();

const retrieveSchema = z.object({ client_secret: z.string().optional(), expand }).strict();
const confirmSchema = z.object({ payment_method: z.string().optional(), expand }).strict();
const captureSchema = z
  .object({
    amount_to_capture: amount.optional(),
    application_fee_amount: amount.optional(),
    final_capture: boolean.optional(),
    metadata: metadata.optional(),
    expand,
  })
  .strict();
const cancelSchema = z
  .object({
    cancellation_reason: z
      .enum(['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer'])
      .optional(),
    expand,
  })
  .strict();

/** `POST /v1/payment_intents`, optionally confirmed at once with a test payment method. */
export function createPaymentIntent(context: RequestContext): PaymentIntentObject {
  const { state, scope } = context;
  const params = parseParams(createSchema, context.params);
  assertCanCharge(state, scope);
  checkAmount(params.amount, params.currency);
  if (params.application_fee_amount !== undefined) {
    if (scope === null) {
      throw invalidRequest(
        'An application_fee_amount applies only to a direct charge on a connected account; pass the Stripe-Account header.',
        { param: 'application_fee_amount' },
      );
    }
    if (params.application_fee_amount > params.amount) {
      throw invalidRequest('The application_fee_amount cannot be greater than the amount.', {
        code: 'amount_too_large',
        param: 'application_fee_amount',
      });
    }
  }
  const outcome = params.confirm === true ? testOutcome(params.payment_method) : undefined;

  const intent = insertPaymentIntent(state, scope, {
    amount: params.amount,
    currency: params.currency,
    captureMethod: params.capture_method ?? 'automatic',
    applicationFeeAmount: params.application_fee_amount ?? null,
    metadata: params.metadata ?? {},
    description: params.description ?? null,
    receiptEmail: params.receipt_email ?? null,
    statementDescriptor: params.statement_descriptor ?? null,
    statementDescriptorSuffix: params.statement_descriptor_suffix ?? null,
  });
  if (outcome !== undefined) confirmOrDecline(context, intent, outcome);
  return intent;
}

/** `GET /v1/payment_intents/:id`. */
export function retrievePaymentIntent(context: RequestContext): PaymentIntentObject {
  parseParams(retrieveSchema, context.params);
  return context.state.paymentIntents.get(pathParam(context, 'id'), context.scope);
}

/** `POST /v1/payment_intents/:id/confirm` with a test payment method. */
export function confirmPaymentIntent(context: RequestContext): PaymentIntentObject {
  const params = parseParams(confirmSchema, context.params);
  const intent = context.state.paymentIntents.get(pathParam(context, 'id'), context.scope);
  assertNotManagedByCheckout(context.state, intent.id);
  assertCanCharge(context.state, context.scope);
  confirmOrDecline(context, intent, testOutcome(params.payment_method));
  return intent;
}

/** `POST /v1/payment_intents/:id/capture`. */
export function capturePaymentIntentEndpoint(context: RequestContext): PaymentIntentObject {
  const params = parseParams(captureSchema, context.params);
  const intent = context.state.paymentIntents.get(pathParam(context, 'id'), context.scope);
  if (
    params.application_fee_amount !== undefined &&
    (context.scope === null || params.application_fee_amount > intent.amount)
  ) {
    throw invalidRequest(
      'The application_fee_amount must be at most the amount and applies only to a direct charge (Stripe-Account header).',
      { param: 'application_fee_amount' },
    );
  }
  return capturePaymentIntent(context.state, context.scope, intent, {
    ...(params.amount_to_capture === undefined
      ? {}
      : { amountToCapture: params.amount_to_capture }),
    ...(params.application_fee_amount === undefined
      ? {}
      : { applicationFeeAmount: params.application_fee_amount }),
    ...(params.metadata === undefined ? {} : { metadata: params.metadata }),
  });
}

/** `POST /v1/payment_intents/:id/cancel`. */
export function cancelPaymentIntentEndpoint(context: RequestContext): PaymentIntentObject {
  const params = parseParams(cancelSchema, context.params);
  const intent = context.state.paymentIntents.get(pathParam(context, 'id'), context.scope);
  assertNotManagedByCheckout(context.state, intent.id);
  return cancelPaymentIntent(
    context.state,
    context.scope,
    intent,
    params.cancellation_reason ?? null,
  );
}

/** `GET /v1/charges/:id`. */
export function retrieveCharge(context: RequestContext): ChargeObject {
  parseParams(z.object({ expand }).strict(), context.params);
  return context.state.charges.get(pathParam(context, 'id'), context.scope);
}

function confirmOrDecline(
  context: RequestContext,
  intent: PaymentIntentObject,
  outcome: CardOutcome,
): void {
  const charge = confirmWithCard(context.state, context.scope, intent, outcome);
  if (outcome === 'authorized') return;
  throw new StripeApiError(402, 'card_error', 'Your card was declined.', {
    code: 'card_declined',
    declineCode: 'generic_decline',
    extra: { charge: charge.id, payment_intent: copyObject(intent) },
  });
}

function testOutcome(paymentMethod: string | undefined): CardOutcome {
  if (paymentMethod === undefined) {
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. Pass payment_method, such as pm_card_visa.",
      { code: 'payment_intent_unexpected_state', param: 'payment_method' },
    );
  }
  const outcome = TEST_PAYMENT_METHODS[paymentMethod];
  if (outcome === undefined) {
    throw invalidRequest(
      `No such PaymentMethod: '${paymentMethod}'. The emulator accepts ${Object.keys(TEST_PAYMENT_METHODS).join(', ')}.`,
      { code: 'resource_missing', param: 'payment_method' },
    );
  }
  return outcome;
}

function checkAmount(value: number, code: string): void {
  const minimum = minimumChargeAmount(code);
  if (value < minimum) {
    throw invalidRequest(
      `Amount must be at least ${formatAmount(minimum, code)}; it is ${formatAmount(value, code)}.`,
      { code: 'amount_too_small', param: 'amount' },
    );
  }
  if (value > MAXIMUM_AMOUNT) {
    throw invalidRequest(`Amount must be at most ${MAXIMUM_AMOUNT} minor units.`, {
      code: 'amount_too_large',
      param: 'amount',
    });
  }
}
