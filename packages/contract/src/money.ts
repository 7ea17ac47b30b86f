import { z } from 'zod';
import { ConnectorError } from './errors.js';

/** Checks an ISO 4217 code against the currencies this runtime's Intl supports. */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  return Intl.supportedValuesOf('currency').includes(code);
}

/** Number of minor-unit digits of a currency (JPY 0, USD 2, KWD 3), from ISO 4217 via Intl. */
export function currencyExponent(currency: string): number {
  if (!isCurrencyCode(currency)) {
    throw new ConnectorError(
      'invalid_request',
      `Unknown currency "${currency}": use an ISO 4217 code such as USD.`,
    );
  }
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  return format.resolvedOptions().maximumFractionDigits ?? 2;
}

/** An amount of money in integer minor units (cents for USD, yen for JPY, fils for KWD). */
export const MoneySchema = z
  .object({
    amountMinor: z
      .number()
      .int()
      .refine(Number.isSafeInteger, 'amountMinor must be a safe integer'),
    currency: z.string().refine(isCurrencyCode, 'currency must be an ISO 4217 code such as USD'),
  })
  .strict();

/** An amount of money in integer minor units. */
export type Money = z.infer<typeof MoneySchema>;

/**
 * Converts a decimal string ("85", "27.50", "-3.125") to minor units without floating point.
 * Rejects more fraction digits than the currency has, rather than rounding them away.
 */
export function decimalToMinor(amount: string, currency: string): Money {
  const exponent = currencyExponent(currency);
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) {
    throw new ConnectorError(
      'invalid_request',
      `Invalid amount "${amount}": expected a decimal number such as 27.50.`,
    );
  }
  const [, sign, whole = '0', fraction = ''] = match;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > exponent) {
    throw new ConnectorError(
      'invalid_request',
      `Amount "${amount}" has more decimals than ${currency} allows (${exponent}).`,
    );
  }
  const minor = BigInt(whole + significant.padEnd(exponent, '0'));
  const signed = sign ? -minor : minor;
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new ConnectorError('invalid_request', `Amount "${amount}" is too large.`);
  }
  return { amountMinor: Number(signed), currency };
}

/** Converts minor units back to a decimal string with the currency's digits ("27.50", "500"). */
export function minorToDecimal(money: Money): string {
  const exponent = currencyExponent(money.currency);
  const negative = money.amountMinor < 0;
  const digits = Math.abs(money.amountMinor)
    .toString()
    .padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  const text = exponent === 0 ? whole : `${whole}.${fraction}`;
  return negative ? `-${text}` : text;
}

/** Formats money for people, e.g. "$85.00" or "¥500". */
export function formatMoney(money: Money, locale = 'en-US'): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency });
  // Intl accepts a decimal string exactly, so no floating-point rounding enters here.
  return format.format(minorToDecimal(money) as unknown as number);
}

/** Adds amounts of one currency; mixing currencies is an `invalid_request`. */
export function addMoney(first: Money, ...rest: Money[]): Money {
  let total = first.amountMinor;
  for (const money of rest) {
    if (money.currency !== first.currency) {
      throw new ConnectorError(
        'invalid_request',
        `Cannot add ${money.currency} to ${first.currency}.`,
      );
    }
    total += money.amountMinor;
  }
  return { amountMinor: total, currency: first.currency };
}
