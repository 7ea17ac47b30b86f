import { describe, expect, it } from 'vitest';
import { VendorPaymentsSchema } from '../src/payments/config.js';
import { isRegistryError } from '../src/vendors/registry-error.js';
import { checkVendorInput } from '../src/vendors/registry-validation.js';

const VENDOR = {
  id: 'aqua-kids',
  displayName: 'Aqua Kids Swim School',
  connector: 'bookeo',
  timeZone: 'America/Chicago',
  config: {},
};

/** Payment settings with one or more bad fields, and the paths of those fields. */
const BAD_SETTINGS: ReadonlyArray<[string, unknown, string[]]> = [
  [
    'negative fixed fee',
    { successFee: { type: 'fixed', amountMinor: -5, currency: 'USD' } },
    ['successFee.amountMinor'],
  ],
  [
    'fixed fee of 0',
    { successFee: { type: 'fixed', amountMinor: 0, currency: 'USD' } },
    ['successFee.amountMinor'],
  ],
  [
    'fractional fixed fee',
    { successFee: { type: 'fixed', amountMinor: 1.5, currency: 'USD' } },
    ['successFee.amountMinor'],
  ],
  [
    'unsafe fixed fee',
    { successFee: { type: 'fixed', amountMinor: 1e20, currency: 'USD' } },
    ['successFee.amountMinor'],
  ],
  [
    'negative floor and cap',
    { successFee: { type: 'percent', percent: 5, minMinor: -1, maxMinor: -2, currency: 'USD' } },
    ['successFee.minMinor', 'successFee.maxMinor'],
  ],
  [
    'unsafe cap',
    { successFee: { type: 'percent', percent: 5, maxMinor: 2 ** 60, currency: 'USD' } },
    ['successFee.maxMinor'],
  ],
  [
    'floor above cap',
    { successFee: { type: 'percent', percent: 5, minMinor: 500, maxMinor: 100, currency: 'USD' } },
    ['successFee.minMinor'],
  ],
  [
    'negative per-program fee',
    {
      successFee: { type: 'none' },
      successFeeByProgram: { LTS58: { type: 'fixed', amountMinor: -5, currency: 'USD' } },
    },
    ['successFeeByProgram.LTS58.amountMinor'],
  ],
];

function countOf(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('payment settings messages', () => {
  it.each(BAD_SETTINGS)('gives one issue per field: %s', (_name, payments, fields) => {
    const result = VendorPaymentsSchema.safeParse(payments);

    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(fields);
  });

  it.each(BAD_SETTINGS)('names each field once: %s', (_name, payments, fields) => {
    let message = '';
    try {
      checkVendorInput({ ...VENDOR, payments });
    } catch (error) {
      expect(isRegistryError(error)).toBe(true);
      message = (error as Error).message;
    }

    for (const field of fields) {
      expect(countOf(message, `"payments.${field}"`)).toBe(1);
    }
  });

  it('states the rule of a negative fee', () => {
    const result = VendorPaymentsSchema.safeParse(BAD_SETTINGS[0]![1]);

    expect(result.error?.issues[0]?.message).toBe('must be a whole number above 0');
  });
});
