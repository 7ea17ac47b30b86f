import {
  BookSupportSchema,
  isTimeZone,
  narrowCapabilities,
  OPTIONAL_CAPABILITIES,
  REQUIRED_CAPABILITIES,
  type CapabilityOverrides,
  type ResolvedManifest,
} from '@signupassist/contract';
import { z } from 'zod';
import { describeIssue, issuePath } from '../errors.js';
import { VendorPaymentsSchema, type VendorPayments } from '../payments/config.js';
import { paymentsFix } from './payment-settings-fixes.js';
import { isRegistryError, RegistryError } from './registry-error.js';
import type { ImportRow, VendorInput } from './registry-types.js';

/** Vendor id: lower-case letters, digits and hyphens, 2 to 64 characters, no edge hyphen. */
const VENDOR_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/;

const CapabilityNameSchema = z.enum([...REQUIRED_CAPABILITIES, ...OPTIONAL_CAPABILITIES]);

const FieldSchemas = {
  id: z.string().regex(VENDOR_ID_PATTERN, 'is not a valid vendor id'),
  displayName: z
    .string()
    .trim()
    .min(1, 'is empty')
    .max(200, 'is longer than 200 characters')
    .refine((name) => !/\p{Cc}/u.test(name), 'contains control characters'),
  connector: z.string().min(1, 'is empty'),
  timeZone: z.string().refine(isTimeZone, 'is not an IANA time zone'),
  // zod 4 rejects a missing `z.unknown()` key unless it is optional. withDefaults sets `{}`.
  config: z.unknown().optional(),
  // z.partialRecord skips a "__proto__" key, which JSON.parse creates as an own property, so
  // the override would vanish without an error.
  capabilityOverrides: z
    .custom<unknown>(
      (value) => typeof value !== 'object' || value === null || !Object.hasOwn(value, '__proto__'),
      { message: 'has the key "__proto__", which is not a capability name' },
    )
    .pipe(z.partialRecord(CapabilityNameSchema, BookSupportSchema))
    .optional(),
  // null means no payment settings, so a patch clears them with it.
  payments: VendorPaymentsSchema.nullable().optional(),
};

const VendorInputSchema = z.strictObject(FieldSchemas);

const VendorPatchSchema = z.strictObject({
  displayName: FieldSchemas.displayName.optional(),
  connector: FieldSchemas.connector.optional(),
  timeZone: FieldSchemas.timeZone.optional(),
  config: z.unknown().optional(),
  capabilityOverrides: FieldSchemas.capabilityOverrides,
  payments: FieldSchemas.payments,
});

const ImportRowSchema = z.strictObject({
  ...FieldSchemas,
  credentials: z.unknown().optional(),
  status: z.enum(['draft', 'live']).optional(),
});

/** A vendor patch after validation of its shape; `payments: null` clears the settings. */
export type CheckedPatch = z.output<typeof VendorPatchSchema>;

/** A new vendor after validation, with its payment settings' defaults filled in. */
export type CheckedVendorInput = Omit<VendorInput, 'payments'> & { payments?: VendorPayments };

/** An import row after validation, with its payment settings' defaults filled in. */
export type CheckedImportRow = Omit<ImportRow, 'payments'> & { payments?: VendorPayments };

/** How to fix each top-level field, appended to the error message. */
const FIXES: Record<string, string> = {
  id: 'use 2 to 64 lower-case letters, digits and hyphens, starting and ending with a letter or digit, e.g. "aqua-kids"',
  displayName: 'give the name families see, e.g. "Aqua Kids Swim School"',
  connector: 'give the id of an installed connector, e.g. "bookeo"',
  timeZone: 'use an IANA time zone such as "America/Chicago"',
  config: "fix the vendor's connector config",
  capabilityOverrides: 'map capability names to "absent", "handoff" or the connector\'s own value',
  credentials: "fix the vendor's credentials",
  payments: paymentsFix([]),
  status: 'use "draft" or "live", or leave it out',
  actor: 'pass who makes the change, e.g. "cli:alice"',
};

/**
 * Describes a vendor's field error; the vendor id is named when known. `fix` replaces the fix
 * of the top-level field.
 */
