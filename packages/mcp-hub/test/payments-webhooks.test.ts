import { createBookeoConnector } from '@signupassist/connector-bookeo';
import type { AnyConnector, BookingReceipt } from '@signupassist/contract';
import { describe, expect, it } from 'vitest';
import {
  createHub,
  isPaymentWebhookError,
  type Hub,
  type PaymentWebhookError,
} from '../src/index.js';
import { sandboxVendor, SWIM_ACCOUNT } from './bookeo-fixtures.js';
import { FakeClock } from './helpers.js';
import { usePaymentsHarness } from './payments-harness.js';
import { stripeReference } from '../src/payments/context.js';

async function webhookRejection(promise: Promise<unknown>): Promise<PaymentWebhookError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isPaymentWebhookError(error)) throw new Error(`Expected a PaymentWebhookError: ${error}`);
  return error;
}

/** Builds the Bookeo connector reporting `confirmed` for the booking ids in `accepted`. */
function acceptingConnector(accepted: Set<string>): AnyConnector {
  const bookeo = createBookeoConnector() as AnyConnector;
  return {
    ...bookeo,
    getBooking: async (context, target): Promise<BookingReceipt> => {
      const receipt = await bookeo.getBooking(context, target);
      return accepted.has(receipt.bookingId) ? { ...receipt, status: 'confirmed' } : receipt;
    },
  };
}

