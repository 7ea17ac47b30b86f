import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { ConnectorError, type AnyConnector, type BookingReceipt } from '@signupassist/contract';
import { describe, expect, it } from 'vitest';
import { usePaymentsHarness } from './payments-harness.js';
import { registrationRef } from '../src/registration/view.js';

/** Booking ids the provider has cancelled, and ids it no longer has. */
interface ProviderChanges {
  cancelled: Set<string>;
  lost: Set<string>;
}

/** Builds the Bookeo connector whose read-back reports the changes the test made. */
function changingConnector(changes: ProviderChanges): AnyConnector {
  const bookeo = createBookeoConnector() as AnyConnector;
  return {
    ...bookeo,
    getBooking: async (context, target): Promise<BookingReceipt> => {
      if (changes.lost.has(target.bookingId)) {
        throw new ConnectorError('not_found', 'No booking has this id.');
      }
      const receipt = await bookeo.getBooking(context, target);
      return changes.cancelled.has(receipt.bookingId)
        ? { ...receipt, status: 'cancelled' }
        : receipt;
    },
  };
}

/**
 * Reconcile of a confirmed booking whose capture failed, after the provider changed the
 * booking without the hub hearing of it.
 */
describe('reconcile of a booking changed since', () => {
  const harness = usePaymentsHarness();

  /** Books a confirmed swim class whose capture fails, so its payment stays authorized. */
  async function confirmedUncaptured(changes: ProviderChanges) {
    const hub = harness.hubWith({ connectors: [changingConnector(changes)] });
    const prepared = await harness.prepareSwim(hub);
    await harness.pay(prepared.registrationId);
    // The first try and the SDK's two retries all fail.
    harness.stripe.injectFault({ path: /\/capture$/, kind: 'server_error', times: 3 });
    const confirmed = await hub.confirmRegistration(prepared);
    expect(confirmed.receipt?.status).toBe('confirmed');
    expect(confirmed.payment?.status).toBe('authorized');
    return { hub, prepared, bookingId: confirmed.receipt!.bookingId };
  }

  function capturedAtStripe(): boolean {
    return harness.requestsTo(/\/capture$/).some((entry) => entry.status === 200);
  }

  it('releases a booking the provider cancelled', async () => {
    const changes: ProviderChanges = { cancelled: new Set(), lost: new Set() };
    const { hub, prepared, bookingId } = await confirmedUncaptured(changes);
    changes.cancelled.add(bookingId);

    const report = await hub.payments!.reconcile({ fix: true });

    expect(report.findings).toEqual([
      expect.objectContaining({
        registrationId: prepared.registrationId,
        registration: registrationRef(prepared.registrationId),
        problem: 'authorized_but_cancelled',
        action: 'cancel_authorization',
        fixed: true,
      }),
    ]);
    expect(capturedAtStripe()).toBe(false);
    const record = await harness.payment(prepared.registrationId);
    expect(record.status).toBe('canceled');
  });

  it('leaves a lost booking uncaptured', async () => {
    const changes: ProviderChanges = { cancelled: new Set(), lost: new Set() };
    const { hub, prepared, bookingId } = await confirmedUncaptured(changes);
    changes.lost.add(bookingId);

    const report = await hub.payments!.reconcile({ fix: true });

    expect(report.findings).toEqual([
      {
        registrationId: prepared.registrationId,
        registration: registrationRef(prepared.registrationId),
        vendorId: 'riversideswim',
        problem: 'booking_not_found',
        fixed: false,
      },
    ]);
    expect(capturedAtStripe()).toBe(false);
    expect((await harness.payment(prepared.registrationId)).status).toBe('authorized');
  });

  it('still captures a confirmed booking', async () => {
    const changes: ProviderChanges = { cancelled: new Set(), lost: new Set() };
    const { hub, prepared } = await confirmedUncaptured(changes);

    const report = await hub.payments!.reconcile({ fix: true });

    expect(report.findings).toEqual([
      expect.objectContaining({ problem: 'confirmed_but_uncaptured', fixed: true }),
    ]);
    expect(capturedAtStripe()).toBe(true);
    expect((await harness.payment(prepared.registrationId)).status).toBe('captured');
  });
});
