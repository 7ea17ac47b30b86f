import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { ApplicationFeeObject } from '@signupassist/mcp-hub/stripe-emulator';
import {
  connectSessionParams,
  startEmulatorWithClient,
  successFeeParams,
} from './stripe-emulator-harness.js';

async function capturedConnectPayment() {
  const context = await startEmulatorWithClient();
  const options = { stripeAccount: context.account };
  const session = await context.stripe.checkout.sessions.create(connectSessionParams(), options);
  const { paymentIntent } = context.emulator.completeCheckout(session.id, {
    outcome: 'authorized',
  });
  await context.stripe.paymentIntents.capture(paymentIntent.id, {}, options);
  return { ...context, options, intentId: paymentIntent.id };
}

describe('refunds', () => {
  it('refund in full with the application fee', async () => {
    const { emulator, stripe, options, intentId } = await capturedConnectPayment();

    const refund = await stripe.refunds.create(
      { payment_intent: intentId, refund_application_fee: true },
      options,
    );
    const intent = await stripe.paymentIntents.retrieve(
      intentId,
      { expand: ['latest_charge'] },
      options,
    );
    const charge = intent.latest_charge as Stripe.Charge;
    const fee = await stripe.applicationFees.retrieve(charge.application_fee as string);

    expect(refund.status).toBe('succeeded');
    expect(refund.amount).toBe(12_000);
    expect(refund.payment_intent).toBe(intentId);
    expect(charge.amount_refunded).toBe(12_000);
    expect(charge.refunded).toBe(true);
    expect(intent.status).toBe('succeeded');
    expect(fee.amount).toBe(600);
    expect(fee.amount_refunded).toBe(600);
    expect(fee.refunded).toBe(true);
    const refunded = emulator.events({ type: 'charge.refunded' });
    expect(refunded).toHaveLength(1);
    expect(refunded[0]?.account).toBe(options.stripeAccount);
  });

  it('refund in parts with a proportional fee', async () => {
    const { emulator, stripe, options, intentId } = await capturedConnectPayment();

    await stripe.refunds.create(
      { payment_intent: intentId, amount: 3000, refund_application_fee: true },
      options,
    );
    const second = await stripe.refunds.create(
      { payment_intent: intentId, amount: 9000, refund_application_fee: true },
      options,
    );
    const third = await stripe.refunds
      .create({ payment_intent: intentId, amount: 1 }, options)
      .catch((caught) => caught);

    const fees = emulator
      .events({ type: 'application_fee.refunded' })
      .map((event) => (event.data.object as ApplicationFeeObject).amount_refunded);
    expect(second.amount).toBe(9000);
    expect(fees).toEqual([150, 600]);
    expect(third.statusCode).toBe(400);
    expect(third.code).toBe('charge_already_refunded');
  });

  it('keep the fee without refund_application_fee', async () => {
    const { emulator, stripe, options, intentId } = await capturedConnectPayment();

    await stripe.refunds.create({ payment_intent: intentId }, options);

    expect(emulator.events({ type: 'application_fee.refunded' })).toHaveLength(0);
  });

  it('reject a refund above the remaining amount', async () => {
    const { stripe, options, intentId } = await capturedConnectPayment();

    const error = await stripe.refunds
      .create({ payment_intent: intentId, amount: 12_001 }, options)
      .catch((caught) => caught);

    expect(error.statusCode).toBe(400);
    expect(error.param).toBe('amount');
  });

  it('reject a refund of an uncaptured intent', async () => {
    const { emulator, stripe } = await startEmulatorWithClient();
    const session = await stripe.checkout.sessions.create(successFeeParams());
    const { paymentIntent } = emulator.completeCheckout(session.id, { outcome: 'authorized' });

    const error = await stripe.refunds
      .create({ payment_intent: paymentIntent.id })
      .catch((caught) => caught);

    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('charge_not_refundable');
  });

  it('hide connected-account refunds without the header', async () => {
    const { stripe, intentId } = await capturedConnectPayment();

    const error = await stripe.refunds
      .create({ payment_intent: intentId })
      .catch((caught) => caught);

    expect(error.statusCode).toBe(404);
    expect(error.param).toBe('payment_intent');
  });

  it('capture part and refund the rest', async () => {
    const { emulator, stripe, account } = await startEmulatorWithClient();
    const options = { stripeAccount: account };
    const session = await stripe.checkout.sessions.create(connectSessionParams(), options);
    const { paymentIntent } = emulator.completeCheckout(session.id, { outcome: 'authorized' });

    const captured = await stripe.paymentIntents.capture(
      paymentIntent.id,
      { amount_to_capture: 10_000 },
      options,
    );
    const refund = await stripe.refunds.create({ payment_intent: paymentIntent.id }, options);

    expect(captured.amount_received).toBe(10_000);
    expect(refund.amount).toBe(10_000);
  });
});
