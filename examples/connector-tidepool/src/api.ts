import { z } from 'zod';

// Schemas of the Tidepool Lessons API v1 responses. The connector parses every body with one
// of these before it reads a field, so a changed API fails with a clear error.

/** Money as Tidepool writes it: a decimal string and an ISO 4217 code. */
export const tidepoolMoneySchema = z.object({ amount: z.string(), currency: z.string() });

/** One question of a program's booking form. */
export const tidepoolQuestionSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['text', 'email', 'phone', 'date', 'choice']),
  required: z.boolean(),
  appliesTo: z.enum(['guardian', 'swimmer']),
  choices: z.array(z.string()).optional(),
});

/** `GET /programs` item and `GET /programs/{id}`. */
export const tidepoolProgramSchema = z.object({
  id: z.string(),
  name: z.string(),
  summary: z.string().optional(),
  ages: z.object({ min: z.number(), max: z.number() }).optional(),
  pool: z.string().optional(),
  timeZone: z.string(),
  priceFrom: tidepoolMoneySchema.optional(),
  swimmersPerBooking: z.object({ min: z.number().int(), max: z.number().int() }),
  questions: z.array(tidepoolQuestionSchema),
});

/** A Tidepool program. */
export type TidepoolProgram = z.infer<typeof tidepoolProgramSchema>;

/** `GET /programs/{id}/sessions` item. */
export const tidepoolSessionSchema = z.object({
  id: z.string(),
  programId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number().int(),
  seatsLeft: z.number().int(),
  price: tidepoolMoneySchema,
});

/** A Tidepool session. */
export type TidepoolSession = z.infer<typeof tidepoolSessionSchema>;

/** `POST /bookings`, `GET /bookings/{id}` and `POST /bookings/{id}/cancel`. */
export const tidepoolBookingSchema = z.object({
  id: z.string(),
  reference: z.string(),
  sessionId: z.string(),
  programId: z.string(),
  swimmers: z.number().int(),
  status: z.enum(['confirmed', 'cancelled']),
  total: tidepoolMoneySchema,
  createdAt: z.string(),
  payUrl: z.string().optional(),
});

/** A Tidepool booking. */
export type TidepoolBooking = z.infer<typeof tidepoolBookingSchema>;

/** `GET /account`. */
export const tidepoolAccountSchema = z.object({ id: z.string(), name: z.string() });

/** Builds the schema of one page of a Tidepool list, whose `nextCursor` is null on the last page. */
export function tidepoolPage<Item>(item: z.ZodType<Item>) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

/** Error body of every failed Tidepool request. */
export const tidepoolErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string().optional(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

/** Error body of a failed Tidepool request. */
export type TidepoolError = z.infer<typeof tidepoolErrorSchema>['error'];
