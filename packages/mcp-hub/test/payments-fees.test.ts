import { describe, expect, it } from 'vitest';
import {
  computeSuccessFee,
  feePolicyFor,
  isPaymentSettingsError,
  percentOf,
  VendorPaymentsSchema,
  type FeePolicy,
} from '../src/index.js';
import { usePaymentsHarness } from './payments-harness.js';

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
const jpy = (amountMinor: number) => ({ amountMinor, currency: 'JPY' });

function settingsError(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (isPaymentSettingsError(error)) return error;
    throw error;
  }
  throw new Error('Expected a PaymentSettingsError.');
}

describe('success fee computation', () => {
  it('takes a fixed fee as it is', () => {
    const policy: FeePolicy = { type: 'fixed', amountMinor: 350, currency: 'USD' };
    expect(computeSuccessFee(policy, usd(8_500))).toEqual(usd(350));
    expect(computeSuccessFee(policy, undefined)).toEqual(usd(350));
  });

  it('charges nothing for a free program', () => {
    const fixed: FeePolicy = { type: 'fixed', amountMinor: 350, currency: 'USD' };
    const percent: FeePolicy = { type: 'percent', percent: 5, minMinor: 200, currency: 'USD' };
    expect(computeSuccessFee(fixed, usd(0))).toBeUndefined();
    expect(computeSuccessFee(percent, usd(0))).toBeUndefined();
    expect(computeSuccessFee({ type: 'none' }, usd(8_500))).toBeUndefined();
  });

  it('rounds a percentage half up', () => {
    // 2.5 % of $0.30 is 0.75 cents; 5 % of $0.09 is 0.45 cents; 5 % of $0.11 is 0.55 cents.
    expect(percentOf(30, 2.5)).toBe(1);
    expect(percentOf(9, 5)).toBe(0);
    expect(percentOf(11, 5)).toBe(1);
    expect(percentOf(8_500, 5)).toBe(425);
    // 7.25 % of $123.45 is 895.0125 cents; 0.1 % of ¥1,005 is ¥1.005.
    expect(percentOf(12_345, 7.25)).toBe(895);
    expect(percentOf(1_005, 0.1)).toBe(1);
    // In binary floating point, 3000 × 1.15 / 100 is 34.49999999999999 and 750 × 8.2 / 100
    // is 61.49999999999999; in decimal both are exactly halfway, so they round up.
    expect(percentOf(3_000, 1.15)).toBe(35);
    expect(percentOf(750, 8.2)).toBe(62);
    expect(percentOf(3, 0.5)).toBe(0);
    expect(percentOf(100, 0.5)).toBe(1);
  });

  it('applies floor and cap', () => {
    const policy: FeePolicy = {
      type: 'percent',
      percent: 5,
      minMinor: 200,
      maxMinor: 2_000,
      currency: 'USD',
    };
    expect(computeSuccessFee(policy, usd(1_000))).toEqual(usd(200));
    expect(computeSuccessFee(policy, usd(8_500))).toEqual(usd(425));
    expect(computeSuccessFee(policy, usd(100_000))).toEqual(usd(2_000));
  });

  it('computes JPY in whole yen', () => {
    const policy: FeePolicy = { type: 'percent', percent: 5, currency: 'JPY' };
    // 5 % of ¥3,333 is ¥166.65, so ¥167; of ¥3,330, exactly ¥166.5, rounded up to ¥167.
    expect(computeSuccessFee(policy, jpy(3_333))).toEqual(jpy(167));
    expect(computeSuccessFee(policy, jpy(3_330))).toEqual(jpy(167));
    expect(computeSuccessFee(policy, jpy(3_329))).toEqual(jpy(166));
  });

  it('rejects a percentage in another currency', () => {
    const policy: FeePolicy = { type: 'percent', percent: 5, currency: 'USD' };
    const error = settingsError(() =>
      computeSuccessFee(policy, jpy(5_000), { field: 'successFeeByProgram.KIDS' }),
    );
    expect(error.field).toBe('successFeeByProgram.KIDS.currency');
    expect(error.message).toContain('successFeeByProgram.KIDS.currency is USD');
    expect(error.message).toContain('priced in JPY');
    expect(error.message).toContain('Set successFeeByProgram.KIDS.currency to JPY');
  });

  it('allows a fixed fee in another currency', () => {
    const policy: FeePolicy = { type: 'fixed', amountMinor: 300, currency: 'USD' };
    expect(computeSuccessFee(policy, jpy(5_000))).toEqual(usd(300));

    const error = settingsError(() =>
      computeSuccessFee(policy, jpy(5_000), { sameCurrency: true }),
    );
    expect(error.field).toBe('successFee.currency');
    expect(error.message).toContain('Stripe Connect');
  });

  it('gives no percentage without a price', () => {
    const policy: FeePolicy = { type: 'percent', percent: 5, minMinor: 200, currency: 'USD' };
    expect(computeSuccessFee(policy, undefined)).toBeUndefined();
  });

  it('prefers the program’s own policy', () => {
    const payments = VendorPaymentsSchema.parse({
      successFee: { type: 'fixed', amountMinor: 300, currency: 'USD' },
      successFeeByProgram: { CAMP612: { type: 'percent', percent: 3, currency: 'USD' } },
    });
    expect(feePolicyFor(payments, 'CAMP612')).toEqual({
      policy: { type: 'percent', percent: 3, currency: 'USD' },
      field: 'successFeeByProgram.CAMP612',
    });
    expect(feePolicyFor(payments, 'LTS58').field).toBe('successFee');
  });
});

