import { z } from 'zod';
import { refundApplicationFee } from './application-fees.js';
import { pathParam, type RequestContext } from './context.js';
import { invalidRequest, StripeApiError } from './errors.js';
import { newId } from './ids.js';
import type { ChargeObject, RefundObject } from './objects.js';
import { amount, boolean, expand, metadata, parseParams } from './params.js';

const refundCreateSchema = z
  .object({
    payment_intent: z.string().optional(),
    charge: z.string().optional(),
    amount: amount.optional(),
    reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer']).optional(),
    metadata: metadata.optional(),
    refund_application_fee: boolean.optional(),
    reverse_transfer: boolean.optional(),
    expand,
  })
  .strict();

/**
 * `POST /v1/refunds`: refunds a captured charge, all of what is left or `amount`, and with
 * `refund_application_fee` returns the matching share of the platform's fee. Emits
 * `charge.refunded` and `refund.created`.
 */
export function createRefund(context: RequestContext): RefundObject {
  const { state, scope } = context;
  const params = parseParams(refundCreateSchema, context.params);
  const charge = chargeToRefund(context, params.payment_intent, params.charge);

  const refundable = charge.amount - charge.amount_refunded;
  if (refundable === 0) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, {
      code: 'charge_already_refunded',
    });
  }
  const refundAmount = params.amount ?? refundable;
  if (refundAmount < 1 || refundAmount > refundable) {
    throw invalidRequest(
      `Refund amount (${refundAmount}) must be between 1 and the unrefunded amount on the charge (${refundable}).`,
      { code: 'amount_too_large', param: 'amount' },
    );
  }

  const refund: RefundObject = {
    id: newId('re'),
    object: 'refund',
    amount: refundAmount,
    charge: charge.id,
    created: state.nowSeconds(),
    currency: charge.currency,
    metadata: params.metadata ?? {},
    payment_intent: charge.payment_intent,
    reason: params.reason ?? null,
    status: 'succeeded',
  };
  state.refunds.insert(scope, refund);

  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += refundAmount;
  charge.refunded = charge.amount_refunded >= charge.amount;
  if (params.refund_application_fee === true && charge.application_fee !== null) {
    refundApplicationFee(state, charge.application_fee, charge, refundAmount);
  }
  state.emit('refund.created', refund, scope);
  state.emit('charge.refunded', charge, scope, previous);
  return refund;
}

/** `GET /v1/refunds/:id`. */
export function retrieveRefund(context: RequestContext): RefundObject {
  parseParams(z.object({ expand }).strict(), context.params);
  return context.state.refunds.get(pathParam(context, 'id'), context.scope);
}

function chargeToRefund(
  context: RequestContext,
  paymentIntentId: string | undefined,
  chargeId: string | undefined,
): ChargeObject {
  const { state, scope } = context;
  if (paymentIntentId === undefined && chargeId === undefined) {
    throw invalidRequest('Missing required param: pass payment_intent or charge.', {
      code: 'parameter_missing',
      param: 'payment_intent',
    });
  }
  if (chargeId !== undefined) {
    return capturedCharge(state.charges.get(chargeId, scope, 'charge'));
  }
  const intent = state.paymentIntents.get(paymentIntentId as string, scope, 'payment_intent');
  if (intent.status !== 'succeeded' || intent.latest_charge === null) {
    throw new StripeApiError(
      400,
      'invalid_request_error',
      `This PaymentIntent (${intent.id}) does not have a successful charge to refund; its status is ${intent.status}. Cancel an uncaptured PaymentIntent instead.`,
      { code: 'charge_not_refundable', param: 'payment_intent' },
    );
  }
  return capturedCharge(state.charges.get(intent.latest_charge, scope));
}

function capturedCharge(charge: ChargeObject): ChargeObject {
  if (!charge.captured || charge.status !== 'succeeded') {
    throw invalidRequest(
      `Charge ${charge.id} has not been captured, so it cannot be refunded. Cancel its PaymentIntent to release the authorization.`,
      { code: 'charge_not_refundable', param: 'charge' },
    );
  }
  return charge;
}