function fieldMessage(
  vendorId: string | undefined,
  field: string,
  problem: string,
  fix = fixOf(field),
): string {
  const subject = vendorId === undefined ? '' : `Vendor "${vendorId}": `;
  return `${subject}field "${field}" ${problem}; ${fix}.`;
}

/** Returns the fix of a top-level field. */
function fixOf(field: string): string {
  const top = field.split('.')[0] ?? field;
  // An own-property check, so a field named "constructor" does not pick up Object's members.
  return Object.hasOwn(FIXES, top) ? FIXES[top]! : 'remove the unknown field or fix its name';
}

/** Returns the fix of a problem below `payments`, or `undefined` for other fields. */
function paymentsFixOf(
  path: readonly PropertyKey[],
  prefix: readonly string[],
  unknownKeys: boolean,
): string | undefined {
  if (prefix.length > 0 || path[0] !== 'payments') return undefined;
  return paymentsFix(path.slice(1), unknownKeys);
}

/**
 * Describes unknown fields, each named with its parent's path (e.g. "capabilityOverrides.foo"
 * for an unknown capability name). Returns the first as the error's field.
 */
function unknownFields(
  vendorId: string | undefined,
  parent: string,
  keys: readonly string[],
  parentFix?: string,
): { field: string; message: string } {
  const fields = keys.map((key) => parent + key);
  const top = parent.split('.')[0] ?? '';
  const plural = fields.length > 1;
  let fix = `remove ${plural ? 'them' : 'it'} or fix ${plural ? 'their names' : 'its name'}`;
  if (parentFix !== undefined) fix = parentFix;
  else if (parent !== '' && Object.hasOwn(FIXES, top)) fix = FIXES[top]!;
  const subject = vendorId === undefined ? '' : `Vendor "${vendorId}": `;
  const message = `${subject}unknown field${plural ? 's' : ''} ${fields.join(', ')}: ${fix}.`;
  return { field: fields[0] ?? parent, message };
}

/**
 * Turns zod issues into one `invalid` error naming each field (up to five) and its fix. Values
 * never appear: built-in zod 4 messages name the expected type, and fields under `credentials`
 * get fixed texts per issue code.
 */
function invalidFields(
  vendorId: string | undefined,
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly string[] = [],
): RegistryError {
  const secret = prefix[0] === 'credentials';
  const described = issues.slice(0, 5).map((issue) => {
    if (issue.code === 'unrecognized_keys' && prefix.length === 0) {
      return unknownFields(
        vendorId,
        issue.path.length > 0 ? `${issuePath(issue)}.` : '',
        issue.keys,
        paymentsFixOf(issue.path, prefix, true),
      );
    }
    const field = issuePath(issue, prefix);
    const problem = describeIssue(issue, secret);
    const fix = paymentsFixOf(issue.path, prefix, false);
    return { field, message: fieldMessage(vendorId, field, problem, fix) };
  });
  const message = described.map((item) => item.message).join(' ');
  return new RegistryError('invalid', message, { field: described[0]?.field });
}

function idOf(value: unknown): string | undefined {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' && VENDOR_ID_PATTERN.test(id) ? id : undefined;
}

function requireObject(value: unknown, subject: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RegistryError('invalid', `${subject} must be a JSON object.`);
  }
}

/** Checks the shape of a new vendor; connector-specific checks follow in {@link checkForConnector}. */
export function checkVendorInput(value: unknown): CheckedVendorInput {
  requireObject(value, 'A vendor');
  const result = VendorInputSchema.safeParse(value);
  if (!result.success) throw invalidFields(idOf(value), result.error.issues);
  return withDefaults(result.data);
}

/** Checks the shape of an update patch. */
export function checkVendorPatch(vendorId: string, value: unknown): CheckedPatch {
  requireObject(value, `The update of vendor "${vendorId}"`);
  const result = VendorPatchSchema.safeParse(value);
  if (!result.success) throw invalidFields(vendorId, result.error.issues);
  return result.data;
}

/** Checks the shape of an import row. */
export function checkImportRow(value: unknown): CheckedImportRow {
  requireObject(value, 'An import row');
  const result = ImportRowSchema.safeParse(value);
  if (!result.success) throw invalidFields(idOf(value), result.error.issues);
  return withDefaults(result.data);
}

/**
 * Fills in a missing config as an empty object, so the connector's defaults apply, and drops
 * `payments: null`, which means no payment settings.
 */
