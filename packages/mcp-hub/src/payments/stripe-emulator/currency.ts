/**
 * Currencies whose amounts Stripe takes in major units (no minor unit): an amount of 500 JPY
 * is ¥500, not ¥5. The list is Stripe's list of zero-decimal currencies.
 */
const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

/** Currencies with three decimals in Stripe's amounts (1000 = 1.000 KWD). */
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** Minimum charge amounts in minor units, after Stripe's table of minimum charge amounts. */
const MINIMUM_CHARGE: Readonly<Record<string, number>> = {
  usd: 50,
  cad: 50,
  aud: 50,
  nzd: 50,
  eur: 50,
  chf: 50,
  gbp: 30,
  jpy: 50,
  sgd: 50,
  hkd: 400,
  mxn: 1000,
};

// NOTE: currencies missing from MINIMUM_CHARGE use 50 minor units, which may differ from Stripe,
// and the listed values were not compared with Stripe's current table.
const DEFAULT_MINIMUM_CHARGE = 50;

/** Number of decimals of `currency` (lower-case ISO 4217) in Stripe amounts. */
export function currencyDecimals(currency: string): number {
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

/** Smallest amount, in minor units, that Stripe accepts for a charge in `currency`. */
export function minimumChargeAmount(currency: string): number {
  return MINIMUM_CHARGE[currency] ?? DEFAULT_MINIMUM_CHARGE;
}

/** Formats a minor-unit amount for people, such as `$12.50` or `¥500`. */
export function formatAmount(amount: number, currency: string): string {
  const decimals = currencyDecimals(currency);
  const major = amount / 10 ** decimals;
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: currency.toUpperCase(),
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    }).format(major);
  } catch {
    return `${major.toFixed(decimals)} ${currency.toUpperCase()}`;
  }
}
