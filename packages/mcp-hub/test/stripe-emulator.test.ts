import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import {
  connectSessionParams,
  startEmulatorWithClient,
  successFeeParams,
} from './stripe-emulator-harness.js';

describe('Checkout Sessions', () => {
  it('create and retrieve a direct charge session', async () => {
    const { stripe, account } = await startEmulatorWithClient();

    const session = await stripe.checkout.sessions.create(connectSessionParams(), {
      stripeAccount: account,
    });
    const read = await stripe.checkout.sessions.retrieve(
      session.id,
      {},
      { stripeAccount: account },
    );

    expect(session.id).toMatch(/^cs_test_/);
    expect(session.status).toBe('open');
    expect(session.payment_status).toBe('unpaid');
    expect(session.amount_total).toBe(12_000);
    expect(session.currency).toBe('usd');
    expect(session.payment_intent).toBeNull();
    expect(session.metadata).toEqual({ registration: 'reg_1' });
    expect(session.url).toMatch(new RegExp(`/c/pay/${session.id}$`));
    expect(read).toEqual(session);
  });

  it('hide connected-account sessions without the header', async () => {
    const { stripe, account } = await startEmulatorWithClient();
    const session = await stripe.checkout.sessions.create(connectSessionParams(), {
      stripeAccount: account,
    });

    const error = await stripe.checkout.sessions.retrieve(session.id).catch((caught) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
  });

  it('reject a direct charge on a disabled account', async () => {
    const { stripe, disabledAccount } = await startEmulatorWithClient();

    const error = await stripe.checkout.sessions
      .create(connectSessionParams(), { stripeAccount: disabledAccount })
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.message).toContain('charges_enabled is false');
  });

  it('reject an application fee on the platform', async () => {
    const { stripe } = await startEmulatorWithClient();

    const error = await stripe.checkout.sessions
      .create(connectSessionParams())
      .catch((caught) => caught);

    expect(error.statusCode).toBe(400);
    expect(error.param).toBe('payment_intent_data[application_fee_amount]');
  });

  it('create the PaymentIntent on completion', async () => {
    const { emulator, stripe, account } = await startEmulatorWithClient();
    const session = await stripe.checkout.sessions.create(connectSessionParams(), {
      stripeAccount: account,
    });

    const outcome = emulator.completeCheckout(session.id, { outcome: 'authorized' });
    const read = await stripe.checkout.sessions.retrieve(
      session.id,
      { expand: ['payment_intent.latest_charge'] },
      { stripeAccount: account },
    );

    expect(read.status).toBe('complete');
    expect(read.payment_status).toBe('unpaid');
    expect(read.url).toBeNull();
    const intent = read.payment_intent as Stripe.PaymentIntent;
    expect(intent.id).toBe(outcome.paymentIntent.id);
    expect(intent.status).toBe('requires_capture');
    expect(intent.amount).toBe(12_000);
    expect(intent.amount_capturable).toBe(12_000);
    expect(intent.capture_method).toBe('manual');
    expect(intent.application_fee_amount).toBe(600);
    expect(intent.metadata).toEqual({ registration: 'reg_1' });
    const charge = intent.latest_charge as Stripe.Charge;
    const captureBefore = charge.payment_method_details?.card?.capture_before ?? 0;
    expect(captureBefore - charge.created).toBe(7 * 24 * 60 * 60);
    expect(charge.captured).toBe(false);
  });

  it('keep the session open after a decline', async () => {
    const { emulator, stripe } = await startEmulatorWithClient();
    const session = await stripe.checkout.sessions.create(successFeeParams());

    const declined = emulator.completeCheckout(session.id, { outcome: 'declined' });
    const retried = emulator.completeCheckout(session.id, { outcome: 'authorized' });

    expect(declined.session.status).toBe('open');
    expect(declined.paymentIntent.status).toBe('requires_payment_method');
    expect(declined.paymentIntent.last_payment_error?.code).toBe('card_declined');
    expect(retried.paymentIntent.id).toBe(declined.paymentIntent.id);
    expect(retried.paymentIntent.status).toBe('requires_capture');
    expect(retried.paymentIntent.last_payment_error).toBeNull();
  });

  it('expire an open session through the API', async () => {
    const { stripe } = await startEmulatorWithClient();
    const session = await stripe.checkout.sessions.create(successFeeParams());

    const expired = await stripe.checkout.sessions.expire(session.id);
    const again = await stripe.checkout.sessions.expire(session.id).catch((caught) => caught);

    expect(expired.status).toBe('expired');
    expect(expired.url).toBeNull();
    expect(again.statusCode).toBe(400);
  });

  it('take zero-decimal JPY amounts as is', async () => {
    const { emulator, stripe } = await startEmulatorWithClient();
    const params = successFeeParams({
      line_items: [
        {
          quantity: 2,
          price_data: { currency: 'JPY', unit_amount: 1500, product_data: { name: 'Lesson' } },
        },
      ],
    });

    const session = await stripe.checkout.sessions.create(params);
    const page = await fetch(session.url as string).then((response) => response.text());
    const outcome = emulator.completeCheckout(session.id, { outcome: 'authorized' });

    expect(session.amount_total).toBe(3000);
    expect(session.currency).toBe('jpy');
    expect(page).toContain('¥3,000');
    expect(outcome.paymentIntent.amount).toBe(3000);
  });

  it('reject a total below the minimum charge', async () => {
    const { stripe } = await startEmulatorWithClient();
    const params = successFeeParams({
      line_items: [
        {
          quantity: 1,
          price_data: { currency: 'usd', unit_amount: 30, product_data: { name: 'Fee' } },
        },
      ],
    });

    const error = await stripe.checkout.sessions.create(params).catch((caught) => caught);

    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('amount_too_small');
  });

  it('reject unknown parameters by name', async () => {
    const { stripe } = await startEmulatorWithClient();
    const params = { ...successFeeParams(), payment_intent_data: { capture_methods: 'manual' } };

    const error = await stripe.checkout.sessions
      .create(params as unknown as Stripe.Checkout.SessionCreateParams)
      .catch((caught) => caught);

    expect(error.code).toBe('parameter_unknown');
    expect(error.param).toBe('payment_intent_data[capture_methods]');
  });
});

