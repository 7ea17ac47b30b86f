import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { startEmulatorWithClient, successFeeParams } from './stripe-emulator-harness.js';

describe('faults and retries', () => {
  it('replay a lost capture response on retry', async () => {
    const { emulator, stripe } = await startEmulatorWithClient({}, 2);
    const session = await stripe.checkout.sessions.create(successFeeParams());
    const { paymentIntent } = emulator.completeCheckout(session.id, { outcome: 'authorized' });
    const path = `/v1/payment_intents/${paymentIntent.id}/capture`;
    emulator.injectFault({ method: 'POST', path, kind: 'drop_after' });

    const captured = await stripe.paymentIntents.capture(
      paymentIntent.id,
      {},
      { idempotencyKey: 'reg_2:capture:1' },
    );

    const attempts = emulator.requests().filter((entry) => entry.path === path);
    expect(captured.status).toBe('succeeded');
    expect(attempts).toHaveLength(2);
    expect(attempts[0]?.status).toBeUndefined();
    expect(attempts[1]?.replayed).toBe(true);
    expect(emulator.events({ type: 'payment_intent.succeeded' })).toHaveLength(1);
  });

  it('retry a server error with the SDK', async () => {
    const { emulator, stripe } = await startEmulatorWithClient({}, 2);
    emulator.injectFault({ method: 'POST', path: '/v1/checkout/sessions', kind: 'server_error' });

    const session = await stripe.checkout.sessions.create(successFeeParams());

    const statuses = emulator.requests().map((entry) => entry.status);
    expect(session.status).toBe('open');
    expect(statuses).toEqual([500, 200]);
  });

  it('surface a rate limit', async () => {
    const { emulator, stripe } = await startEmulatorWithClient();
    emulator.injectFault({ kind: 'rate_limit' });

    const error = await stripe.checkout.sessions
      .create(successFeeParams())
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
  });

  it('reject an unknown Stripe-Account', async () => {
    const { stripe } = await startEmulatorWithClient();

    const error = await stripe.checkout.sessions
      .create(successFeeParams(), { stripeAccount: 'acct_1NotConnected' })
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect(error.code).toBe('account_invalid');
  });

  it('answer unknown routes with a Stripe 404', async () => {
    const { stripe } = await startEmulatorWithClient();

    const error = await stripe.customers.create({}).catch((caught) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.statusCode).toBe(404);
    expect(error.message).toContain('/v1/customers');
  });
});

describe('emulator clock', () => {
  it('expire a session after expires_at', async () => {
    const { emulator, stripe } = await startEmulatorWithClient();
    const session = await stripe.checkout.sessions.create(successFeeParams());

    const expiredCount = emulator.advanceTime(24 * 60 * 60 * 1000);
    const read = await stripe.checkout.sessions.retrieve(session.id);

    expect(expiredCount).toBe(1);
    expect(read.status).toBe('expired');
    expect(emulator.events({ type: 'checkout.session.expired' })).toHaveLength(1);
  });

  it('cancel an authorization after capture_before', async () => {
    const { emulator, stripe } = await startEmulatorWithClient();
    const session = await stripe.checkout.sessions.create(successFeeParams());
    const { paymentIntent } = emulator.completeCheckout(session.id, { outcome: 'authorized' });

    emulator.advanceTime(6 * 24 * 60 * 60 * 1000);
    const early = await stripe.paymentIntents.retrieve(paymentIntent.id);
    emulator.advanceTime(24 * 60 * 60 * 1000);
    const late = await stripe.paymentIntents.retrieve(paymentIntent.id);

    expect(early.status).toBe('requires_capture');
    expect(late.status).toBe('canceled');
    expect(late.cancellation_reason).toBe('automatic');
    expect(emulator.events({ type: 'charge.expired' })).toHaveLength(1);
  });

  it('sign events with the wall clock after a time step', async () => {
    const { emulator, stripe } = await startEmulatorWithClient();
    const session = await stripe.checkout.sessions.create(successFeeParams());
    emulator.advanceTime(25 * 60 * 60 * 1000);
    const expired = emulator.events({ type: 'checkout.session.expired' })[0];

    const signed = emulator.signedEvent(expired?.id as string);
    const event = stripe.webhooks.constructEvent(
      signed.rawBody,
      signed.signature,
      emulator.webhookSecret,
    );

    expect((event.data.object as Stripe.Checkout.Session).id).toBe(session.id);
    expect(event.created).toBeGreaterThan(session.created + 24 * 60 * 60);
  });

  it('forget idempotency keys after 24 hours', async () => {
    const { emulator, stripe } = await startEmulatorWithClient();
    const first = await stripe.checkout.sessions.create(successFeeParams(), {
      idempotencyKey: 'k',
    });

    emulator.advanceTime(24 * 60 * 60 * 1000 + 1);
    const second = await stripe.checkout.sessions.create(successFeeParams(), {
      idempotencyKey: 'k',
    });

    expect(second.id).not.toBe(first.id);
  });
});
