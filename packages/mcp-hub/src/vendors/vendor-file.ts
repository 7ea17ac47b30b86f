import { readFile } from 'node:fs/promises';
import {
  ConnectorError,
  IdSchema,
  OPTIONAL_CAPABILITIES,
  REQUIRED_CAPABILITIES,
  type CapabilityOverrides,
} from '@signupassist/contract';
import { z } from 'zod';
import { describeIssue, issuePath } from '../errors.js';
import { VendorPaymentsSchema } from '../payments/config.js';
import { paymentsFix } from './payment-settings-fixes.js';
import type { VendorRecord, VendorSource, VendorStatus } from './vendor-source.js';

const DEFAULT_TIME_ZONE = 'UTC';

const CapabilityNameSchema = z.enum([...REQUIRED_CAPABILITIES, ...OPTIONAL_CAPABILITIES]);
const CapabilityValueSchema = z.enum(['native', 'emulated', 'handoff', 'absent']);
const StatusSchema = z.enum(['live', 'paused', 'draft']);
const OverridesSchema = z.partialRecord(CapabilityNameSchema, CapabilityValueSchema);

/** The fields without which an entry cannot be named or routed; an error fails the file. */
const IdentitySchema = z.looseObject({
  id: IdSchema,
  displayName: z.string().min(1),
  connector: z.string().min(1),
});

/** The vendor's settings; an error here disables that vendor only. */
const SettingsSchema = z.strictObject({
  id: z.unknown(),
  displayName: z.unknown(),
  connector: z.unknown(),
  timeZone: z.string().optional(),
  status: StatusSchema.optional(),
  config: z.unknown(),
  credentials: z.unknown(),
  capabilityOverrides: OverridesSchema.optional(),
  payments: VendorPaymentsSchema.optional(),
});

type Identity = z.infer<typeof IdentitySchema>;

/** How to fix each field, appended to the error message. */
const FIXES: Record<string, string> = {
  id: 'give the vendor a unique id of printable characters, e.g. "aqua-kids"',
  displayName: 'add the name families see, e.g. "Aqua Kids Swim School"',
  connector: 'add the id of the connector that serves this vendor, e.g. "bookeo"',
  timeZone: 'use an IANA time zone such as "America/Chicago", or leave it out for UTC',
  status: 'use "live", "paused" or "draft", or leave it out for "live"',
  capabilityOverrides: 'map capability names to "absent", "handoff" or the connector\'s own value',
};

function fail(path: string, problem: string): never {
  throw new ConnectorError('invalid_request', `Vendors file ${path}: ${problem}`);
}

