import { createBookeoConnector } from '@signupassist/connector-bookeo';
import type { AnyConnector } from '@signupassist/contract';
import { DEFAULT_ACCOUNTS } from '@signupassist/mcp-hub/stripe-emulator';
import { describe, expect, it } from 'vitest';
import type { Hub, VendorPaymentsInput } from '../src/index.js';
import { PERCENT_FEE, usePaymentsHarness } from './payments-harness.js';
import { stripeReference } from '../src/payments/context.js';

const READY_ACCOUNT = DEFAULT_ACCOUNTS[0]!.id!;
const ONBOARDING_ACCOUNT = DEFAULT_ACCOUNTS[1]!.id!;

/** Builds the Bookeo connector with `connectPayments`, so vendors may use Connect. */
function connectConnector(): AnyConnector {
  const bookeo = createBookeoConnector() as AnyConnector;
  return {
    ...bookeo,
    manifest: {
      ...bookeo.manifest,
      capabilities: { ...bookeo.manifest.capabilities, connectPayments: 'native' },
    },
  };
}

function connectPayments(
  accountId: string,
  refundPolicy: 'full' | 'before_start' | 'none' = 'full',
): VendorPaymentsInput {
  return { ...PERCENT_FEE, connect: { accountId, refundPolicy } };
}

interface SessionShape {
  amount_total: number;
  currency: string;
  payment_intent: string | null;
}

interface IntentShape {
  status: string;
  amount: number;
  amount_received: number;
  application_fee_amount: number | null;
  latest_charge: string | null;
}

