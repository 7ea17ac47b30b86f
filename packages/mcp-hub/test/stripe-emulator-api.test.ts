import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { startEmulatorWithClient, successFeeParams } from './stripe-emulator-harness.js';

describe('PaymentIntents API', () => {
  it('authorize with a test payment method', async () => {
    const { emulator, stripe, account } = await startEmulatorWithClient();

    const intent = await stripe.paymentIntents.create(
      {
        amount: 9000,
        currency: 'usd',
        capture_method: 'manual',
        application_fee_amount: 450,
        confirm: true,
        payment_method: 'pm_card_visa',
        metadata: { registration: 'reg_3' },
      },
      { stripeAccount: account, idempotencyKey: 'reg_3:checkout:1' },
    );

    expect(intent.status).toBe('requires_capture');
    expect(intent.amount_capturable).toBe(9000);
    expect(intent.application_fee_amount).toBe(450);
    const capturable = emulator.events({ type: 'payment_intent.amount_capturable_updated' });
    expect(capturable[0]?.account).toBe(account);
  });

  it('return a card error for a declined card', async () => {
    const { emulator, stripe } = await startEmulatorWithClient();

    const error = await stripe.paymentIntents
      .create({
        amount: 9000,
        currency: 'usd',
        confirm: true,
        payment_method: 'pm_card_chargeDeclined',
      })
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error.statusCode).toBe(402);
    expect(error.code).toBe('card_declined');
    expect(error.decline_code).toBe('generic_decline');
    expect(error.payment_intent.status).toBe('requires_payment_method');
    expect(emulator.events({ type: 'payment_intent.payment_failed' })).toHaveLength(1);
  });

  it('capture automatically without manual capture', async () => {
    const { stripe } = await startEmulatorWithClient();

    const intent = await stripe.paymentIntents.create({
      amount: 9000,
      currency: 'usd',
      confirm: true,
      payment_method: 'pm_card_visa',
    });

    expect(intent.status).toBe('succeeded');
    expect(intent.amount_received).toBe(9000);
  });

  it('confirm a created intent later', async () => {
    const { stripe } = await startEmulatorWithClient();
    const created = await stripe.paymentIntents.create({
      amount: 9000,
      currency: 'usd',
      capture_method: 'manual',
    });

    const confirmed = await stripe.paymentIntents.confirm(created.id, {
      payment_method: 'pm_card_visa',
    });

    expect(created.status).toBe('requires_payment_method');
    expect(confirmed.status).toBe('requires_capture');
  });
});

describe('request checks', () => {
  it('reject a bad expand before creating', async () => {
    const { stripe } = await startEmulatorWithClient();

    const error = await stripe.checkout.sessions
      .create({ ...successFeeParams(), expand: ['payment_intnet'] })
      .catch((caught) => caught);
    const list = await stripe.checkout.sessions.list();

    expect(error.statusCode).toBe(400);
    expect(error.param).toBe('expand');
    expect(list.data).toHaveLength(0);
  });

  it('store no result for invalid parameters', async () => {
    const { stripe } = await startEmulatorWithClient();
    const options = { idempotencyKey: 'reg_2:checkout:1' };
    const invalid = { ...successFeeParams(), mode: 'paymentt' };

    const first = await stripe.checkout.sessions
      .create(invalid as unknown as Stripe.Checkout.SessionCreateParams, options)
      .catch((caught) => caught);
    const second = await stripe.checkout.sessions.create(successFeeParams(), options);

    expect(first.code).toBe('parameter_invalid_string');
    expect(second.status).toBe('open');
  });

  it('report the missing parameter by name', async () => {
    const { stripe } = await startEmulatorWithClient();
    const params = successFeeParams({
      line_items: [{ quantity: 1, price_data: { currency: 'usd', product_data: { name: 'Fee' } } }],
    });

    const error = await stripe.checkout.sessions.create(params).catch((caught) => caught);

    expect(error.code).toBe('parameter_missing');
    expect(error.param).toBe('line_items[0][price_data][unit_amount]');
  });

  it('read accounts with and without the header', async () => {
    const { stripe, account, disabledAccount } = await startEmulatorWithClient();

    const ready = await stripe.accounts.retrieve(account);
    const pending = await stripe.accounts.retrieve(disabledAccount);
    const own = await stripe.accounts.retrieve(null, {}, { stripeAccount: account });

    expect(ready.charges_enabled).toBe(true);
    expect(ready.capabilities?.card_payments).toBe('active');
    expect(pending.charges_enabled).toBe(false);
    expect(pending.capabilities?.card_payments).toBe('inactive');
    expect(own.id).toBe(account);
  });

  it('list line items of a session', async () => {
    const { stripe } = await startEmulatorWithClient();
    const session = await stripe.checkout.sessions.create(successFeeParams());

    const items = await stripe.checkout.sessions.listLineItems(session.id);

    expect(items.data).toHaveLength(1);
    expect(items.data[0]?.amount_total).toBe(500);
    expect(items.data[0]?.description).toBe('SignupAssist success fee');
  });
});
