import { z } from 'zod';
import { AgeRangeSchema, IdSchema } from './catalog.js';

/** Subject of a form field: the guardian, each participant, or the booking as a whole. */
export const FieldScopeSchema = z.enum(['guardian', 'participant', 'booking']);

/** Kind of answer a field takes. */
export const FieldTypeSchema = z.enum([
  'text',
  'email',
  'phone',
  'date',
  'number',
  'boolean',
  'select',
  'multiselect',
]);

/** One choice of a `select` or `multiselect` field. */
export const FieldOptionSchema = z.object({ value: z.string(), label: z.string() }).strict();

/** Limits on an answer beyond its type. */
export const FieldConstraintsSchema = z
  .object({
    minLength: z.number().int().nonnegative().optional(),
    maxLength: z.number().int().positive().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    /** ECMAScript regular expression the whole answer must match. */
    pattern: z.string().optional(),
    /** For `number`: only whole numbers. */
    integer: z.boolean().optional(),
  })
  .strict();

/** One question of a registration form. */
export const FormFieldSchema = z
  .object({
    key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be an identifier such as firstName'),
    label: z.string().min(1),
    scope: FieldScopeSchema,
    type: FieldTypeSchema,
    required: z.boolean(),
    description: z.string().optional(),
    options: z.array(FieldOptionSchema).optional(),
    constraints: FieldConstraintsSchema.optional(),
  })
  .strict()
  .refine(
    (field) => !(field.type === 'select' || field.type === 'multiselect') || field.options?.length,
    'select and multiselect fields need options',
  );

/** One question of a registration form. */
export type FormField = z.infer<typeof FormFieldSchema>;

/** A kind of participant (child, adult) with how many of them one booking may include. */
export const ParticipantCategorySchema = z
  .object({
    id: IdSchema,
    label: z.string().min(1),
    min: z.number().int().nonnegative(),
    max: z.number().int().positive(),
    ageRange: AgeRangeSchema.optional(),
  })
  .strict()
  .refine((category) => category.min <= category.max, 'min must not exceed max');

/** The fields a provider requires to register for a session, grouped by scope. */
export const RegistrationFormSchema = z
  .object({
    programId: IdSchema,
    sessionId: IdSchema.optional(),
    fields: z.array(FormFieldSchema),
    participantCategories: z.array(ParticipantCategorySchema).min(1),
    /** Limits on the total number of participants across categories. */
    minParticipants: z.number().int().positive(),
    maxParticipants: z.number().int().positive(),
    /** Notes on what the connector could not represent, as data instead of log lines. */
    warnings: z.array(z.string()).optional(),
  })
  .strict();

/** The fields a provider requires to register for a session. */
export type RegistrationForm = z.infer<typeof RegistrationFormSchema>;
