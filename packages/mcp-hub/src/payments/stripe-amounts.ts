import { currencyExponent, type Money } from '@signupassist/contract';

/**
 * Smallest amount Stripe charges, in minor units, per currency, as the Stripe emulator
 * enforces it (USD 0.50, GBP 0.30, HKD 4.00, JPY 50).
 * NOTE: these values were not compared with Stripe's current table of minimum charge amounts.
 * Stripe applies the minimum of the account's settlement currency, converted, so they hold for
 * an account that settles in the charge's currency. Currencies missing here are not checked.
 */
const MINIMUM_CHARGE_MINOR: Readonly<Record<string, number>> = {
  USD: 50,
  CAD: 50,
  AUD: 50,
  NZD: 50,
  EUR: 50,
  CHF: 50,
  GBP: 30,
  JPY: 50,
  SGD: 50,
  HKD: 400,
  MXN: 1_000,
};

/**
 * Checks whether a currency has three decimals (KWD, BHD, JOD, OMR, TND). Stripe takes
 * amounts in those currencies only when their last digit is 0, that is in tens of minor units.
 */
function hasThreeDecimals(currency: string): boolean {
  return currencyExponent(currency) === 3;
}

/**
 * Rounds an amount half up to a step Stripe charges in its currency: a multiple of 10 minor
 * units for three-decimal currencies, the amount itself otherwise. With `max`, a result above
 * it goes down one step instead.
 */
export function roundForStripe(amountMinor: number, currency: string, max?: number): number {
  if (!hasThreeDecimals(currency)) return amountMinor;
  const rounded = Math.floor((amountMinor + 5) / 10) * 10;
  return max !== undefined && rounded > max ? rounded - 10 : rounded;
}

/** Returns the smallest amount Stripe charges in a currency, when this table has one. */
export function stripeMinimumCharge(currency: string): number | undefined {
  return MINIMUM_CHARGE_MINOR[currency];
}

/**
 * Checks whether Stripe takes a charge of this amount: at least the currency's minimum, and
 * in tens of minor units for a three-decimal currency.
 */
export function isChargeable(money: Money): boolean {
  const minimum = stripeMinimumCharge(money.currency) ?? 1;
  if (money.amountMinor < minimum) return false;
  return !hasThreeDecimals(money.currency) || money.amountMinor % 10 === 0;
}
