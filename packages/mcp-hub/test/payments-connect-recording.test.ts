import { createBookeoConnector } from '@signupassist/connector-bookeo';
import type { AnyConnector } from '@signupassist/contract';
import { DEFAULT_ACCOUNTS } from '@signupassist/mcp-hub/stripe-emulator';
import { describe, expect, it } from 'vitest';
import type { Hub, VendorPaymentsInput } from '../src/index.js';
import { registrationRef } from '../src/registration/view.js';
import { SWIM_ACCOUNT } from './bookeo-fixtures.js';
import { PERCENT_FEE, usePaymentsHarness } from './payments-harness.js';

const READY_ACCOUNT = DEFAULT_ACCOUNTS[0]!.id!;

const CONNECT: VendorPaymentsInput = {
  ...PERCENT_FEE,
  connect: { accountId: READY_ACCOUNT, refundPolicy: 'full' },
};

/** Returns the Bookeo connector with `connectPayments` narrowed to `absent`. */
function withoutConnectPayments(): AnyConnector {
  const bookeo = createBookeoConnector() as AnyConnector;
  return {
    ...bookeo,
    manifest: {
      ...bookeo.manifest,
      capabilities: { ...bookeo.manifest.capabilities, connectPayments: 'absent' },
    },
  };
}

describe('Connect program fee at the provider', () => {
  const harness = usePaymentsHarness();

  function hubFor(payments: VendorPaymentsInput, connector?: AnyConnector): Hub {
    return harness.hubWith({
      vendors: [harness.swimVendor(payments)],
      connectors: [connector ?? (createBookeoConnector() as AnyConnector)],
    });
  }

  const bookings = () => harness.sandbox.bookings(SWIM_ACCOUNT);
  const captures = () => harness.requestsTo(/^\/v1\/payment_intents\/[^/]+\/capture$/);

  it('records the paid fee on the booking', async () => {
    const hub = hubFor(CONNECT);
    const prepared = await harness.prepareSwim(hub);
    expect(prepared.payment?.path).toBe('connect');
    await harness.pay(prepared.registrationId);
    await harness.deliverEvents(hub);

    const confirmed = await hub.confirmRegistration(prepared);

    expect(confirmed.payment?.status).toBe('captured');
    expect(confirmed.receipt?.price.paid).toEqual({ amountMinor: 8_500, currency: 'USD' });
    expect(confirmed.receipt?.payment.method).toBe('paid');
    expect(bookings()).toHaveLength(1);
    const [payment, ...others] = bookings()[0]?.initialPayments ?? [];
    expect(others).toEqual([]);
    expect(payment).toMatchObject({
      amount: { amount: '85.00', currency: 'USD' },
      paymentMethod: 'creditCard',
      comment: `SignupAssist payment reference ${registrationRef(prepared.registrationId)}`,
    });
    expect(JSON.stringify(bookings())).not.toContain(prepared.registrationId);
    expect(captures()).toHaveLength(1);
    expect(harness.logger.text()).not.toContain('paid amount other than the program fee');
  });

  it('records and captures once on repeats', async () => {
    const hub = hubFor(CONNECT);
    const prepared = await harness.prepareSwim(hub);
    await harness.pay(prepared.registrationId);
    await harness.deliverEvents(hub);

    const results = await Promise.all([
      hub.confirmRegistration(prepared),
      hub.confirmRegistration(prepared),
    ]);
    const again = await hub.confirmRegistration(prepared);
    const read = await hub.getRegistration(prepared);
    await harness.deliverEvents(hub);

    for (const result of [...results, again, read]) {
      expect(result.receipt?.bookingId).toBe(results[0]?.receipt?.bookingId);
    }
    expect(read.receipt?.price.paid).toEqual({ amountMinor: 8_500, currency: 'USD' });
    expect(read.payment?.status).toBe('captured');
    expect(harness.sandbox.bookingCount({ accountId: SWIM_ACCOUNT })).toBe(1);
    expect(harness.sandbox.requests({ method: 'POST', pathPrefix: '/bookings' })).toHaveLength(1);
    expect(bookings()[0]?.initialPayments).toHaveLength(1);
    expect(captures()).toHaveLength(1);
  });

  it('records once after a lost response', async () => {
    const hub = hubFor(CONNECT);
    const prepared = await harness.prepareSwim(hub);
    await harness.pay(prepared.registrationId);
    harness.sandbox.injectFault({
      kind: 'lostResponse',
      match: { method: 'POST', pathPrefix: '/bookings' },
    });

    const confirmed = await hub.confirmRegistration(prepared);

    expect(confirmed.payment?.status).toBe('captured');
    expect(confirmed.receipt?.price.paid).toEqual({ amountMinor: 8_500, currency: 'USD' });
    expect(harness.sandbox.bookingCount({ accountId: SWIM_ACCOUNT })).toBe(1);
    expect(bookings()[0]?.initialPayments).toHaveLength(1);
    expect(captures()).toHaveLength(1);
  });

  it('sends no payment on a success fee', async () => {
    const hub = hubFor(PERCENT_FEE);
    const prepared = await harness.prepareSwim(hub);
    expect(prepared.payment?.path).toBe('success_fee');
    await harness.pay(prepared.registrationId);

    const confirmed = await hub.confirmRegistration(prepared);

    expect(confirmed.payment?.status).toBe('captured');
    expect(confirmed.receipt?.price.paid).toEqual({ amountMinor: 0, currency: 'USD' });
    expect(bookings()[0]?.initialPayments).toBeUndefined();
  });

  it('sends no payment without the capability', async () => {
    const prepared = await harness.prepareSwim(hubFor(CONNECT));
    expect(prepared.payment?.path).toBe('connect');
    await harness.pay(prepared.registrationId);
    // The connector loses connectPayments between prepare and confirm, as after a downgrade.
    const connector = withoutConnectPayments();
    const sent: unknown[] = [];
    const hub = hubFor(CONNECT, {
      ...connector,
      book: (context, request) => {
        sent.push(request.payment);
        return connector.book(context, request);
      },
    });

    const confirmed = await hub.confirmRegistration(prepared);

    expect(confirmed.state).toBe('booked');
    expect(sent).toEqual([undefined]);
    expect(bookings()[0]?.initialPayments).toBeUndefined();
  });

  it('warns when the provider records less', async () => {
    const bookeo = createBookeoConnector() as AnyConnector;
    const hub = hubFor(CONNECT, {
      ...bookeo,
      book: (context, request) => {
        const withoutPayment = { ...request };
        delete withoutPayment.payment;
        return bookeo.book(context, withoutPayment);
      },
    });
    const prepared = await harness.prepareSwim(hub);
    await harness.pay(prepared.registrationId);

    const confirmed = await hub.confirmRegistration(prepared);

    expect(confirmed.payment?.status).toBe('captured');
    const warning = harness.logger.entries.find((entry) =>
      entry.message.includes('paid amount other than the program fee'),
    );
    expect(warning?.level).toBe('warn');
    expect(warning?.fields).toMatchObject({
      registration: registrationRef(prepared.registrationId),
      bookingId: confirmed.receipt?.bookingId,
      programFeeCaptured: { amountMinor: 8_500, currency: 'USD' },
      paidAtProvider: { amountMinor: 0, currency: 'USD' },
    });
  });
});
