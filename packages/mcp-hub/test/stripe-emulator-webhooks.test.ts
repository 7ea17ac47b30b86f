import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckoutSessionObject } from '@signupassist/mcp-hub/stripe-emulator';
import {
  connectSessionParams,
  startEmulatorWithClient,
  successFeeParams,
} from './stripe-emulator-harness.js';

interface Received {
  path: string;
  signature: string;
  body: Buffer;
}

const receivers: { close(): void }[] = [];
afterEach(() => receivers.splice(0).forEach((receiver) => receiver.close()));

/** Starts a loopback webhook receiver that records every request and responds with 200. */
async function startReceiver(): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        signature: String(request.headers['stripe-signature'] ?? ''),
        body: Buffer.concat(chunks),
      });
      response.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receivers.push({ close: () => server.close() });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

describe('webhook events', () => {
  it('sign events that constructEvent accepts', async () => {
    const { emulator, stripe } = await startEmulatorWithClient();
    const session = await stripe.checkout.sessions.create(successFeeParams());
    emulator.completeCheckout(session.id, { outcome: 'authorized' });
    const completed = emulator.events({ type: 'checkout.session.completed' })[0];

    const signed = emulator.signedEvent(completed?.id as string);
    const event = stripe.webhooks.constructEvent(
      signed.rawBody,
      signed.signature,
      emulator.webhookSecret,
    );

    expect(signed.endpoint).toBe('platform');
    expect(signed.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(event.type).toBe('checkout.session.completed');
    expect((event.data.object as Stripe.Checkout.Session).id).toBe(session.id);
    expect(() =>
      stripe.webhooks.constructEvent(
        signed.rawBody,
        signed.signature,
        emulator.connectWebhookSecret,
      ),
    ).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it('emit the events of each transition', async () => {
    const { emulator, stripe, account } = await startEmulatorWithClient();
    const options = { stripeAccount: account };
    const session = await stripe.checkout.sessions.create(connectSessionParams(), options);

    emulator.completeCheckout(session.id, { outcome: 'declined' });
    const { paymentIntent } = emulator.completeCheckout(session.id, { outcome: 'authorized' });
    await stripe.paymentIntents.capture(paymentIntent.id, {}, options);
    await stripe.refunds.create({ payment_intent: paymentIntent.id, amount: 100 }, options);
    const other = await stripe.checkout.sessions.create(successFeeParams());
    const { paymentIntent: second } = emulator.completeCheckout(other.id, {
      outcome: 'authorized',
    });
    await stripe.paymentIntents.cancel(second.id);
    const third = await stripe.checkout.sessions.create(successFeeParams());
    await stripe.checkout.sessions.expire(third.id);

    const connect = emulator.events({ account }).map((event) => event.type);
    const platform = emulator.events({ account: null }).map((event) => event.type);
    expect(connect).toEqual([
      'payment_intent.created',
      'charge.failed',
      'payment_intent.payment_failed',
      'charge.succeeded',
      'payment_intent.amount_capturable_updated',
      'checkout.session.completed',
      'charge.captured',
      'payment_intent.succeeded',
      'refund.created',
      'charge.refunded',
    ]);
    expect(platform).toEqual([
      'application_fee.created',
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.amount_capturable_updated',
      'checkout.session.completed',
      'payment_intent.canceled',
      'checkout.session.expired',
    ]);
  });

  it('name the request and its key in events', async () => {
    const { emulator, stripe } = await startEmulatorWithClient();
    const session = await stripe.checkout.sessions.create(successFeeParams());
    const { paymentIntent } = emulator.completeCheckout(session.id, { outcome: 'authorized' });

    const captured = await stripe.paymentIntents.capture(
      paymentIntent.id,
      {},
      { idempotencyKey: 'reg_2:capture:1' },
    );
    const succeeded = emulator.events({ type: 'payment_intent.succeeded' })[0];
    const completed = emulator.events({ type: 'checkout.session.completed' })[0];

    expect(succeeded?.request.idempotency_key).toBe('reg_2:capture:1');
    expect(succeeded?.request.id).toBe(captured.lastResponse.requestId);
    expect(completed?.request.id).toBeNull();
  });

  it('send account.updated to the Connect endpoint', async () => {
    const { emulator, stripe, account } = await startEmulatorWithClient();
    const receiver = await startReceiver();
    emulator.deliverEventsTo({
      platformUrl: `${receiver.url}/platform`,
      connectUrl: `${receiver.url}/connect`,
    });

    emulator.setAccount(account, { charges_enabled: false });
    await emulator.whenDelivered();
    const read = await stripe.accounts.retrieve(account);

    expect(read.charges_enabled).toBe(false);
    expect(receiver.received).toHaveLength(1);
    const delivery = receiver.received[0] as Received;
    expect(delivery.path).toBe('/connect');
    const event = stripe.webhooks.constructEvent(
      delivery.body,
      delivery.signature,
      emulator.connectWebhookSecret,
    );
    expect(event.type).toBe('account.updated');
    expect(event.account).toBe(account);
    expect(event.data.previous_attributes).toMatchObject({ charges_enabled: true });
  });

  it('deliver platform and Connect events apart', async () => {
    const { emulator, stripe, account } = await startEmulatorWithClient();
    const receiver = await startReceiver();
    emulator.deliverEventsTo({
      platformUrl: `${receiver.url}/platform`,
      connectUrl: `${receiver.url}/connect`,
    });

    const platformSession = await stripe.checkout.sessions.create(successFeeParams());
    const connectSession = await stripe.checkout.sessions.create(connectSessionParams(), {
      stripeAccount: account,
    });
    emulator.completeCheckout(platformSession.id, { outcome: 'authorized' });
    emulator.completeCheckout(connectSession.id, { outcome: 'authorized' });
    await emulator.whenDelivered();

    const completed = receiver.received
      .map((delivery) => ({
        delivery,
        event: JSON.parse(delivery.body.toString()) as Stripe.Event,
      }))
      .filter(({ event }) => event.type === 'checkout.session.completed');
    expect(completed.map(({ delivery }) => delivery.path)).toEqual(['/platform', '/connect']);
    const ids = completed.map(({ event }) => (event.data.object as CheckoutSessionObject).id);
    expect(ids).toEqual([platformSession.id, connectSession.id]);
    expect(emulator.deliveries().every((record) => record.status === 200)).toBe(true);
  });

  it('keep events without a target', async () => {
    const { emulator, stripe } = await startEmulatorWithClient();
    const session = await stripe.checkout.sessions.create(successFeeParams());

    emulator.completeCheckout(session.id, { outcome: 'authorized' });
    await emulator.whenDelivered();

    expect(emulator.events().length).toBeGreaterThan(0);
    expect(emulator.deliveries()).toEqual([]);
  });

  it('reject webhook URLs off this machine', async () => {
    const { emulator } = await startEmulatorWithClient();

    expect(() => emulator.deliverEventsTo({ platformUrl: 'https://example.com/hook' })).toThrow(
      /not on this machine/,
    );
  });

  it('list and retrieve events per account', async () => {
    const { emulator, stripe, account } = await startEmulatorWithClient();
    emulator.setAccount(account, { card_payments: 'inactive' });
    const updated = emulator.events({ type: 'account.updated' })[0];

    const platformList = await stripe.events.list({ type: 'account.*' });
    const connectList = await stripe.events.list({ type: 'account.*' }, { stripeAccount: account });
    const read = await stripe.events.retrieve(
      updated?.id as string,
      {},
      { stripeAccount: account },
    );
    const hidden = await stripe.events.retrieve(updated?.id as string).catch((caught) => caught);

    expect(platformList.data).toHaveLength(0);
    expect(connectList.data.map((event) => event.id)).toEqual([updated?.id]);
    expect(read.account).toBe(account);
    expect(hidden.statusCode).toBe(404);
  });
});