describe('PaymentIntents', () => {
  async function authorizedIntent() {
    const context = await startEmulatorWithClient();
    const session = await context.stripe.checkout.sessions.create(connectSessionParams(), {
      stripeAccount: context.account,
    });
    const { paymentIntent } = context.emulator.completeCheckout(session.id, {
      outcome: 'authorized',
    });
    return { ...context, intentId: paymentIntent.id, options: { stripeAccount: context.account } };
  }

  it('capture once and reject a second capture', async () => {
    const { stripe, intentId, options } = await authorizedIntent();

    const captured = await stripe.paymentIntents.capture(intentId, {}, options);
    const second = await stripe.paymentIntents
      .capture(intentId, {}, options)
      .catch((caught) => caught);

    expect(captured.status).toBe('succeeded');
    expect(captured.amount_received).toBe(12_000);
    expect(captured.amount_capturable).toBe(0);
    expect(second).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(second.code).toBe('payment_intent_unexpected_state');
  });

  it('reject a capture above the capturable amount', async () => {
    const { stripe, intentId, options } = await authorizedIntent();

    const error = await stripe.paymentIntents
      .capture(intentId, { amount_to_capture: 12_001 }, options)
      .catch((caught) => caught);

    expect(error.statusCode).toBe(400);
    expect(error.param).toBe('amount_to_capture');
  });

  it('cancel an authorization', async () => {
    const { stripe, intentId, options } = await authorizedIntent();

    const canceled = await stripe.paymentIntents.cancel(
      intentId,
      { cancellation_reason: 'requested_by_customer' },
      options,
    );

    expect(canceled.status).toBe('canceled');
    expect(canceled.cancellation_reason).toBe('requested_by_customer');
    expect(canceled.amount_capturable).toBe(0);
  });

  it('reject cancel of a captured intent', async () => {
    const { stripe, intentId, options } = await authorizedIntent();
    await stripe.paymentIntents.capture(intentId, {}, options);

    const error = await stripe.paymentIntents
      .cancel(intentId, {}, options)
      .catch((caught) => caught);

    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('payment_intent_unexpected_state');
  });

  it('hide connected-account intents without the header', async () => {
    const { stripe, intentId } = await authorizedIntent();

    const error = await stripe.paymentIntents.retrieve(intentId).catch((caught) => caught);

    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
  });

  it('reject cancel while Checkout manages the intent', async () => {
    const { emulator, stripe } = await startEmulatorWithClient();
    const session = await stripe.checkout.sessions.create(successFeeParams());
    const { paymentIntent } = emulator.completeCheckout(session.id, { outcome: 'declined' });

    const error = await stripe.paymentIntents.cancel(paymentIntent.id).catch((caught) => caught);

    expect(error.statusCode).toBe(400);
    expect(error.message).toContain(session.id);
  });

  it('expire an authorization automatically', async () => {
    const { emulator, stripe, intentId, options } = await authorizedIntent();

    emulator.expireAuthorization(intentId);
    const read = await stripe.paymentIntents.retrieve(intentId, {}, options);
    const capture = await stripe.paymentIntents
      .capture(intentId, {}, options)
      .catch((caught) => caught);

    expect(read.status).toBe('canceled');
    expect(read.cancellation_reason).toBe('automatic');
    expect(capture.code).toBe('payment_intent_unexpected_state');
  });
});

