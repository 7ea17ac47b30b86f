import { RegistryError } from './registry-error.js';
import type { RegistryVendorStatus } from './registry-types.js';

/** Fields whose change invalidates a verification: the provider may no longer accept the vendor. */
const VERIFIED_FIELDS: ReadonlySet<string> = new Set(['connector', 'config', 'credentials']);

/**
 * Returns the status after fields changed. A change of connector, config or credentials
 * returns a `verified` or `live` vendor to `draft`, because the new settings are unverified.
 * A live vendor thus stops taking requests until it is verified and goes live again.
 * `draft` and `suspended` stay as they are, and so does every status for the other fields.
 */
export function statusAfterChange(
  status: RegistryVendorStatus,
  changedFields: readonly string[],
): RegistryVendorStatus {
  const unverified = changedFields.some((field) => VERIFIED_FIELDS.has(field));
  if (unverified && (status === 'verified' || status === 'live')) return 'draft';
  return status;
}

/**
 * Returns the status after a verification. A valid result moves `draft`, `verified` and
 * `suspended` to `verified` and keeps `live`. An invalid result moves `verified` back to
 * `draft` and keeps the others: a live vendor stays live, so the operator decides whether to
 * suspend it.
 */
export function statusAfterVerification(
  status: RegistryVendorStatus,
  valid: boolean,
): RegistryVendorStatus {
  if (valid) return status === 'live' ? 'live' : 'verified';
  return status === 'verified' ? 'draft' : status;
}

/** Checks that a vendor may go live: only a `verified` one may (a `live` one stays live). */
export function checkGoLive(vendorId: string, status: RegistryVendorStatus): void {
  if (status === 'verified' || status === 'live') return;
  const fix =
    status === 'draft'
      ? 'set its credentials and verify them first'
      : 'verify its credentials again first';
  throw new RegistryError(
    'invalid_transition',
    `Vendor "${vendorId}" is ${status} and cannot go live: ${fix}.`,
    { field: 'status' },
  );
}