describe('Stripe webhooks', () => {
  const harness = usePaymentsHarness();

  async function paidRegistration(hub: Hub) {
    const prepared = await harness.prepareSwim(hub);
    await harness.pay(prepared.registrationId);
    const [completed] = harness.stripe.events({ type: 'checkout.session.completed' });
    return { prepared, event: harness.stripe.signedEvent(completed!.id) };
  }

  it('rejects a bad signature and changes nothing', async () => {
    const hub = harness.hubWith();
    const { prepared, event } = await paidRegistration(hub);
    const before = await harness.payment(prepared.registrationId);
    const tampered = Buffer.from(event.rawBody.toString('utf8').replace('"complete"', '"open"'));

    const attempts = [
      { rawBody: tampered, signature: event.signature, endpoint: 'platform' as const },
      { rawBody: event.rawBody, signature: undefined, endpoint: 'platform' as const },
      { rawBody: event.rawBody, signature: 't=1,v1=00', endpoint: 'platform' as const },
      // Signed for the platform endpoint, so the Connect secret does not match.
      { rawBody: event.rawBody, signature: event.signature, endpoint: 'connect' as const },
    ];
    for (const attempt of attempts) {
      const error = await webhookRejection(hub.payments!.handleWebhook(attempt));
      expect(error.status).toBe(400);
      expect(error.message).not.toContain(harness.stripe.webhookSecret);
    }
    expect(await harness.storage.payments.getEvent(event.event.id)).toBeUndefined();
    const after = await harness.payment(prepared.registrationId);
    expect(after.version).toBe(before.version);
    expect(after.status).toBe('checkout_pending');
  });

  it('applies a replayed event once', async () => {
    const hub = harness.hubWith();
    const { prepared, event } = await paidRegistration(hub);
    const delivery = {
      rawBody: event.rawBody,
      signature: event.signature,
      endpoint: event.endpoint,
    };

    const first = await hub.payments!.handleWebhook(delivery);
    expect(first).toEqual({ eventId: event.event.id, outcome: 'processed' });
    const authorized = await harness.payment(prepared.registrationId);
    expect(authorized.status).toBe('authorized');

    const second = await hub.payments!.handleWebhook(delivery);
    expect(second).toEqual({ eventId: event.event.id, outcome: 'duplicate' });
    const after = await harness.payment(prepared.registrationId);
    expect(after.version).toBe(authorized.version);
  });

  it('books on the webhook’s authorization', async () => {
    const hub = harness.hubWith();
    const { prepared } = await paidRegistration(hub);
    const outcomes = await harness.deliverEvents(hub);
    expect(outcomes.map((outcome) => outcome.outcome)).toContain('processed');
    const readsBefore = harness.requestsTo(/^\/v1\/checkout\/sessions\//, 'GET').length;

    const confirmed = await hub.confirmRegistration(prepared);
    expect(confirmed.payment?.status).toBe('captured');
    // The stored authorization sufficed; the session was not read again.
    expect(harness.requestsTo(/^\/v1\/checkout\/sessions\//, 'GET')).toHaveLength(readsBefore);
  });

  it('waits for an event being processed', async () => {
    const clock = new FakeClock(new Date());
    const hub = harness.hubWith({ clock });
    const { prepared, event } = await paidRegistration(hub);
    await harness.storage.payments.recordEvent({
      id: event.event.id,
      type: event.event.type,
      receivedAt: clock.now(),
    });
    const delivery = {
      rawBody: event.rawBody,
      signature: event.signature,
      endpoint: event.endpoint,
    };

    const error = await webhookRejection(hub.payments!.handleWebhook(delivery));
    expect(error.status).toBe(409);
    expect((await harness.payment(prepared.registrationId)).status).toBe('checkout_pending');

    // A delivery that stopped half-way is applied again once it is a minute old.
    clock.advance(61_000);
    const outcome = await hub.payments!.handleWebhook(delivery);
    expect(outcome.outcome).toBe('processed');
    expect((await harness.payment(prepared.registrationId)).status).toBe('authorized');
  });

  it('answers 404 without a Connect secret', async () => {
    const settings = { ...harness.settings() };
    delete settings.connectWebhookSecret;
    const hub = createHub({
      connectors: [createBookeoConnector()],
      vendors: [sandboxVendor(harness.sandbox, SWIM_ACCOUNT)],
      ledger: harness.storage.ledger,
      payments: { settings, store: harness.storage.payments },
    });

    const error = await webhookRejection(
      hub.payments!.handleWebhook({
        rawBody: Buffer.from('{}'),
        signature: 't=1,v1=00',
        endpoint: 'connect',
      }),
    );
    expect(error.status).toBe(404);
    expect(error.message).toContain('connectWebhookSecret');
  });

  it('issues a new link when the hold lapses', async () => {
    const accepted = new Set<string>();
    const hub = harness.hubWith({ connectors: [acceptingConnector(accepted)] });
    const prepared = await harness.prepareSwim(hub, 'PRIVLESSON');
    await harness.pay(prepared.registrationId);
    const pending = await hub.confirmRegistration(prepared);
    expect(pending.receipt?.status).toBe('pending');
    const first = await harness.payment(prepared.registrationId);

    harness.stripe.expireAuthorization(first.paymentIntentId!);
    await harness.deliverEvents(hub);
    const owed = await hub.getRegistration(prepared);
    expect(owed.payment?.status).toBe('owed');
    expect(owed.payment?.checkoutUrl).toBeDefined();
    expect(owed.payment?.checkoutUrl).not.toBe(first.checkoutUrl);
    const record = await harness.payment(prepared.registrationId);
    expect(record.attempt).toBe(2);
    const creates = harness.requestsTo(/^\/v1\/checkout\/sessions$/);
    expect(creates.map((entry) => entry.idempotencyKey)).toEqual([
      `${stripeReference(prepared.registrationId)}:checkout:1`,
      `${stripeReference(prepared.registrationId)}:checkout:2`,
    ]);

    // The family pays the new link, and the vendor accepts the booking.
    await harness.pay(prepared.registrationId);
    await harness.deliverEvents(hub);
    accepted.add(pending.receipt!.bookingId);
    const read = await hub.getRegistration(prepared);
    expect(read.receipt?.status).toBe('confirmed');
    expect(read.payment?.status).toBe('captured');
    const captures = harness.requestsTo(/\/capture$/);
    expect(captures.map((entry) => entry.idempotencyKey)).toEqual([
      `${stripeReference(prepared.registrationId)}:capture:2`,
    ]);
  });

  it('replaces an authorization past its expiry', async () => {
    const clock = new FakeClock(new Date());
    const hub = harness.hubWith({ clock });
    const prepared = await harness.prepareSwim(hub, 'PRIVLESSON');
    await harness.pay(prepared.registrationId);
    await hub.confirmRegistration(prepared);
    const authorized = await harness.payment(prepared.registrationId);
    expect(authorized.authorizationExpiresAt).toBeDefined();

    clock.advance(authorized.authorizationExpiresAt!.getTime() - clock.now().getTime() + 1_000);
    const read = await hub.getRegistration(prepared);
    expect(read.payment?.status).toBe('owed');
    const [cancel] = harness.requestsTo(/\/cancel$/);
    expect(cancel?.idempotencyKey).toBe(`${stripeReference(prepared.registrationId)}:cancel:1`);
    expect(harness.requestsTo(/\/capture$/)).toEqual([]);
  });
});