/** Finds line and column of a JSON parse error from its position, without quoting the text. */
function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    if (!position) fail(path, 'is not valid JSON. Check it with a JSON validator.');
    const before = text.slice(0, Number(position[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    fail(path, `is not valid JSON at line ${line}, column ${column}. Fix the syntax there.`);
  }
}

function entriesOf(path: string, document: unknown): unknown[] {
  if (Array.isArray(document)) return document;
  if (typeof document === 'object' && document !== null && 'vendors' in document) {
    const vendors = (document as { vendors: unknown }).vendors;
    if (Array.isArray(vendors)) return vendors;
  }
  return fail(path, 'must contain a JSON array of vendors, or an object {"vendors": [...]}.');
}

function describeEntry(index: number, entry: unknown): string {
  const id = (entry as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? `entry ${index} ("${id}")` : `entry ${index}`;
}

/** Describes zod issues with the field, the problem and the fix, never the rejected value. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.slice(0, 5).map((issue) => {
    const field = String(issue.path[0] ?? '');
    // Nothing below credentials is described from the issue, so no value can leak.
    const secret = field === 'credentials';
    let fix = FIXES[field] ?? 'remove the unknown field or fix its name';
    if (field === 'payments') {
      fix = paymentsFix(issue.path.slice(1), issue.code === 'unrecognized_keys');
    }
    return `field "${issuePath(issue)}" ${describeIssue(issue, secret)}; ${fix}`;
  });
}

function checkIdentity(path: string, index: number, entry: unknown): Identity {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    fail(path, `entry ${index} must be a JSON object with id, displayName and connector.`);
  }
  const result = IdentitySchema.safeParse(entry);
  if (result.success) return result.data;
  const problems = describeIssues(result.error.issues);
  return fail(path, `${describeEntry(index, entry)}: ${problems.join('. ')}.`);
}

/**
 * Builds the record of an entry whose identity is valid. Invalid settings become the record's
 * `problems`, and safe values stand in for them: UTC for a time zone that is not text, `paused`
 * for an unknown status, and no capability overrides.
 */
function toRecord(path: string, index: number, entry: Identity): VendorRecord {
  const raw = entry as Record<string, unknown>;
  const result = SettingsSchema.safeParse(entry);
  const invalid = new Set(result.error?.issues.map((issue) => String(issue.path[0] ?? '')));
  const record: VendorRecord = {
    id: entry.id,
    displayName: entry.displayName,
    connector: entry.connector,
    timeZone:
      typeof raw.timeZone === 'string' && !invalid.has('timeZone')
        ? raw.timeZone
        : DEFAULT_TIME_ZONE,
    status: invalid.has('status') ? 'paused' : ((raw.status as VendorStatus) ?? 'live'),
    config: raw.config,
    credentials: raw.credentials,
  };
  if (raw.capabilityOverrides !== undefined && !invalid.has('capabilityOverrides')) {
    record.capabilityOverrides = raw.capabilityOverrides as CapabilityOverrides;
  }
  // The parsed value, so that defaults such as Connect's refundPolicy are filled in.
  const payments = VendorPaymentsSchema.safeParse(raw.payments);
  if (raw.payments !== undefined && payments.success) record.payments = payments.data;
  if (result.error) {
    const problems = describeIssues(result.error.issues).join('. ');
    record.problems = [`Vendors file ${path}, ${describeEntry(index, entry)}: ${problems}.`];
  }
  return record;
}

/**
 * Reads and validates a vendors file: a JSON array, or `{"vendors": [...]}`, of
 * `{id, displayName, connector, timeZone?, status?, config, credentials, capabilityOverrides?,
 * payments?}`. `timeZone` defaults to UTC and `status` to `live`; `payments` follows
 * `VendorPaymentsSchema`.
 *
 * An error that leaves the file unusable throws one `invalid_request` naming the entry, the
 * field and the fix. Such errors are a file that is not JSON or not a list, an entry without
 * a valid `id`, `displayName` or `connector`, and a vendor id used twice. Other problems of an entry (an
 * unknown field, status, capability override or payment setting) are stored in that record's `problems`, so
 * the other vendors keep working. Time zone, connector, config and credentials are checked
 * by the router. Credential values never appear in any message.
 */
export async function loadVendorsFile(path: string): Promise<VendorRecord[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return fail(path, `cannot be read (${code}). Check the path and its permissions.`);
  }

  const entries = entriesOf(path, parseJson(path, text));
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const identity = checkIdentity(path, index, entry);
    if (seen.has(identity.id)) {
      fail(
        path,
        `${describeEntry(index, entry)}: vendor id is used twice; give each vendor its own id.`,
      );
    }
    seen.add(identity.id);
    return toRecord(path, index, identity);
  });
}

/**
 * A vendor source backed by a JSON file (see {@link loadVendorsFile}). The file is read on first
 * use and cached; `reload()` reads it again.
 */
export class JsonFileVendorSource implements VendorSource {
  private records: Promise<VendorRecord[]> | undefined;

  /** Remembers the path; nothing is read until the first call. */
  constructor(private readonly path: string) {}

  /** Reads the file again; the previous list stays in use if the new file is invalid. */
  async reload(): Promise<void> {
    const next = loadVendorsFile(this.path);
    await next;
    this.records = next;
  }

  /** Lists every vendor of the file. */
  async listVendors(): Promise<VendorRecord[]> {
    return [...(await this.load())];
  }

  /** Returns the vendor with that id, if the file has one. */
  async getVendor(id: string): Promise<VendorRecord | undefined> {
    return (await this.load()).find((record) => record.id === id);
  }

  private load(): Promise<VendorRecord[]> {
    if (!this.records) {
      const loading = loadVendorsFile(this.path);
      // A failed read is not cached, so a fixed file is picked up by the next call.
      loading.catch(() => {
        if (this.records === loading) this.records = undefined;
      });
      this.records = loading;
    }
    return this.records;
  }
}