function withDefaults<T extends { config?: unknown; payments?: VendorPayments | null }>(
  input: T,
): Omit<T, 'payments'> & { config: unknown; payments?: VendorPayments } {
  const { payments, ...rest } = input;
  return { ...rest, config: input.config ?? {}, ...(payments ? { payments } : {}) };
}

/** Checks that `actor` names who makes a change. */
export function checkActor(actor: unknown): string {
  if (typeof actor !== 'string' || actor.trim() === '') {
    throw new RegistryError('invalid', `field "actor" is empty; ${FIXES.actor}.`, {
      field: 'actor',
    });
  }
  return actor.trim();
}

/** Checks a vendor id passed as an operation's argument. */
export function checkVendorId(id: unknown): string {
  if (typeof id !== 'string' || !VENDOR_ID_PATTERN.test(id)) {
    throw new RegistryError('invalid', fieldMessage(undefined, 'id', 'is not a valid vendor id'), {
      field: 'id',
    });
  }
  return id;
}

/**
 * Checks config and capability overrides against the connector's manifest. An override that
 * widens a capability is `invalid`, naming the capability.
 */
export function checkForConnector(
  vendorId: string,
  manifest: ResolvedManifest,
  fields: { config: unknown; capabilityOverrides?: CapabilityOverrides },
): void {
  const config = manifest.configSchema.safeParse(fields.config);
  if (!config.success) throw invalidFields(vendorId, config.error.issues, ['config']);

  for (const [name, value] of Object.entries(fields.capabilityOverrides ?? {})) {
    try {
      narrowCapabilities(manifest.capabilities, { [name]: value });
    } catch (error) {
      const field = `capabilityOverrides.${name}`;
      const reason = error instanceof Error ? error.message : 'It widens the capability.';
      throw new RegistryError(
        'invalid',
        `Vendor "${vendorId}": field "${field}" is invalid. ${reason}`,
        {
          field,
        },
      );
    }
  }
}

/**
 * Parses credentials with the connector's schema and returns the parsed value. The error names
 * each field with a fixed text, never the value.
 */
export function checkCredentials(
  vendorId: string,
  manifest: ResolvedManifest,
  credentials: unknown,
): unknown {
  const result = manifest.credentialsSchema.safeParse(credentials);
  if (!result.success) throw invalidFields(vendorId, result.error.issues, ['credentials']);
  return result.data;
}

/** The registry's connector checks that {@link checkNewVendor} runs. */
export interface ConnectorChecks {
  checkConnector(
    vendorId: string,
    fields: Pick<VendorInput, 'connector' | 'config' | 'capabilityOverrides'>,
  ): void;
  /** Raises `unknown_connector` when no installed connector has the id. */
  manifestOf(vendorId: string, connector: string): unknown;
}

/**
 * Checks a new vendor's fields and its connector together, so one error names every
 * problem: an unknown connector is reported with the invalid fields, not after them.
 */
export function checkNewVendor(input: unknown, checks: ConnectorChecks): CheckedVendorInput {
  const problems: RegistryError[] = [];
  let checked: CheckedVendorInput | undefined;
  try {
    checked = checkVendorInput(input);
  } catch (error) {
    if (!isRegistryError(error)) throw error;
    problems.push(error);
  }

  const connector = (input as { connector?: unknown } | null)?.connector;
  try {
    if (checked) checks.checkConnector(checked.id, checked);
    else if (typeof connector === 'string' && connector !== '') {
      checks.manifestOf(idOf(input) ?? '(new vendor)', connector);
    }
  } catch (error) {
    if (!isRegistryError(error)) throw error;
    problems.push(error);
  }

  if (checked && problems.length === 0) return checked;
  throw combineProblems(problems);
}

/** Joins several validation errors into one; one alone is returned as it is. */
function combineProblems(problems: readonly RegistryError[]): RegistryError {
  if (problems.length === 1) return problems[0]!;
  const codes = new Set(problems.map((problem) => problem.code));
  const code = codes.size === 1 ? problems[0]!.code : 'invalid';
  const message = problems.map((problem) => problem.message).join(' ');
  const field = problems.find((problem) => problem.field !== undefined)?.field;
  return new RegistryError(code, message, field === undefined ? {} : { field });
}
