import { StorageError } from './errors.js';

/** Creates the `not_found` error of a missing vendor. */
export function vendorNotFound(id: string): StorageError {
  return new StorageError('not_found', `No vendor has id "${id}". Add the vendor first.`);
}

/** Creates the `not_found` error of credentials that were never stored. */
export function credentialsNotFound(vendorId: string): StorageError {
  return new StorageError(
    'not_found',
    `Vendor "${vendorId}" has no stored credentials to replace. Store them with putCredentials.`,
  );
}

/** Creates the `version_conflict` error of a stale expected version. */
export function versionConflict(id: string, expected: number, found: number): StorageError {
  return new StorageError(
    'version_conflict',
    `Vendor "${id}" has version ${found}, not the expected ${expected}: another change came ` +
      'first. Read the vendor again and retry.',
  );
}

/** Creates the `version_conflict` error of credentials that changed after they were read. */
export function credentialsConflict(vendorId: string): StorageError {
  return new StorageError(
    'version_conflict',
    `The credentials of vendor "${vendorId}" changed after they were read. ` +
      'Read them again and retry.',
  );
}

/** Creates the `conflict` error of a duplicate vendor id. */
export function duplicateVendor(id: string): StorageError {
  return new StorageError(
    'conflict',
    `A vendor with id "${id}" exists already. Choose another id or update that vendor.`,
  );
}
