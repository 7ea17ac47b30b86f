import type { BookeoMoney } from '../bookeo-api.js';

// Prices are summed in integer minor units (cents), so "27.50" × 3 is exactly "82.50".

/** Returns the number of minor-unit digits of an ISO 4217 currency, from Intl (USD 2, JPY 0). */
export function minorDigits(currency: string): number {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  return format.resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Converts a Bookeo decimal string ("85", "27.50") to integer minor units. Throws a RangeError
 * for text that is not a non-negative decimal or has more decimals than the currency allows.
 */
export function toMinorUnits(money: BookeoMoney): number {
  const digits = minorDigits(money.currency);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(money.amount.trim());
  if (!match) throw new RangeError(`Invalid amount "${money.amount}": expected e.g. "27.50".`);

  const [, whole = '0', fraction = ''] = match;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > digits) {
    throw new RangeError(`Amount "${money.amount}" has more decimals than ${money.currency} has.`);
  }
  return Number(whole + significant.padEnd(digits, '0'));
}

/** Formats integer minor units as Bookeo money, with all the currency's decimals ("82.50"). */
export function fromMinorUnits(minor: number, currency: string): BookeoMoney {
  const digits = minorDigits(currency);
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = text.slice(text.length - digits);
  const sign = minor < 0 ? '-' : '';
  const amount = digits === 0 ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
  return { amount, currency };
}