describe('fee amounts at Stripe', () => {
  const harness = usePaymentsHarness();

  async function sessionOf(registrationId: string) {
    const record = await harness.payment(registrationId);
    return harness.stripe.getObject(record.checkoutSessionId!) as unknown as {
      amount_total: number;
      currency: string;
    };
  }

  it('sends USD cents', async () => {
    const hub = harness.hubWith();
    const prepared = await harness.prepareSwim(hub);

    const session = await sessionOf(prepared.registrationId);
    expect(session).toMatchObject({ amount_total: 425, currency: 'usd' });
  });

  it('sends JPY in yen', async () => {
    // The swim school prices in USD; a fixed fee may be in another currency on its own link.
    const vendor = harness.swimVendor({
      successFee: { type: 'fixed', amountMinor: 500, currency: 'JPY' },
    });
    const hub = harness.hubWith({ vendors: [vendor] });
    const prepared = await harness.prepareSwim(hub);

    expect(prepared.payment?.successFee).toEqual(jpy(500));
    const session = await sessionOf(prepared.registrationId);
    expect(session).toMatchObject({ amount_total: 500, currency: 'jpy' });

    await harness.pay(prepared.registrationId);
    const confirmed = await hub.confirmRegistration(prepared);
    expect(confirmed.payment?.status).toBe('captured');
    const record = await harness.payment(prepared.registrationId);
    const intent = harness.stripe.getObject(record.paymentIntentId!) as unknown as {
      amount_received: number;
      currency: string;
    };
    expect(intent).toMatchObject({ amount_received: 500, currency: 'jpy' });
  });

  it('stops a prepare whose fee does not fit', async () => {
    const vendor = harness.swimVendor({
      successFee: { type: 'percent', percent: 5, currency: 'JPY' },
    });
    const hub = harness.hubWith({ vendors: [vendor] });
    const prepare = harness.prepareSwim(hub);

    await expect(prepare).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining('is not set up correctly'),
    });
    const logged = harness.logger.entries.find(
      (entry) => entry.message === 'Vendor payment settings do not fit the program',
    );
    expect(logged?.fields.field).toBe('successFee.currency');
    expect(harness.stripe.requests()).toEqual([]);
    // The hold placed before the fee was computed is released.
    expect(harness.sandbox.requests({ method: 'DELETE' })).toHaveLength(1);
  });
});
