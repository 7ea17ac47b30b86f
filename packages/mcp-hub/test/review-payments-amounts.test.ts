import { createBookeoConnector } from '@signupassist/connector-bookeo';
import type { AnyConnector } from '@signupassist/contract';
import { DEFAULT_ACCOUNTS } from '@signupassist/mcp-hub/stripe-emulator';
import { describe, expect, it } from 'vitest';
import type { VendorPaymentsInput } from '../src/index.js';
import { usePaymentsHarness } from './payments-harness.js';

const READY_ACCOUNT = DEFAULT_ACCOUNTS[0]!.id!;

/** Replaces every USD amount in a connector result by `convert(amount)` in `currency`. */
function reprice(value: unknown, currency: string, convert: (minor: number) => number): unknown {
  if (Array.isArray(value)) return value.map((item) => reprice(item, currency, convert));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (typeof record.amountMinor === 'number' && record.currency === 'USD') {
    return { ...record, amountMinor: convert(record.amountMinor), currency };
  }
  const entries = Object.entries(record).map(([key, item]) => [
    key,
    reprice(item, currency, convert),
  ]);
  return Object.fromEntries(entries);
}

/**
 * Builds the Bookeo connector with its prices in another currency, and with `connectPayments`
 * so that vendors may take the program fee through Connect.
 */
function repricedConnector(currency: string, convert: (minor: number) => number): AnyConnector {
  const bookeo = createBookeoConnector() as AnyConnector;
  const wrap =
    <Args extends unknown[]>(call: (...args: Args) => Promise<unknown>) =>
    async (...args: Args) =>
      reprice(await call(...args), currency, convert);
  return {
    ...bookeo,
    manifest: {
      ...bookeo.manifest,
      capabilities: { ...bookeo.manifest.capabilities, connectPayments: 'native' },
    },
    listPrograms: wrap(bookeo.listPrograms),
    listSessions: wrap(bookeo.listSessions),
    getRegistrationForm: wrap(bookeo.getRegistrationForm),
    hold: wrap(bookeo.hold!),
    // The sandbox books in USD, so a payment recorded in the other currency is left out.
    book: wrap((context, request) => {
      const inUsd = { ...request } as typeof request & { payment?: unknown };
      delete inUsd.payment;
      return bookeo.book(context, inUsd);
    }),
    getBooking: wrap(bookeo.getBooking),
  } as AnyConnector;
}

/** Turns cents into fils ending in 5, which Stripe cannot charge: $85.00 becomes 85.005 KWD. */
const toOddFils = (cents: number) => cents * 10 + 5;

