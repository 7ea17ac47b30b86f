import { z } from 'zod';
import { MoneySchema } from './money.js';
import { OffsetDateTimeSchema, TimeZoneSchema } from './time.js';

/** Identifier chosen by a connector or the hub: non-empty, printable, at most 200 characters. */
export const IdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** Age limits in years; fractions are allowed (5.5 is five and a half). */
export const AgeRangeSchema = z
  .object({
    minYears: z.number().nonnegative().max(130).optional(),
    maxYears: z.number().nonnegative().max(130).optional(),
  })
  .strict()
  .refine(
    (range) =>
      range.minYears === undefined ||
      range.maxYears === undefined ||
      range.minYears <= range.maxYears,
    'minYears must not exceed maxYears',
  );

/** Age limits of a program or participant category. */
export type AgeRange = z.infer<typeof AgeRangeSchema>;

/** Place of a program. */
export const LocationSchema = z
  .object({
    name: z.string().optional(),
    address: z.string().optional(),
  })
  .strict();

/**
 * Booking channel of a program: `api` when the connector books it, `handoff` when the family
 * completes registration on the vendor's own page.
 */
export const BookingModeSchema = z.enum(['api', 'handoff']);

/** A bookable offering of one vendor: a class, a tour, a camp program. */
export const ProgramSchema = z
  .object({
    id: IdSchema,
    vendorId: IdSchema,
    title: z.string().min(1),
    description: z.string().optional(),
    ageRange: AgeRangeSchema.optional(),
    location: LocationSchema.optional(),
    timeZone: TimeZoneSchema,
    /** Lowest price of a session, for "from $85" listings. */
    fromPrice: MoneySchema.optional(),
    bookingMode: BookingModeSchema,
    /** Words a search may match beyond title and description ("swimming", "camp"). */
    tags: z.array(z.string()).optional(),
  })
  .strict();

/** A bookable offering of one vendor. */
export type Program = z.infer<typeof ProgramSchema>;

/** Whether a session can take registrations. */
export const AvailabilityStatusSchema = z.enum(['open', 'full', 'waitlist', 'closed']);

/** Seats of a session. `seatsLeft` is absent when the provider does not say. */
export const AvailabilitySchema = z
  .object({
    status: AvailabilityStatusSchema,
    seatsLeft: z.number().int().nonnegative().optional(),
  })
  .strict();

/** The period in which a session accepts registrations. */
export const RegistrationWindowSchema = z
  .object({
    opensAt: OffsetDateTimeSchema.optional(),
    closesAt: OffsetDateTimeSchema.optional(),
  })
  .strict();

/** One occurrence or term of a program. Times carry the offset valid at that instant. */
export const SessionSchema = z
  .object({
    id: IdSchema,
    programId: IdSchema,
    vendorId: IdSchema,
    title: z.string().optional(),
    start: OffsetDateTimeSchema,
    end: OffsetDateTimeSchema,
    timeZone: TimeZoneSchema,
    availability: AvailabilitySchema,
    /** Price per participant, when it does not depend on the participant category. */
    price: MoneySchema.optional(),
    /** `provider` when the price came from the provider's API, `vendor` from vendor config. */
    priceSource: z.enum(['provider', 'vendor']).optional(),
    registrationWindow: RegistrationWindowSchema.optional(),
  })
  .strict();

/** One occurrence or term of a program. */
export type Session = z.infer<typeof SessionSchema>;
