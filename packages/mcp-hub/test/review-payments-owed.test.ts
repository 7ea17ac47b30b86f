import { createBookeoConnector } from '@signupassist/connector-bookeo';
import type { AnyConnector, BookingReceipt } from '@signupassist/contract';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../src/index.js';
import { FakeClock } from './helpers.js';
import { usePaymentsHarness } from './payments-harness.js';

/** Builds the Bookeo connector reporting `confirmed` for the booking ids in `accepted`. */
function acceptingConnector(accepted: Set<string>): AnyConnector {
  const bookeo = createBookeoConnector() as AnyConnector;
  return {
    ...bookeo,
    getBooking: async (context, target): Promise<BookingReceipt> => {
      const receipt = await bookeo.getBooking(context, target);
      if (!accepted.has(receipt.bookingId)) return receipt;
      const confirmed: BookingReceipt = { ...receipt, status: 'confirmed' };
      delete confirmed.warnings;
      return confirmed;
    },
  };
}

/**
 * A fee owed after its authorization lapsed, paid again on the new link. No webhook reaches
 * the hub, as when Stripe's deliveries fail or the endpoint is not set up.
 */
describe('owed fee paid without a webhook', () => {
  const harness = usePaymentsHarness();

  /** Books a pending private lesson, lets its authorization lapse and pays the new link. */
  async function paidOwedLink(hub: Hub, clock: FakeClock) {
    const prepared = await harness.prepareSwim(hub, 'PRIVLESSON');
    await harness.pay(prepared.registrationId);
    const pending = await hub.confirmRegistration(prepared);
    expect(pending.receipt?.status).toBe('pending');
    const authorized = await harness.payment(prepared.registrationId);
    const lapse = authorized.authorizationExpiresAt!.getTime() - clock.now().getTime() + 1_000;
    clock.advance(lapse);
    harness.stripe.advanceTime(lapse);

    const owed = await hub.getRegistration(prepared);
    expect(owed.payment?.status).toBe('owed');
    await harness.pay(prepared.registrationId);
    return { prepared, bookingId: pending.receipt!.bookingId };
  }

  it('shows the new authorization on refresh', async () => {
    const clock = new FakeClock(new Date());
    const hub = harness.hubWith({ clock });
    const { prepared } = await paidOwedLink(hub, clock);

    const read = await hub.getRegistration(prepared);

    expect(read.payment?.status).toBe('authorized');
    expect(read.payment?.checkoutUrl).toBeUndefined();
    expect(harness.requestsTo(/\/capture$/)).toEqual([]);
  });

  it('captures on refresh once confirmed', async () => {
    const clock = new FakeClock(new Date());
    const accepted = new Set<string>();
    const hub = harness.hubWith({ clock, connectors: [acceptingConnector(accepted)] });
    const { prepared, bookingId } = await paidOwedLink(hub, clock);
    accepted.add(bookingId);

    const read = await hub.getRegistration(prepared);

    expect(read.receipt?.status).toBe('confirmed');
    expect(read.payment?.status).toBe('captured');
    expect(harness.requestsTo(/\/capture$/)).toHaveLength(1);
  });

  it('captures through reconcile', async () => {
    const clock = new FakeClock(new Date());
    const accepted = new Set<string>();
    const hub = harness.hubWith({ clock, connectors: [acceptingConnector(accepted)] });
    const { prepared, bookingId } = await paidOwedLink(hub, clock);
    accepted.add(bookingId);

    const report = await hub.payments!.reconcile({ fix: true });

    expect(report.findings).toEqual([
      expect.objectContaining({
        registrationId: prepared.registrationId,
        problem: 'confirmed_but_uncaptured',
        action: 'capture',
        fixed: true,
      }),
    ]);
    expect((await harness.payment(prepared.registrationId)).status).toBe('captured');
  });

  it('reports no owed fee once paid', async () => {
    const clock = new FakeClock(new Date());
    const hub = harness.hubWith({ clock });
    await paidOwedLink(hub, clock);

    const report = await hub.payments!.reconcile();

    expect(report.findings).toEqual([]);
  });
});
