import type { SealedCredentials, VendorStore } from '../storage/types.js';
import type { CredentialRemoval } from './registry-types.js';
import type { AuditWriter } from './registry-writes.js';

/** Settings whose change removes stored credentials: they point at the provider endpoint. */
const ENDPOINT_FIELDS = ['connector', 'config'] as const;

/**
 * Deletes a vendor's stored credentials when its connector or config changed, and writes a
 * `credentials_removed` audit entry with the old fingerprint and the reason. The credentials
 * were checked against the old endpoint, and keeping them would let whoever changes the
 * endpoint receive them on the next `verify`. Returns what was removed, or `undefined` when
 * neither field changed or the vendor had no credentials.
 */
export async function removeCredentialsAfterChange(
  store: VendorStore,
  audit: AuditWriter,
  change: {
    vendorId: string;
    actor: string;
    changedFields: readonly string[];
    sealed: SealedCredentials | undefined;
  },
): Promise<CredentialRemoval | undefined> {
  const fields = ENDPOINT_FIELDS.filter((field) => change.changedFields.includes(field));
  if (fields.length === 0 || change.sealed === undefined) return undefined;

  await store.deleteCredentials(change.vendorId);
  const removal: CredentialRemoval = {
    fingerprint: change.sealed.fingerprint,
    reason:
      `The ${fields.join(' and ')} changed, so the credentials checked against the old ` +
      'endpoint were removed; set them again.',
  };
  await audit(store, {
    vendorId: change.vendorId,
    actor: change.actor,
    action: 'credentials_removed',
    details: { credentials: removal.fingerprint, reason: removal.reason },
  });
  return removal;
}
