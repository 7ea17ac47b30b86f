import type { Clock } from '@signupassist/contract';
import type { HubLogger } from '../logging.js';
import { isStorageError } from '../storage/errors.js';
import type { VendorStore } from '../storage/types.js';
import { isCredentialDecryptionError } from '../vault/errors.js';
import { isRegistryError, RegistryError } from './registry-error.js';
import type { AuditEntry } from './registry-types.js';

/** Appends an audit entry, stamped with the registry's clock, in the given transaction. */
export type AuditWriter = (store: VendorStore, entry: Omit<AuditEntry, 'at'>) => Promise<void>;

/**
 * Converts storage and vault errors into {@link RegistryError}s: a duplicate id and a stale
 * row become `conflict`, a value the store cannot keep `invalid`, a missing vendor `not_found`, credentials that do not decrypt
 * `decryption_failed`. Other errors (a lost database connection) pass through unchanged.
 */
export function translateError(error: unknown): unknown {
  if (isRegistryError(error)) return error;
  if (isCredentialDecryptionError(error)) {
    return new RegistryError('decryption_failed', error.message, {
      field: 'credentials',
      cause: error,
    });
  }
  if (isStorageError(error, 'version_conflict')) {
    return new RegistryError(
      'conflict',
      'The vendor changed while this change was being made. Read it again and retry.',
      { cause: error },
    );
  }
  if (isStorageError(error, 'conflict')) {
    return new RegistryError('conflict', error.message, { cause: error });
  }
  if (isStorageError(error, 'invalid')) {
    return new RegistryError('invalid', error.message, { cause: error });
  }
  if (isStorageError(error, 'not_found')) {
    return new RegistryError('not_found', error.message, { cause: error });
  }
  return error;
}

/**
 * Runs `work` in one store transaction and logs each audit entry it appended once the
 * transaction has committed, so a rolled-back change leaves neither rows nor log lines.
 */
export async function writeTransaction<T>(
  store: VendorStore,
  logger: HubLogger,
  clock: Clock,
  work: (store: VendorStore, audit: AuditWriter) => Promise<T>,
): Promise<T> {
  const appended: Omit<AuditEntry, 'at'>[] = [];
  const audit: AuditWriter = async (target, entry) => {
    await target.appendAudit({ ...entry, at: clock.now() });
    appended.push(entry);
  };

  let result: T;
  try {
    result = await store.transaction((transaction) => {
      appended.length = 0;
      return work(transaction, audit);
    });
  } catch (error) {
    throw translateError(error);
  }
  for (const entry of appended) {
    // An import entry names its outcome (created or updated), as the import's summary does.
    const outcome = entry.details.outcome;
    logger.info(
      {
        vendorId: entry.vendorId,
        actor: entry.actor,
        action: entry.action,
        ...(typeof outcome === 'string' ? { outcome } : {}),
      },
      'Vendor registry changed',
    );
  }
  return result;
}
