import { z } from 'zod';
import type { DescribedError } from '../registry-errors.js';

/**
 * Capability overrides. A JSON `"__proto__"` key is rejected up front, because `z.record` skips
 * it and the override would vanish without an error.
 */
const CapabilityOverridesSchema = z
  .custom<unknown>(
    (value) => typeof value !== 'object' || value === null || !Object.hasOwn(value, '__proto__'),
    { message: '"__proto__" is not a capability name' },
  )
  .pipe(z.record(z.string().min(1), z.enum(['native', 'emulated', 'handoff', 'absent'])));

const text = z.string().trim().min(1);

/**
 * Body of `POST /admin/vendors`. The registry checks ids, time zones, config and payment
 * settings in depth, and names the field and the fix of an error.
 */
export const AddVendorBodySchema = z.strictObject({
  id: text,
  displayName: text,
  connector: text,
  timeZone: text,
  config: z.unknown().default({}),
  capabilityOverrides: CapabilityOverridesSchema.optional(),
  payments: z.unknown().optional(),
});

/**
 * Body of `PATCH /admin/vendors/:id`: any of the fields of an add, except the id. `payments:
 * null` removes the vendor's payment settings.
 */
export const UpdateVendorBodySchema = z
  .strictObject({
    displayName: text.optional(),
    connector: text.optional(),
    timeZone: text.optional(),
    config: z.unknown().optional(),
    capabilityOverrides: CapabilityOverridesSchema.optional(),
    payments: z.unknown().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: 'the body changes nothing: send at least one field',
  });

/** Body of `PUT /admin/vendors/:id/credentials`: the credentials object itself. */
export const CredentialsBodySchema = z.record(z.string(), z.unknown());

/** Body of `POST /admin/vendors/:id/suspend`. */
export const SuspendBodySchema = z.strictObject({ reason: z.string().max(500).optional() });

/** Body of `POST /admin/vendors/import`: a list of rows, or an object with a `vendors` list. */
export const ImportBodySchema = z.union([
  z.array(z.unknown()),
  z.strictObject({ vendors: z.array(z.unknown()) }),
]);

/** Query of `GET /admin/vendors`. */
export const ListQuerySchema = z.strictObject({
  status: z.enum(['draft', 'verified', 'live', 'suspended']).optional(),
});

/**
 * Parses a request body or query and returns the value, or a 400 error naming the first
 * invalid field. Messages never repeat the submitted values.
 */
export function parseRequest<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
): { data: z.output<Schema> } | { error: DescribedError } {
  const result = schema.safeParse(value ?? {});
  if (result.success) return { data: result.data };
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const parent = path.length > 0 ? `${path.join('.')}.` : '';
    const fields = issue.keys.map((key) => parent + key);
    const plural = fields.length > 1;
    const message = `${what} has unknown field${plural ? 's' : ''} ${fields.join(', ')}: remove ${plural ? 'them' : 'it'}.`;
    return { error: { status: 400, code: 'invalid', message, field: fields[0]! } };
  }
  const field = path.join('.');
  const message = `${what} field "${field || '(body)'}" is invalid: ${issue.message}.`;
  return { error: { status: 400, code: 'invalid', message, ...(field ? { field } : {}) } };
}
