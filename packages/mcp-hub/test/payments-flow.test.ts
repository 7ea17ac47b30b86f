import { createBookeoConnector } from '@signupassist/connector-bookeo';
import type { AnyConnector, BookingReceipt } from '@signupassist/contract';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../src/index.js';
import { rejection } from './bookeo-harness.js';
import { FakeClock } from './helpers.js';
import { usePaymentsHarness } from './payments-harness.js';
import { stripeReference } from '../src/payments/context.js';

/**
 * Builds the Bookeo connector with `getBooking` reporting `confirmed` for the bookings the test
 * accepted, as a vendor accepting a booking of an `acceptDeny` product would.
 */
function acceptingConnector(accepted: Set<string>): AnyConnector {
  const bookeo = createBookeoConnector() as AnyConnector;
  return {
    ...bookeo,
    getBooking: async (context, target): Promise<BookingReceipt> => {
      const receipt = await bookeo.getBooking(context, target);
      if (!accepted.has(receipt.bookingId) || receipt.status !== 'pending') return receipt;
      const confirmed: BookingReceipt = { ...receipt, status: 'confirmed' };
      delete confirmed.warnings;
      return confirmed;
    },
  };
}

describe('success fee through Stripe Checkout', () => {
  const harness = usePaymentsHarness();

  async function preparedAndPaid(hub: Hub, programId?: string) {
    const prepared = await harness.prepareSwim(hub, programId);
    await harness.pay(prepared.registrationId);
    return prepared;
  }

  it('quotes price, fee and link apart', async () => {
    const hub = harness.hubWith();
    const prepared = await harness.prepareSwim(hub);

    expect(prepared.quote?.total).toEqual({ amountMinor: 8_500, currency: 'USD' });
    expect(prepared.payment).toMatchObject({
      path: 'success_fee',
      status: 'checkout_pending',
      successFee: { amountMinor: 425, currency: 'USD' },
    });
    expect(prepared.payment?.programFee).toBeUndefined();
    expect(prepared.payment?.checkoutUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/c\/pay\/cs_/);

    const record = await harness.payment(prepared.registrationId);
    const session = harness.stripe.getObject(record.checkoutSessionId!) as unknown as {
      mode: string;
      amount_total: number;
      currency: string;
      metadata: Record<string, string>;
      success_url: string;
    };
    expect(session.mode).toBe('payment');
    expect(session.amount_total).toBe(425);
    expect(session.currency).toBe('usd');
    expect(session.metadata).toEqual({
      registration_ref: stripeReference(prepared.registrationId),
    });
    expect(session.success_url).toContain('{CHECKOUT_SESSION_ID}');
    const [create] = harness.requestsTo(/^\/v1\/checkout\/sessions$/);
    expect(create?.idempotencyKey).toBe(`${stripeReference(prepared.registrationId)}:checkout:1`);
    expect(create?.account).toBeUndefined();
    expect(create?.params).toMatchObject({
      mode: 'payment',
      payment_intent_data: { capture_method: 'manual' },
    });
  });

  it('asks for the payment before booking', async () => {
    const hub = harness.hubWith();
    const prepared = await harness.prepareSwim(hub);

    const error = await rejection(hub.confirmRegistration(prepared));
    expect(error.code).toBe('conflict');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(prepared.payment!.checkoutUrl!);
    expect(error.message).toContain('$4.25');
    expect(harness.sandbox.bookingCount()).toBe(0);
  });

  it('keeps asking after a declined card', async () => {
    const hub = harness.hubWith();
    const prepared = await harness.prepareSwim(hub);
    await harness.pay(prepared.registrationId, 'declined');
    await harness.deliverEvents(hub);

    const error = await rejection(hub.confirmRegistration(prepared));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('The card was declined.');
    const view = await hub.getRegistration(prepared);
    expect(view.payment?.status).toBe('checkout_pending');
    expect(view.payment?.note).toContain('declined');
    expect(harness.sandbox.bookingCount()).toBe(0);
  });

  it('says nothing was authorized when an unpaid link is cancelled', async () => {
    const hub = harness.hubWith();
    const prepared = await harness.prepareSwim(hub);

    const cancelled = await hub.cancelRegistration(prepared);

    expect(cancelled.payment?.status).toBe('canceled');
    expect(cancelled.payment?.note).toBe(
      'The payment link was closed before the card was authorized.',
    );
  });

  it('captures once the booking is confirmed', async () => {
    const hub = harness.hubWith();
    const prepared = await preparedAndPaid(hub);

    // No webhook was delivered: confirm reads the Checkout Session from Stripe.
    const confirmed = await hub.confirmRegistration(prepared);
    expect(confirmed.state).toBe('booked');
    expect(confirmed.receipt?.status).toBe('confirmed');
    expect(confirmed.payment?.status).toBe('captured');
    expect(harness.sandbox.bookingCount()).toBe(1);

    const captures = harness.requestsTo(/^\/v1\/payment_intents\/[^/]+\/capture$/);
    expect(captures).toHaveLength(1);
    expect(captures[0]?.idempotencyKey).toBe(
      `${stripeReference(prepared.registrationId)}:capture:1`,
    );
    const record = await harness.payment(prepared.registrationId);
    const intent = harness.stripe.getObject(record.paymentIntentId!) as unknown as {
      status: string;
      amount_received: number;
    };
    expect(intent.status).toBe('succeeded');
    expect(intent.amount_received).toBe(425);
  });

  it('sends Stripe no registration token', async () => {
    const hub = harness.hubWith();
    const prepared = await preparedAndPaid(hub);
    await hub.confirmRegistration(prepared);

    const sent = JSON.stringify(harness.stripe.requests());
    expect(harness.stripe.requests().length).toBeGreaterThan(2);
    expect(sent).not.toContain(prepared.registrationId);
    expect(sent).toContain(stripeReference(prepared.registrationId));
  });

  it('releases the hold when sold out', async () => {
    const vendor = harness.swimVendor(undefined, { capabilityOverrides: { holds: 'absent' } });
    const hub = harness.hubWith({ vendors: [vendor] });
    // The private lesson has one seat: without holds, both families may prepare.
    const first = await preparedAndPaid(hub, 'PRIVLESSON');
    const second = await preparedAndPaid(hub, 'PRIVLESSON');
    await hub.confirmRegistration(first);

    const error = await rejection(hub.confirmRegistration(second));
    expect(error.code).toBe('sold_out');
    const record = await harness.payment(second.registrationId);
    expect(record.status).toBe('canceled');
    const intent = harness.stripe.getObject(record.paymentIntentId!) as unknown as {
      status: string;
    };
    expect(intent.status).toBe('canceled');
    const cancels = harness.requestsTo(/^\/v1\/payment_intents\/[^/]+\/cancel$/);
    expect(cancels.map((entry) => entry.idempotencyKey)).toEqual([
      `${stripeReference(second.registrationId)}:cancel:1`,
    ]);
    expect(harness.requestsTo(/\/capture$/)).toEqual([]);
  });

  it('captures a pending booking once accepted', async () => {
    const accepted = new Set<string>();
    const hub = harness.hubWith({ connectors: [acceptingConnector(accepted)] });
    const prepared = await preparedAndPaid(hub, 'PRIVLESSON');

    const pending = await hub.confirmRegistration(prepared);
    expect(pending.receipt?.status).toBe('pending');
    expect(pending.payment?.status).toBe('authorized');
    const stillPending = await hub.getRegistration(prepared);
    expect(stillPending.payment?.status).toBe('authorized');
    expect(harness.requestsTo(/\/capture$/)).toEqual([]);

    accepted.add(pending.receipt!.bookingId);
    const read = await hub.getRegistration(prepared);
    expect(read.receipt?.status).toBe('confirmed');
    expect(read.payment?.status).toBe('captured');
    expect(harness.requestsTo(/\/capture$/)).toHaveLength(1);
  });

  it('releases the hold of a lapsed offer', async () => {
    const clock = new FakeClock(new Date());
    const hub = harness.hubWith({ clock });
    const prepared = await preparedAndPaid(hub);
    clock.advance(Date.parse(prepared.expiresAt) - clock.now().getTime() + 1_000);

    const error = await rejection(hub.confirmRegistration(prepared));
    expect(error.code).toBe('hold_expired');
    expect((await harness.payment(prepared.registrationId)).status).toBe('canceled');
    expect(harness.requestsTo(/\/capture$/)).toEqual([]);
    expect(harness.sandbox.bookingCount()).toBe(0);
  });

  it('reports a lapsed unpaid offer as expired', async () => {
    const clock = new FakeClock(new Date());
    const hub = harness.hubWith({ clock });
    const prepared = await harness.prepareSwim(hub);
    clock.advance(Date.parse(prepared.expiresAt) - clock.now().getTime() + 1_000);

    const error = await rejection(hub.confirmRegistration(prepared));
    expect(error.code).toBe('hold_expired');
    expect((await harness.payment(prepared.registrationId)).status).toBe('canceled');
    expect(harness.requestsTo(/\/expire$/)).toHaveLength(1);
  });

  it('releases the authorization on cancel', async () => {
    const hub = harness.hubWith();
    const prepared = await preparedAndPaid(hub);
    await harness.deliverEvents(hub);
    expect((await harness.payment(prepared.registrationId)).status).toBe('authorized');

    const cancelled = await hub.cancelRegistration(prepared);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.payment?.status).toBe('canceled');
    expect(harness.requestsTo(/\/cancel$/)).toHaveLength(1);
    expect(harness.requestsTo(/\/capture$/)).toEqual([]);
  });

  it('keeps a captured fee on cancel', async () => {
    const hub = harness.hubWith();
    const prepared = await preparedAndPaid(hub);
    await hub.confirmRegistration(prepared);

    const cancelled = await hub.cancelRegistration(prepared);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.payment?.status).toBe('captured');
    expect(harness.requestsTo(/^\/v1\/refunds$/)).toEqual([]);
    expect(harness.sandbox.bookingCount()).toBe(0);
  });

  it('expires an unpaid link on cancel', async () => {
    const hub = harness.hubWith();
    const prepared = await harness.prepareSwim(hub);

    const cancelled = await hub.cancelRegistration(prepared);
    expect(cancelled.payment?.status).toBe('canceled');
    const record = await harness.payment(prepared.registrationId);
    const session = harness.stripe.getObject(record.checkoutSessionId!) as unknown as {
      status: string;
    };
    expect(session.status).toBe('expired');
    const [expire] = harness.requestsTo(/\/expire$/);
    expect(expire?.idempotencyKey).toBe(`${stripeReference(prepared.registrationId)}:expire:1`);
  });

  it('charges nothing for a free program', async () => {
    const vendor = harness.swimVendor({
      successFee: { type: 'fixed', amountMinor: 300, currency: 'USD' },
    });
    const free = acceptingConnector(new Set());
    const hub = harness.hubWith({
      vendors: [vendor],
      connectors: [
        {
          ...free,
          hold: async (context, request) => {
            const hold = await free.hold!(context, request);
            return { ...hold, price: { total: { amountMinor: 0, currency: 'USD' } } };
          },
        },
      ],
    });
    const prepared = await harness.prepareSwim(hub);

    expect(prepared.quote?.total.amountMinor).toBe(0);
    expect(prepared.payment).toBeUndefined();
    expect(harness.stripe.requests()).toEqual([]);
    const confirmed = await hub.confirmRegistration(prepared);
    expect(confirmed.state).toBe('booked');
  });
});