describe('fee amounts Stripe can charge', () => {
  const harness = usePaymentsHarness();

  async function sessionTotal(registrationId: string): Promise<number> {
    const record = await harness.payment(registrationId);
    const session = harness.stripe.getObject(record.checkoutSessionId!) as unknown as {
      amount_total: number;
    };
    return session.amount_total;
  }

  it('waives a USD fee below the minimum', async () => {
    // 0.5 % of $85.00 is $0.43, below the $0.50 that Stripe charges at least.
    const vendor = harness.swimVendor({
      successFee: { type: 'percent', percent: 0.5, currency: 'USD' },
    });
    const hub = harness.hubWith({ vendors: [vendor] });

    const prepared = await harness.prepareSwim(hub);
    expect(prepared.payment).toBeUndefined();
    const confirmed = await hub.confirmRegistration(prepared);

    expect(confirmed.receipt?.status).toBe('confirmed');
    expect(harness.sandbox.bookingCount()).toBe(1);
    expect(harness.stripe.requests()).toEqual([]);
    const warning = harness.logger.entries.find((entry) => entry.fields.field === 'successFee');
    expect(warning?.level).toBe('warn');
    expect(warning?.fields.feeMinor).toBe(43);
  });

  it('waives a JPY fee below the minimum', async () => {
    // 0.5 % of ¥8,500 is ¥43, below Stripe's ¥50.
    const vendor = harness.swimVendor({
      successFee: { type: 'percent', percent: 0.5, currency: 'JPY' },
    });
    const connector = repricedConnector('JPY', (cents) => cents);
    const hub = harness.hubWith({ vendors: [vendor], connectors: [connector] });

    const prepared = await harness.prepareSwim(hub);

    expect(prepared.quote?.total).toEqual({ amountMinor: 8_500, currency: 'JPY' });
    expect(prepared.payment).toBeUndefined();
    const confirmed = await hub.confirmRegistration(prepared);
    expect(confirmed.receipt?.status).toBe('confirmed');
  });

  it('charges a fee at the minimum', async () => {
    const vendor = harness.swimVendor({
      successFee: { type: 'fixed', amountMinor: 50, currency: 'USD' },
    });
    const hub = harness.hubWith({ vendors: [vendor] });

    const prepared = await harness.prepareSwim(hub);

    expect(prepared.payment?.successFee).toEqual({ amountMinor: 50, currency: 'USD' });
    expect(await sessionTotal(prepared.registrationId)).toBe(50);
  });

  it.each<[string, VendorPaymentsInput['successFee'], number]>([
    // 2.5 % of 85.005 KWD is 2.125125 KWD: 2125 fils, rounded half up to 2130.
    ['a percentage', { type: 'percent', percent: 2.5, currency: 'KWD' }, 2_130],
    // The cap is not exceeded by rounding up, so the fee goes down to 2120.
    [
      'a capped percentage',
      { type: 'percent', percent: 2.5, maxMinor: 2_125, currency: 'KWD' },
      2_120,
    ],
    ['a fixed fee', { type: 'fixed', amountMinor: 1_005, currency: 'KWD' }, 1_010],
  ])('charges %s in KWD in tens of fils', async (_name, successFee, expected) => {
    const vendor = harness.swimVendor({ successFee });
    const connector = repricedConnector('KWD', toOddFils);
    const hub = harness.hubWith({ vendors: [vendor], connectors: [connector] });

    const prepared = await harness.prepareSwim(hub);
    expect(prepared.payment?.successFee).toEqual({ amountMinor: expected, currency: 'KWD' });
    expect(await sessionTotal(prepared.registrationId)).toBe(expected);
    await harness.pay(prepared.registrationId);
    const confirmed = await hub.confirmRegistration(prepared);

    expect(confirmed.payment?.status).toBe('captured');
  });

  it('keeps Connect off for an odd KWD price', async () => {
    const vendor = harness.swimVendor({
      successFee: { type: 'percent', percent: 5, currency: 'KWD' },
      connect: { accountId: READY_ACCOUNT },
    });
    const connector = repricedConnector('KWD', toOddFils);
    const hub = harness.hubWith({ vendors: [vendor], connectors: [connector] });

    const prepared = await harness.prepareSwim(hub);
    expect(prepared.payment?.path).toBe('success_fee');
    expect(prepared.payment?.programFee).toBeUndefined();
    await harness.pay(prepared.registrationId);
    const confirmed = await hub.confirmRegistration(prepared);

    expect(confirmed.payment?.status).toBe('captured');
    const [create] = harness.requestsTo(/^\/v1\/checkout\/sessions$/);
    expect(create?.account).toBeUndefined();
  });

  it('takes a round KWD price through Connect', async () => {
    const vendor = harness.swimVendor({
      successFee: { type: 'percent', percent: 5, currency: 'KWD' },
      connect: { accountId: READY_ACCOUNT },
    });
    const connector = repricedConnector('KWD', (cents) => cents * 10);
    const hub = harness.hubWith({ vendors: [vendor], connectors: [connector] });

    const prepared = await harness.prepareSwim(hub);
    expect(prepared.payment?.path).toBe('connect');
    await harness.pay(prepared.registrationId);
    const confirmed = await hub.confirmRegistration(prepared);

    expect(confirmed.payment?.status).toBe('captured');
    expect(await sessionTotal(prepared.registrationId)).toBe(85_000 + 4_250);
  });
});
