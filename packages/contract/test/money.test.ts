import { describe, expect, it } from 'vitest';
import {
  addMoney,
  currencyExponent,
  decimalToMinor,
  formatMoney,
  isConnectorError,
  MoneySchema,
  minorToDecimal,
} from '../src/index.js';

describe('decimalToMinor', () => {
  it.each([
    ['85', 'USD', 8500],
    ['27.50', 'USD', 2750],
    ['27.5', 'USD', 2750],
    ['0.10', 'USD', 10],
    ['0.29', 'USD', 29],
    ['1.005', 'KWD', 1005],
    ['1.1', 'KWD', 1100],
    ['500', 'JPY', 500],
    ['500.00', 'JPY', 500],
    ['12000', 'KRW', 12000],
    ['-3.25', 'EUR', -325],
    ['90071992547409.91', 'USD', 9007199254740991],
  ])('converts %s %s exactly', (amount, currency, expected) => {
    expect(decimalToMinor(amount, currency)).toEqual({ amountMinor: expected, currency });
  });

  it('rejects more decimals than the currency has', () => {
    expect(() => decimalToMinor('1.5', 'JPY')).toThrow(/more decimals than JPY allows \(0\)/);
    expect(() => decimalToMinor('1.234', 'USD')).toThrow(/USD allows \(2\)/);
  });

  it('rejects malformed amounts with a connector error', () => {
    for (const amount of ['', '1,5', '1e3', 'abc', '1.', '.5']) {
      let caught: unknown;
      try {
        decimalToMinor(amount, 'USD');
      } catch (error) {
        caught = error;
      }
      expect(isConnectorError(caught), amount).toBe(true);
    }
  });

  it('rejects unknown currencies', () => {
    expect(() => decimalToMinor('1', 'XYZ')).toThrow(/Unknown currency "XYZ"/);
    expect(() => decimalToMinor('1', 'usd')).toThrow(/Unknown currency/);
  });

  it('rejects amounts beyond safe integers', () => {
    expect(() => decimalToMinor('90071992547409.92', 'USD')).toThrow(/too large/);
  });
});

describe('minorToDecimal', () => {
  it.each([
    [2750, 'USD', '27.50'],
    [5, 'USD', '0.05'],
    [-325, 'EUR', '-3.25'],
    [500, 'JPY', '500'],
    [1005, 'KWD', '1.005'],
    [7, 'KWD', '0.007'],
  ])('formats %d %s as %s', (amountMinor, currency, expected) => {
    expect(minorToDecimal({ amountMinor, currency })).toBe(expected);
  });

  it('round-trips 0-, 2- and 3-decimal currencies', () => {
    for (const [currency, amount] of [
      ['JPY', '123456'],
      ['USD', '1234.56'],
      ['KWD', '1234.567'],
    ] as const) {
      expect(minorToDecimal(decimalToMinor(amount, currency))).toBe(amount);
    }
  });
});

describe('money helpers', () => {
  it('knows currency exponents', () => {
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KRW')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
  });

  it('formats for people', () => {
    expect(formatMoney({ amountMinor: 8500, currency: 'USD' })).toBe('$85.00');
    expect(formatMoney({ amountMinor: 500, currency: 'JPY' })).toBe('¥500');
  });

  it('adds one currency and rejects two', () => {
    const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
    expect(addMoney(usd(10), usd(20), usd(5))).toEqual(usd(35));
    expect(() => addMoney(usd(1), { amountMinor: 1, currency: 'EUR' })).toThrow(/EUR to USD/);
  });

  it('schema requires integer minor units and a real currency', () => {
    expect(MoneySchema.safeParse({ amountMinor: 8500, currency: 'USD' }).success).toBe(true);
    expect(MoneySchema.safeParse({ amountMinor: 85.5, currency: 'USD' }).success).toBe(false);
    expect(MoneySchema.safeParse({ amountMinor: 1, currency: 'ABC' }).success).toBe(false);
    expect(MoneySchema.safeParse({ amount: '85', currency: 'USD' }).success).toBe(false);
  });
});
