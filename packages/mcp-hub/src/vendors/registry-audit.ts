import { canonicalJson } from '../ids.js';
import type { VendorPatch } from '../storage/types.js';

/** Old and new value of a changed field in an audit entry. */
export interface FieldChange {
  old: unknown;
  new: unknown;
}

/**
 * Compares the given fields of two vendor states by canonical JSON and returns the changed ones
 * with old and new values. Absent values are recorded as `null`.
 */
export function diffFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  fields: readonly string[],
): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const field of fields) {
    const old = before[field] ?? null;
    const next = after[field] ?? null;
    if (canonicalJson(old) !== canonicalJson(next)) changes[field] = { old, new: next };
  }
  return changes;
}

/** Vendor settings an operator sets, in the order audit entries list them. */
export const SETTING_FIELDS = [
  'displayName',
  'connector',
  'timeZone',
  'config',
  'capabilityOverrides',
  'payments',
] as const;

/** Builds a store patch of the changed settings; a removed value becomes `null`. */
export function settingsPatch(
  changes: Record<string, FieldChange>,
  next: Record<string, unknown>,
): VendorPatch {
  const patch: Record<string, unknown> = {};
  for (const field of Object.keys(changes)) patch[field] = next[field] ?? null;
  return patch as VendorPatch;
}
