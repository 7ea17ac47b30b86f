import { AnswersSchema, ParticipantAnswersSchema } from '@signupassist/contract';
import { z } from 'zod';

// Output schemas stay small because the tool list goes into the model's context, and clients
// such as ChatGPT limit its size. Dates are plain strings here for the same reason.

// Integers are plain numbers here: zod's int() adds 16-digit bounds to every one of them.
const MoneyOutput = z.object({
  amountMinor: z.number(),
  currency: z.string(),
  formatted: z.string(),
});

const SessionOutput = z.object({
  sessionId: z.string(),
  start: z.string(),
  end: z.string(),
  timeZone: z.string(),
  status: z.enum(['open', 'full', 'waitlist', 'closed']),
  seatsLeft: z.number().optional(),
  price: z.string().optional(),
});

const ProgramOutput = z.object({
  vendorId: z.string(),
  vendorName: z.string(),
  programId: z.string(),
  title: z.string(),
  description: z.string().optional(),
  ageRange: z
    .object({ minYears: z.number().optional(), maxYears: z.number().optional() })
    .optional(),
  location: z.string().optional(),
  fromPrice: z.string().optional(),
  bookingMode: z.enum(['api', 'handoff']),
  sessions: z.array(SessionOutput),
});

const FieldOutput = z.object({
  key: z.string(),
  label: z.string(),
  scope: z.enum(['guardian', 'participant', 'booking']),
  type: z.string(),
  required: z.boolean(),
  description: z.string().optional(),
  options: z.array(z.string()).optional(),
});

const RegistrationOutput = z.object({
  registrationId: z.string(),
  state: z.enum(['prepared', 'booking', 'booked', 'failed', 'cancelled']),
  vendorName: z.string(),
  bookingMode: z.enum(['api', 'handoff']),
  // Payment fields: how the program fee is paid (provider_link, pay_later or stripe_connect),
  // SignupAssist's fee with its status, and the Stripe page the family pays on.
  quote: z
    .object({
      total: MoneyOutput,
      lines: z.array(z.string()).optional(),
      programFee: z.string().optional(),
      successFee: z.string().optional(),
      checkoutUrl: z.string().optional(),
    })
    .optional(),
  seatsHeld: z.boolean(),
  expiresAt: z.string(),
  receipt: z
    .object({
      bookingId: z.string(),
      status: z.enum(['confirmed', 'pending', 'waitlisted', 'cancelled', 'handoff_required']),
      total: z.string(),
      paymentMethod: z.enum(['provider_link', 'pay_later', 'paid', 'stripe_connect', 'none']),
      paymentUrl: z.string().optional(),
      handoffUrl: z.string().optional(),
    })
    .optional(),
  refund: z.string().optional(),
  failure: z.string().optional(),
  warnings: z.array(z.string()).optional(),
});

/**
 * The error part of a tool result; present exactly when `isError` is true. Results also carry
 * `retryable`, `retryAfterMs` and `fields` (path and message per bad answer); the advertised
 * schema names only `code` and `message` to keep the tool list short.
 */
export const ToolErrorOutput = z.looseObject({ code: z.string(), message: z.string() });

/**
 * Builds a tool's output schema. The SDK's client validates `structuredContent` against the
 * output schema even on `isError` results (SDK 1.32, `Client.callTool`). So every success
 * field is optional and an `error` object is allowed. A success result fills the fields, and
 * an error result fills only `error`.
 */
function withError<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>) {
  return schema.partial().extend({ error: ToolErrorOutput.optional() });
}

/** Output schemas of the seven tools. */
export const OUTPUT_SCHEMAS = {
  searchPrograms: withError(
    z.object({
      programs: z.array(ProgramOutput),
      unavailableVendors: z.array(
        z.object({ vendorId: z.string(), vendorName: z.string(), reason: z.string() }),
      ),
      notes: z.array(z.string()).optional(),
    }),
  ),
  getProgram: withError(z.object({ program: ProgramOutput })),
  getRegistrationForm: withError(
    z.object({
      vendorId: z.string(),
      programId: z.string(),
      sessionId: z.string().optional(),
      fields: z.array(FieldOutput),
      participantCategories: z.array(
        z.object({ id: z.string(), label: z.string(), min: z.number(), max: z.number() }),
      ),
      minParticipants: z.number(),
      maxParticipants: z.number(),
      jsonSchema: z.record(z.string(), z.unknown()),
    }),
  ),
  registration: withError(RegistrationOutput),
};

const dateText = z
  .string()
  .max(40)
  .describe('ISO 8601 date (2026-07-01, read as UTC midnight) or date-time with offset');

const answerFields = {
  guardian: AnswersSchema.describe('Guardian answers keyed by field key'),
  participants: z
    .array(ParticipantAnswersSchema)
    .min(1)
    .describe('One entry per participant: category id and answers keyed by field key'),
  booking: AnswersSchema.optional().describe('Booking-scope answers keyed by field key'),
};

/** Input shapes of the seven tools. */
export const INPUT_SHAPES = {
  searchPrograms: {
    query: z.string().max(200).optional().describe('Activity words, e.g. "swimming lessons"'),
    age: z.number().min(0).max(130).optional().describe("Child's age in years"),
    vendorId: z.string().max(200).optional().describe('Limit to one vendor'),
    startsAfter: dateText.optional(),
    startsBefore: dateText.optional(),
    limit: z.number().int().min(1).max(25).optional().describe('Default 10'),
  },
  getProgram: {
    vendorId: z.string().min(1).max(200),
    programId: z.string().min(1).max(200),
  },
  getRegistrationForm: {
    vendorId: z.string().min(1).max(200),
    programId: z.string().min(1).max(200),
    sessionId: z.string().min(1).max(200).optional(),
  },
  prepareRegistration: {
    vendorId: z.string().min(1).max(200),
    programId: z.string().min(1).max(200),
    sessionId: z.string().min(1).max(200),
    ...answerFields,
    idempotencyKey: z
      .string()
      .min(8)
      .max(128)
      .optional()
      .describe('Resend it when retrying, or each call holds more seats'),
  },
  confirmRegistration: {
    registrationId: z.string().min(1).max(200),
    guardian: answerFields.guardian.optional(),
    participants: answerFields.participants.optional(),
    booking: answerFields.booking,
  },
  getRegistration: { registrationId: z.string().min(1).max(200) },
  cancelRegistration: {
    registrationId: z.string().min(1).max(200),
    reason: z.string().max(500).optional().describe('Passed to the vendor'),
  },
};

/** Structured content of a successful registration result. */
export type RegistrationOutputType = z.infer<typeof RegistrationOutput>;

/** Structured content of a program. */
export type ProgramOutputType = z.infer<typeof ProgramOutput>;

/** Structured content of a money amount. */
export type MoneyOutputType = z.infer<typeof MoneyOutput>;

/** Structured content of a session. */
export type SessionOutputType = z.infer<typeof SessionOutput>;

/** Structured content of a form field. */
export type FieldOutputType = z.infer<typeof FieldOutput>;
