import { z } from 'zod';
import { IdSchema } from './catalog.js';
import { MoneySchema } from './money.js';
import { OffsetDateTimeSchema } from './time.js';

/** Maximum length of a text answer, so that one request cannot make validation run long. */
export const MAX_ANSWER_LENGTH = 5000;

/** One answer: text, number, yes/no, or several choices. */
export const AnswerSchema = z.union([
  z.string().max(MAX_ANSWER_LENGTH),
  z.number(),
  z.boolean(),
  z.array(z.string().max(MAX_ANSWER_LENGTH)).max(100),
]);

/** Answers keyed by form field key. */
export const AnswersSchema = z.record(z.string(), AnswerSchema);

/** Answers of one form scope, keyed by field key. */
export type Answers = z.infer<typeof AnswersSchema>;

/** One participant of a registration: the category and the answers about them. */
export const ParticipantAnswersSchema = z
  .object({
    category: IdSchema,
    answers: AnswersSchema,
  })
  .strict();

/** Key that makes a registration happen at most once, whatever the retries. */
export const IdempotencyKeySchema = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'may contain only letters, digits and . _ : -');

/** Maximum length of a payment reference. */
export const MAX_PAYMENT_REFERENCE_LENGTH = 64;

/**
 * Tells whether a text is 12 to 19 digits, dashes and spaces aside, that pass the Luhn check,
 * which is what a payment card number looks like.
 */
function looksLikeCardNumber(text: string): boolean {
  const digits = text.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * A program fee the family has already authorized through the hub's Stripe Connect checkout,
 * as a direct charge on the vendor's own Stripe account. The hub captures it once the provider
 * confirms the booking and releases it when the booking fails. A connector that declares
 * `connectPayments` records it with the provider on the new booking, so the vendor's records
 * show the fee as paid. Hosts send it only to connectors that declare that capability.
 */
export const RegistrationPaymentSchema = z
  .object({
    /** Amount authorized, in the booking's currency; more than 0. */
    amount: MoneySchema.refine((money) => money.amountMinor > 0, 'amount must be more than 0'),
    /**
     * Non-secret reference of the payment that the vendor can match with the charge, such as
     * a hash of the registration. It is never a card detail.
     */
    reference: z
      .string()
      .min(1)
      .max(MAX_PAYMENT_REFERENCE_LENGTH)
      .regex(/^[A-Za-z0-9._:-]+$/, 'may contain only letters, digits and . _ : -')
      .refine(
        (reference) => !looksLikeCardNumber(reference),
        'looks like a card number; pass a payment reference instead',
      ),
  })
  .strict();

/** A program fee the family has already authorized through the hub's checkout. */
export type RegistrationPayment = z.infer<typeof RegistrationPaymentSchema>;

/** A request to register participants for one session. */
export const RegistrationRequestSchema = z
  .object({
    programId: IdSchema,
    sessionId: IdSchema,
    guardian: AnswersSchema,
    participants: z.array(ParticipantAnswersSchema).min(1),
    booking: AnswersSchema.optional(),
    holdId: IdSchema.optional(),
    idempotencyKey: IdempotencyKeySchema,
    /** Program fee the family already authorized through the hub's Connect checkout. */
    payment: RegistrationPaymentSchema.optional(),
  })
  .strict();

/** A request to register participants for one session. */
export type RegistrationRequest = z.infer<typeof RegistrationRequestSchema>;

/** State of a booking at the provider. */
export const BookingStatusSchema = z.enum([
  'confirmed',
  'pending',
  'waitlisted',
  'cancelled',
  'handoff_required',
]);

/** State of a booking at the provider. */
export type BookingStatus = z.infer<typeof BookingStatusSchema>;

/** One line of a price: "2 × Child", "Swim level: advanced". */
export const PriceLineSchema = z.object({ label: z.string(), amount: MoneySchema }).strict();

/** Price of a booking: a total with optional lines. */
export const PriceBreakdownSchema = z
  .object({
    total: MoneySchema,
    lines: z.array(PriceLineSchema).optional(),
    /** Amount already paid to the provider. */
    paid: MoneySchema.optional(),
  })
  .strict();

/** Channel through which the program fee reaches the vendor. */
export const PaymentMethodSchema = z.enum([
  'provider_link',
  'pay_later',
  'paid',
  'stripe_connect',
  'none',
]);

/** Payment method of the program fee, with the link where the family pays. */
export const ProgramFeePaymentSchema = z
  .object({
    method: PaymentMethodSchema,
    url: z.url().optional(),
  })
  .strict();

/** Payment method of the program fee. */
export type ProgramFeePayment = z.infer<typeof ProgramFeePaymentSchema>;

/** Link and instructions for finishing a registration the provider's API cannot make. */
export const HandoffSchema = z
  .object({
    url: z.url(),
    reference: z.string().min(1),
    instructions: z.string().optional(),
  })
  .strict();

/** The provider's record of a registration. */
export const BookingReceiptSchema = z
  .object({
    /** Stable provider booking id, used for read-back and cancellation. */
    bookingId: IdSchema,
    status: BookingStatusSchema,
    programId: IdSchema,
    sessionId: IdSchema,
    price: PriceBreakdownSchema,
    payment: ProgramFeePaymentSchema,
    /** Reference stamped on the provider's record, derived from the idempotency key. */
    externalReference: z.string().optional(),
    createdAt: OffsetDateTimeSchema.optional(),
    handoff: HandoffSchema.optional(),
    warnings: z.array(z.string()).optional(),
  })
  .strict();

/** The provider's record of a registration. */
export type BookingReceipt = z.infer<typeof BookingReceiptSchema>;

/** Seats reserved for a short time while the family confirms. */
export const HoldSchema = z
  .object({
    id: IdSchema,
    expiresAt: OffsetDateTimeSchema,
    price: PriceBreakdownSchema,
  })
  .strict();

/** Seats reserved for a short time while the family confirms. */
export type Hold = z.infer<typeof HoldSchema>;

/** Outcome of a cancellation. */
export const CancellationResultSchema = z
  .object({
    bookingId: IdSchema,
    status: BookingStatusSchema,
    refund: MoneySchema.optional(),
  })
  .strict();

/** Outcome of a cancellation. */
export type CancellationResult = z.infer<typeof CancellationResultSchema>;
