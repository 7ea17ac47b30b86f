import { createBookeoConnector } from '@signupassist/connector-bookeo';
import type { AnyConnector, BookingReceipt } from '@signupassist/contract';
import { DEFAULT_ACCOUNTS } from '@signupassist/mcp-hub/stripe-emulator';
import { describe, expect, it } from 'vitest';
import { rejection } from './bookeo-harness.js';
import { PERCENT_FEE, usePaymentsHarness } from './payments-harness.js';
import { registrationRef } from '../src/registration/view.js';

/** Three 500s: the first call and both of the SDK's retries fail. */
const SERVER_DOWN = { kind: 'server_error' as const, times: 3 };

/** Builds the Bookeo connector with Connect allowed and `confirmed` for ids in `accepted`. */
function testConnector(accepted = new Set<string>()): AnyConnector {
  const bookeo = createBookeoConnector() as AnyConnector;
  return {
    ...bookeo,
    manifest: {
      ...bookeo.manifest,
      capabilities: { ...bookeo.manifest.capabilities, connectPayments: 'native' },
    },
    getBooking: async (context, target): Promise<BookingReceipt> => {
      const receipt = await bookeo.getBooking(context, target);
      return accepted.has(receipt.bookingId) ? { ...receipt, status: 'confirmed' } : receipt;
    },
  };
}

describe('payment reconcile', () => {
  const harness = usePaymentsHarness();

  it('captures a confirmed booking left uncaptured', async () => {
    const hub = harness.hubWith();
    const prepared = await harness.prepareSwim(hub);
    await harness.pay(prepared.registrationId);
    harness.stripe.injectFault({ ...SERVER_DOWN, method: 'POST', path: /\/capture$/ });

    const confirmed = await hub.confirmRegistration(prepared);
    expect(confirmed.receipt?.status).toBe('confirmed');
    expect(confirmed.payment?.status).toBe('authorized');

    const report = await hub.payments!.reconcile();
    expect(report.checked).toBe(1);
    expect(report.findings).toEqual([
      {
        registrationId: prepared.registrationId,
        registration: registrationRef(prepared.registrationId),
        vendorId: 'riversideswim',
        problem: 'confirmed_but_uncaptured',
        action: 'capture',
        fixed: false,
      },
    ]);
    expect((await harness.payment(prepared.registrationId)).status).toBe('authorized');

    const fixed = await hub.payments!.reconcile({ fix: true });
    expect(fixed.findings).toEqual([expect.objectContaining({ action: 'capture', fixed: true })]);
    expect((await harness.payment(prepared.registrationId)).status).toBe('captured');
    expect((await hub.payments!.reconcile()).findings).toEqual([]);
  });

  it('releases the authorization of a failed booking', async () => {
    const vendor = harness.swimVendor(undefined, { capabilityOverrides: { holds: 'absent' } });
    const hub = harness.hubWith({ vendors: [vendor] });
    const first = await harness.prepareSwim(hub, 'PRIVLESSON');
    const second = await harness.prepareSwim(hub, 'PRIVLESSON');
    await harness.pay(first.registrationId);
    await harness.pay(second.registrationId);
    await hub.confirmRegistration(first);
    harness.stripe.injectFault({ ...SERVER_DOWN, method: 'POST', path: /\/cancel$/ });

    const error = await rejection(hub.confirmRegistration(second));
    expect(error.code).toBe('sold_out');
    expect((await harness.payment(second.registrationId)).status).toBe('authorized');

    const report = await hub.payments!.reconcile({ fix: true });
    expect(report.findings).toEqual([
      expect.objectContaining({
        registrationId: second.registrationId,
        registration: registrationRef(second.registrationId),
        problem: 'authorized_but_booking_failed',
        action: 'cancel_authorization',
        fixed: true,
      }),
    ]);
    expect((await harness.payment(second.registrationId)).status).toBe('canceled');
    // The pending booking keeps its authorization.
    expect((await harness.payment(first.registrationId)).status).toBe('authorized');
  });

  it('captures a booking accepted since', async () => {
    const accepted = new Set<string>();
    const hub = harness.hubWith({ connectors: [testConnector(accepted)] });
    const prepared = await harness.prepareSwim(hub, 'PRIVLESSON');
    await harness.pay(prepared.registrationId);
    const pending = await hub.confirmRegistration(prepared);
    expect((await hub.payments!.reconcile()).findings).toEqual([]);

    accepted.add(pending.receipt!.bookingId);
    const report = await hub.payments!.reconcile({ fix: true });
    expect(report.findings).toEqual([
      expect.objectContaining({ problem: 'confirmed_but_uncaptured', fixed: true }),
    ]);
    expect((await harness.payment(prepared.registrationId)).status).toBe('captured');
  });

  it('reports a charge kept after a cancellation', async () => {
    const vendor = harness.swimVendor({
      ...PERCENT_FEE,
      connect: { accountId: DEFAULT_ACCOUNTS[0]!.id!, refundPolicy: 'full' },
    });
    const hub = harness.hubWith({ vendors: [vendor], connectors: [testConnector()] });
    const prepared = await harness.prepareSwim(hub);
    await harness.pay(prepared.registrationId);
    await hub.confirmRegistration(prepared);
    harness.stripe.injectFault({ ...SERVER_DOWN, method: 'POST', path: /^\/v1\/refunds$/ });

    const cancelled = await hub.cancelRegistration(prepared);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.payment?.status).toBe('captured');

    const report = await hub.payments!.reconcile({ fix: true });
    expect(report.findings).toEqual([
      {
        registrationId: prepared.registrationId,
        registration: registrationRef(prepared.registrationId),
        vendorId: 'riversideswim',
        problem: 'captured_but_cancelled',
        fixed: false,
      },
    ]);
    // Cancelling again retries the refund.
    const again = await hub.cancelRegistration(prepared);
    expect(again.payment?.status).toBe('refunded');
    expect((await hub.payments!.reconcile()).findings).toEqual([]);
  });

  it('keeps to one vendor', async () => {
    const hub = harness.hubWith();
    const prepared = await harness.prepareSwim(hub);
    await harness.pay(prepared.registrationId);
    harness.stripe.injectFault({ ...SERVER_DOWN, method: 'POST', path: /\/capture$/ });
    await hub.confirmRegistration(prepared);

    const other = await hub.payments!.reconcile({ fix: true, vendorId: 'prairiecamp' });
    expect(other).toEqual({ checked: 0, findings: [] });
    expect((await harness.payment(prepared.registrationId)).status).toBe('authorized');
    const own = await hub.payments!.reconcile({ vendorId: 'riversideswim' });
    expect(own.findings).toHaveLength(1);
  });
});