describe('authentication and idempotency', () => {
  it('reject a wrong or missing secret key', async () => {
    const { emulator } = await startEmulatorWithClient();
    const wrong = new Stripe('sk_test_wrongwrongwrong1234', {
      ...emulator.endpoint,
      maxNetworkRetries: 0,
    });

    const error = await wrong.paymentIntents.retrieve('pi_x').catch((caught) => caught);
    const missing = await fetch(`${emulator.url}/v1/payment_intents/pi_x`);
    const missingBody = (await missing.json()) as { error: { type: string } };

    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.statusCode).toBe(401);
    expect(error.message).toContain('sk_test_');
    expect(error.message).toContain('1234');
    expect(error.message).not.toContain('wrongwrongwrong');
    expect(missing.status).toBe(401);
    expect(missingBody.error.type).toBe('invalid_request_error');
  });

  it('replay the same key byte for byte', async () => {
    const { emulator } = await startEmulatorWithClient();
    const post = (body: string) =>
      fetch(`${emulator.url}/v1/checkout/sessions`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${emulator.secretKey}`,
          'content-type': 'application/x-www-form-urlencoded',
          'idempotency-key': 'reg_2:checkout:1',
        },
        body,
      });
    const body =
      'mode=payment&line_items[0][quantity]=1&line_items[0][price_data][currency]=usd' +
      '&line_items[0][price_data][unit_amount]=500&line_items[0][price_data][product_data][name]=Fee';

    const first = await post(body);
    const firstText = await first.text();
    const second = await post(body);
    const secondText = await second.text();

    expect(first.status).toBe(200);
    expect(secondText).toBe(firstText);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(emulator.events({ type: 'checkout.session.completed' })).toHaveLength(0);
  });

  it('reject the same key with other parameters', async () => {
    const { stripe } = await startEmulatorWithClient();
    await stripe.checkout.sessions.create(successFeeParams(), {
      idempotencyKey: 'reg_2:checkout:1',
    });

    const error = await stripe.checkout.sessions
      .create(successFeeParams({ metadata: { other: 'yes' } }), {
        idempotencyKey: 'reg_2:checkout:1',
      })
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error.statusCode).toBe(400);
    expect(error.type).toBe('StripeIdempotencyError');
  });

  it('return the stored session for a repeated create', async () => {
    const { stripe } = await startEmulatorWithClient();

    const first = await stripe.checkout.sessions.create(successFeeParams(), {
      idempotencyKey: 'reg_2:checkout:1',
    });
    const second = await stripe.checkout.sessions.create(successFeeParams(), {
      idempotencyKey: 'reg_2:checkout:1',
    });
    const list = await stripe.checkout.sessions.list();

    expect(second.id).toBe(first.id);
    expect(list.data).toHaveLength(1);
  });

  it('keep keys apart per connected account', async () => {
    const { stripe, account } = await startEmulatorWithClient();

    const platform = await stripe.checkout.sessions.create(successFeeParams(), {
      idempotencyKey: 'same-key',
    });
    const connected = await stripe.checkout.sessions.create(connectSessionParams(), {
      idempotencyKey: 'same-key',
      stripeAccount: account,
    });

    expect(connected.id).not.toBe(platform.id);
  });
});