describe('program fee through Stripe Connect', () => {
  const harness = usePaymentsHarness();

  function hubFor(payments: VendorPaymentsInput, connector = connectConnector()): Hub {
    return harness.hubWith({ vendors: [harness.swimVendor(payments)], connectors: [connector] });
  }

  it('never offers Connect without charges', async () => {
    const hub = hubFor(connectPayments(ONBOARDING_ACCOUNT));
    const prepared = await harness.prepareSwim(hub);

    expect(prepared.payment?.path).toBe('success_fee');
    expect(prepared.payment?.programFee).toBeUndefined();
    const [create] = harness.requestsTo(/^\/v1\/checkout\/sessions$/);
    expect(create?.account).toBeUndefined();
    const record = await harness.payment(prepared.registrationId);
    const session = harness.stripe.getObject(record.checkoutSessionId!) as unknown as SessionShape;
    expect(session.amount_total).toBe(425);
    expect(harness.requestsTo(/^\/v1\/accounts\//, 'GET')).toHaveLength(1);
  });

  it('never offers Connect without the capability', async () => {
    const bookeo = createBookeoConnector() as AnyConnector;
    const withoutConnect: AnyConnector = {
      ...bookeo,
      manifest: {
        ...bookeo.manifest,
        capabilities: { ...bookeo.manifest.capabilities, connectPayments: 'absent' },
      },
    };
    const hub = hubFor(connectPayments(READY_ACCOUNT), withoutConnect);
    const prepared = await harness.prepareSwim(hub);

    expect(prepared.payment?.path).toBe('success_fee');
    expect(harness.requestsTo(/^\/v1\/accounts\//, 'GET')).toEqual([]);
  });

  it('takes a direct charge with the fee', async () => {
    const hub = hubFor(connectPayments(READY_ACCOUNT));
    const prepared = await harness.prepareSwim(hub);

    expect(prepared.payment).toMatchObject({
      path: 'connect',
      programFee: { amountMinor: 8_500, currency: 'USD' },
      successFee: { amountMinor: 425, currency: 'USD' },
    });
    const [create] = harness.requestsTo(/^\/v1\/checkout\/sessions$/);
    expect(create?.account).toBe(READY_ACCOUNT);
    expect(create?.params).toMatchObject({
      payment_intent_data: { capture_method: 'manual', application_fee_amount: '425' },
    });

    await harness.pay(prepared.registrationId);
    await harness.deliverEvents(hub);
    const confirmed = await hub.confirmRegistration(prepared);
    expect(confirmed.payment?.status).toBe('captured');

    const record = await harness.payment(prepared.registrationId);
    expect(record.stripeAccount).toBe(READY_ACCOUNT);
    const intent = harness.stripe.getObject(record.paymentIntentId!) as unknown as IntentShape;
    expect(intent).toMatchObject({
      status: 'succeeded',
      amount: 8_925,
      amount_received: 8_925,
      application_fee_amount: 425,
    });
    const charge = harness.stripe.getObject(intent.latest_charge!) as unknown as {
      application_fee: string;
    };
    const fee = harness.stripe.getObject(charge.application_fee) as unknown as {
      amount: number;
      account: string;
    };
    expect(fee).toMatchObject({ amount: 425, account: READY_ACCOUNT });

    // Every Stripe call about this payment went to the connected account.
    const paymentCalls = harness.stripe
      .requests()
      .filter((entry) => /checkout|payment_intents/.test(entry.path));
    expect(paymentCalls.length).toBeGreaterThanOrEqual(2);
    for (const entry of paymentCalls) expect(entry.account, entry.path).toBe(READY_ACCOUNT);
  });

  it('refunds a cancelled direct charge', async () => {
    const hub = hubFor(connectPayments(READY_ACCOUNT, 'full'));
    const prepared = await harness.prepareSwim(hub);
    await harness.pay(prepared.registrationId);
    await hub.confirmRegistration(prepared);

    const cancelled = await hub.cancelRegistration(prepared);
    expect(cancelled.payment?.status).toBe('refunded');
    expect(cancelled.payment?.refunded).toEqual({ amountMinor: 8_925, currency: 'USD' });
    const [refund] = harness.requestsTo(/^\/v1\/refunds$/);
    expect(refund?.account).toBe(READY_ACCOUNT);
    expect(refund?.idempotencyKey).toBe(`${stripeReference(prepared.registrationId)}:refund:1`);
    expect(refund?.params).toMatchObject({ refund_application_fee: 'true' });

    const again = await hub.cancelRegistration(prepared);
    expect(again.payment?.status).toBe('refunded');
    expect(harness.requestsTo(/^\/v1\/refunds$/)).toHaveLength(1);
  });

  it('refunds before the session starts', async () => {
    const hub = hubFor(connectPayments(READY_ACCOUNT, 'before_start'));
    const prepared = await harness.prepareSwim(hub);
    await harness.pay(prepared.registrationId);
    await hub.confirmRegistration(prepared);

    const cancelled = await hub.cancelRegistration(prepared);
    expect(cancelled.payment?.status).toBe('refunded');
  });

  it('leaves refunds to the vendor on none', async () => {
    const hub = hubFor(connectPayments(READY_ACCOUNT, 'none'));
    const prepared = await harness.prepareSwim(hub);
    await harness.pay(prepared.registrationId);
    await hub.confirmRegistration(prepared);

    const cancelled = await hub.cancelRegistration(prepared);
    expect(cancelled.payment?.status).toBe('captured');
    expect(cancelled.payment?.note).toContain('vendor handles refunds');
    expect(harness.requestsTo(/^\/v1\/refunds$/)).toEqual([]);
    const report = await hub.payments!.reconcile();
    expect(report.findings).toEqual([]);
  });

  it('captures no more than the booked total', async () => {
    const connector = connectConnector();
    const discounted: AnyConnector = {
      ...connector,
      book: async (context, request) => {
        const receipt = await connector.book(context, request);
        return { ...receipt, price: { total: { amountMinor: 8_000, currency: 'USD' } } };
      },
    };
    const hub = hubFor(connectPayments(READY_ACCOUNT), discounted);
    const prepared = await harness.prepareSwim(hub);
    await harness.pay(prepared.registrationId);

    const confirmed = await hub.confirmRegistration(prepared);
    expect(confirmed.warnings?.[0]).toContain('lower than the quoted $85.00');
    expect(confirmed.payment?.status).toBe('captured');
    const [capture] = harness.requestsTo(/\/capture$/);
    expect(capture?.params).toEqual({ amount_to_capture: '8425' });
    const record = await harness.payment(prepared.registrationId);
    const intent = harness.stripe.getObject(record.paymentIntentId!) as unknown as IntentShape;
    expect(intent).toMatchObject({ amount_received: 8_425, application_fee_amount: 425 });
  });

  it('follows account.updated at once', async () => {
    const hub = hubFor(connectPayments(READY_ACCOUNT));
    const first = await harness.prepareSwim(hub);
    expect(first.payment?.path).toBe('connect');
    await hub.cancelRegistration(first);

    harness.stripe.setAccount(READY_ACCOUNT, { charges_enabled: false });
    const outcomes = await harness.deliverEvents(hub);
    expect(outcomes).toContainEqual(expect.objectContaining({ outcome: 'processed' }));

    const second = await harness.prepareSwim(hub);
    expect(second.payment?.path).toBe('success_fee');
    // The account was read once; the change came by webhook within the cache period.
    expect(harness.requestsTo(/^\/v1\/accounts\//, 'GET')).toHaveLength(1);
  });
});
