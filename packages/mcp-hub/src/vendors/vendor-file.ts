import { readFile } from 'node:fs/promises';
import {
  ConnectorError,
  IdSchema,
  OPTIONAL_CAPABILITIES,
  REQUIRED_CAPABILITIES,
  TimeZoneSchema,
  type CapabilityOverrides,
} from '@signupassist/contract';
import { z } from 'zod';
import { describeIssue, issuePath } from '../errors.js';
import type { VendorRecord, VendorSource } from './vendor-source.js';

const DEFAULT_TIME_ZONE = 'UTC';

const CapabilityNameSchema = z.enum([...REQUIRED_CAPABILITIES, ...OPTIONAL_CAPABILITIES]);
const CapabilityValueSchema = z.enum(['native', 'emulated', 'handoff', 'absent']);
const RequiredValueSchema = z.unknown().refine((value) => value !== undefined, 'is required');

const VendorEntrySchema = z.strictObject({
  id: IdSchema,
  displayName: z.string().min(1),
  connector: z.string().min(1),
  timeZone: TimeZoneSchema.optional(),
  status: z.enum(['live', 'paused', 'draft']).optional(),
  config: RequiredValueSchema,
  credentials: RequiredValueSchema,
  capabilityOverrides: z.partialRecord(CapabilityNameSchema, CapabilityValueSchema).optional(),
});

type VendorEntry = z.infer<typeof VendorEntrySchema>;

/** How to fix each field, appended to the error message. */
const FIXES: Record<string, string> = {
  id: 'give the vendor a unique id of printable characters, e.g. "aqua-kids"',
  displayName: 'add the name families see, e.g. "Aqua Kids Swim School"',
  connector: 'add the id of the connector that serves this vendor, e.g. "bookeo"',
  timeZone: 'use an IANA time zone such as "America/Chicago", or leave it out for UTC',
  status: 'use "live", "paused" or "draft", or leave it out for "live"',
  capabilityOverrides: 'map capability names to "absent", "handoff" or the connector\'s own value',
  config: 'add the connector config object',
  credentials: 'add the credentials object',
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

function checkEntry(path: string, index: number, entry: unknown): VendorEntry {
  const result = VendorEntrySchema.safeParse(entry);
  if (result.success) return result.data;

  const problems = result.error.issues.slice(0, 5).map((issue) => {
    const field = String(issue.path[0] ?? '');
    // Nothing below credentials is described from the issue, so no value can leak.
    const secret = field === 'credentials';
    const fix = FIXES[field] ?? 'remove the unknown field or fix its name';
    return `field "${issuePath(issue)}" ${describeIssue(issue, secret)}; ${fix}`;
  });
  return fail(path, `${describeEntry(index, entry)}: ${problems.join('. ')}.`);
}

function toRecord(entry: VendorEntry): VendorRecord {
  const record: VendorRecord = {
    id: entry.id,
    displayName: entry.displayName,
    connector: entry.connector,
    timeZone: entry.timeZone ?? DEFAULT_TIME_ZONE,
    status: entry.status ?? 'live',
    config: entry.config,
    credentials: entry.credentials,
  };
  if (entry.capabilityOverrides) {
    record.capabilityOverrides = entry.capabilityOverrides as CapabilityOverrides;
  }
  return record;
}

/**
 * Reads and validates a vendors file: a JSON array, or `{"vendors": [...]}`, of
 * `{id, displayName, connector, timeZone?, status?, config, credentials, capabilityOverrides?}`.
 * `timeZone` defaults to UTC and `status` to `live`. Connector config and credentials are
 * checked later against the connector's own schemas. Throws one `invalid_request` naming the
 * entry, the field and the fix; credential values never appear in it.
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
    const checked = checkEntry(path, index, entry);
    if (seen.has(checked.id)) {
      fail(
        path,
        `${describeEntry(index, entry)}: vendor id is used twice; give each vendor its own id.`,
      );
    }
    seen.add(checked.id);
    return toRecord(checked);
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
