import type { Money } from '@signupassist/contract';
import type { FeePolicy, VendorPayments } from './config.js';
import { PaymentSettingsError } from './errors.js';
import { roundForStripe } from './stripe-amounts.js';

/** Returns the fee policy of a program: its own entry in `successFeeByProgram`, else `successFee`. */
export function feePolicyFor(
  payments: VendorPayments,
  programId: string,
): { policy: FeePolicy; field: string } {
  const override = payments.successFeeByProgram?.[programId];
  if (override) return { policy: override, field: `successFeeByProgram.${programId}` };
  return { policy: payments.successFee, field: 'successFee' };
}

/** Options of {@link computeSuccessFee}. */
export interface SuccessFeeOptions {
  /**
   * Settings path of the policy, for error messages, such as `successFee` or
   * `successFeeByProgram.LTS58`.
   */
  field?: string;
  /**
   * Whether the fee must be in the program's currency. Stripe Connect takes the fee as an
   * application fee of the program's payment, so one currency is required there.
   */
  sameCurrency?: boolean;
}

/**
 * Computes SignupAssist's success fee for a program total, in integer minor units. Returns
 * `undefined` when no fee is due: policy `none`, a free program (total 0), or a fee that
 * rounds to 0. A percentage is taken of the total and rounded half up to the currency's minor
 * unit, then raised to `minMinor` and lowered to `maxMinor`. Without a quoted total only a
 * fixed fee can be computed, so a percentage gives no fee. In a three-decimal currency such as
 * KWD, where Stripe charges only tens of minor units, every fee is then rounded half up to a
 * multiple of 10, or down when rounding up would pass `maxMinor`.
 *
 * Throws {@link PaymentSettingsError} when a percentage policy, or any policy with
 * `sameCurrency`, is in another currency than the program.
 */
export function computeSuccessFee(
  policy: FeePolicy,
  programTotal: Money | undefined,
  options: SuccessFeeOptions = {},
): Money | undefined {
  if (policy.type === 'none') return undefined;
  if (programTotal?.amountMinor === 0) return undefined;

  const field = options.field ?? 'successFee';
  const mustMatch = policy.type === 'percent' || options.sameCurrency === true;
  if (programTotal && mustMatch && policy.currency !== programTotal.currency) {
    const reason =
      policy.type === 'percent'
        ? 'a percentage fee is taken in the currency of the program price'
        : 'a Stripe Connect payment carries the fee in the currency of the program price';
    throw new PaymentSettingsError(
      `${field}.currency`,
      `${field}.currency is ${policy.currency}, but the program is priced in ` +
        `${programTotal.currency}, and ${reason}. Set ${field}.currency to ` +
        `${programTotal.currency}, or give the program its own successFeeByProgram entry in ` +
        `${programTotal.currency}.`,
    );
  }

  let amountMinor: number;
  if (policy.type === 'fixed') {
    amountMinor = roundForStripe(policy.amountMinor, policy.currency);
  } else {
    if (!programTotal) return undefined;
    amountMinor = percentOf(programTotal.amountMinor, policy.percent);
    if (policy.minMinor !== undefined) amountMinor = Math.max(amountMinor, policy.minMinor);
    if (policy.maxMinor !== undefined) amountMinor = Math.min(amountMinor, policy.maxMinor);
    amountMinor = roundForStripe(amountMinor, policy.currency, policy.maxMinor);
  }
  return amountMinor > 0 ? { amountMinor, currency: policy.currency } : undefined;
}

/**
 * Takes `percent` per cent of an amount in minor units, rounded half up, in integer
 * arithmetic: the percentage is read from its shortest decimal form (2.5, 7.25), as the
 * operator wrote it, so no binary fraction enters the result.
 */
export function percentOf(amountMinor: number, percent: number): number {
  const { digits, scale } = decimalParts(percent);
  const numerator = BigInt(amountMinor) * digits;
  const denominator = 100n * 10n ** BigInt(scale);
  // Half up for non-negative values: floor((2n + d) / 2d) = floor(n / d + 1/2).
  const rounded = (2n * numerator + denominator) / (2n * denominator);
  return Number(rounded);
}

/** Splits a finite non-negative number into integer digits and a power-of-ten scale. */
function decimalParts(value: number): { digits: bigint; scale: number } {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(String(value));
  if (!match) throw new RangeError(`Expected a non-negative finite number, got ${value}.`);
  const [, whole = '0', fraction = '', exponent = '0'] = match;
  const scale = fraction.length - Number(exponent);
  const digits = BigInt(whole + fraction);
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}
