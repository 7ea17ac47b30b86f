import { isCurrencyCode } from '@signupassist/contract';
import { z } from 'zod';

const CurrencySchema = z
  .string()
  .refine(isCurrencyCode, 'must be an ISO 4217 currency code such as USD');

/**
 * Builds the schema of an amount in integer minor units of at least `minimum`. Each bad value
 * gets one issue that states the whole rule, so an operator sees one message per field.
 */
function minorAmountSchema(minimum: 0 | 1) {
  const rule =
    minimum === 0 ? 'must be a whole number of 0 or more' : 'must be a whole number above 0';
  return z.number().superRefine((value, context) => {
    if (!Number.isInteger(value) || value < minimum) {
      context.addIssue({ code: 'custom', message: rule });
    } else if (!Number.isSafeInteger(value)) {
      context.addIssue({ code: 'custom', message: `must be at most ${Number.MAX_SAFE_INTEGER}` });
    }
  });
}

const MinorAmountSchema = minorAmountSchema(0);

/** Checks that a value is an amount {@link MinorAmountSchema} accepts. */
function isMinorAmount(value: number | undefined): value is number {
  return value !== undefined && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Policy of SignupAssist's success fee for a registration: not at all, a fixed amount,
 * or a percentage of the program price with an optional floor and cap. Amounts are integer
 * minor units of `currency` (cents for USD, yen for JPY).
 */
export const FeePolicySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z
    .object({
      type: z.literal('fixed'),
      amountMinor: minorAmountSchema(1),
      currency: CurrencySchema,
    })
    .strict(),
  z
    .object({
      type: z.literal('percent'),
      /** Percentage of the program total, such as 5 or 2.5. */
      percent: z.number().gt(0).max(100),
      minMinor: MinorAmountSchema.optional(),
      maxMinor: MinorAmountSchema.optional(),
      currency: CurrencySchema,
    })
    .strict()
    .refine(
      // A floor or cap that is itself invalid has its own issue already.
      (policy) =>
        !isMinorAmount(policy.minMinor) ||
        !isMinorAmount(policy.maxMinor) ||
        policy.minMinor <= policy.maxMinor,
      { message: 'minMinor must not be above maxMinor', path: ['minMinor'] },
    ),
]);

/** Policy of SignupAssist's success fee. */
export type FeePolicy = z.infer<typeof FeePolicySchema>;

/**
 * Refund policy of a program fee taken through Stripe Connect when the registration is
 * cancelled: refunded in full with the hub's fee, refunded only before the session starts, or
 * not refunded by the hub (the vendor handles refunds itself).
 */
export const ConnectRefundPolicySchema = z.enum(['full', 'before_start', 'none']);

/** Stripe Connect settings of a vendor that takes its program fee through the hub. */
export const ConnectSettingsSchema = z
  .object({
    /** The vendor's connected Stripe account, such as `acct_1Nv0FGQ9RKHgCVdK`. */
    accountId: z.string().regex(/^acct_[A-Za-z0-9]{1,64}$/, 'must be a Stripe account id (acct_…)'),
    refundPolicy: ConnectRefundPolicySchema.default('full'),
  })
  .strict();

/** Stripe Connect settings of a vendor. */
export type ConnectSettings = z.output<typeof ConnectSettingsSchema>;

/**
 * A vendor's payment settings: the success fee policy, optional per-program success fee policies (keyed by
 * canonical program id), and optional Stripe Connect settings for taking the program fee.
 */
export const VendorPaymentsSchema = z
  .object({
    successFee: FeePolicySchema,
    successFeeByProgram: z.record(z.string().min(1), FeePolicySchema).optional(),
    connect: ConnectSettingsSchema.optional(),
  })
  .strict();

/** A vendor's payment settings, after defaults. */
export type VendorPayments = z.output<typeof VendorPaymentsSchema>;

/** A vendor's payment settings, as an operator writes them. */
export type VendorPaymentsInput = z.input<typeof VendorPaymentsSchema>;
