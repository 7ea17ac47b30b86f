import { isConnectorError, type CredentialCheck } from '@signupassist/contract';
import type { ProviderRouter, RoutedVendor } from '../router/provider-router.js';
import type { SealedCredentials, StoredVendor, VendorStore } from '../storage/types.js';
import { RegistryError } from './registry-error.js';
import type { VendorRecord } from './vendor-source.js';

/** Connector error codes that are a verdict on the credentials rather than a failed call. */
const VERDICT_CODES: ReadonlySet<string> = new Set(['auth_failed', 'permission_denied']);

/**
 * Calls the connector's `verifyCredentials` for a vendor through the router, which builds the
 * connector context (time limits, logger, clock) as for any provider call. The credentials live
 * in the record only for this call. A rejection of the credentials by the provider becomes an
 * invalid check whose problem is the connector's message for the operator. Other connector
 * errors are rethrown with that message, because they carry no verdict on the credentials.
 */
export async function checkWithProvider(
  router: ProviderRouter,
  vendor: StoredVendor,
  credentials: unknown,
  requestId: string,
): Promise<CredentialCheck> {
  const record: VendorRecord = {
    id: vendor.id,
    displayName: vendor.displayName,
    connector: vendor.connector,
    timeZone: vendor.timeZone,
    status: 'live',
    config: vendor.config,
    ...(vendor.capabilityOverrides ? { capabilityOverrides: vendor.capabilityOverrides } : {}),
    loadCredentials: async () => credentials,
  };

  let routed: RoutedVendor;
  try {
    routed = router.route(record);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RegistryError('invalid', message, { cause: error });
  }

  try {
    return await router.call(routed, 'verifyCredentials', { requestId }, (connector, context) =>
      connector.verifyCredentials(context),
    );
  } catch (error) {
    // The router words its errors for families; the cause has the connector's own message.
    const cause = isConnectorError(error) ? error.cause : undefined;
    const original = isConnectorError(cause) ? cause : error;
    if (isConnectorError(original) && VERDICT_CODES.has(original.code)) {
      return { valid: false, problems: [original.message] };
    }
    throw original;
  }
}

/**
 * Reads a vendor's sealed credentials and raises `conflict` when the vendor row changed since
 * `vendor` was read. Every write that replaces or removes credentials also moves the vendor's
 * version in the same transaction (a key rotation does not, but it keeps the plaintext), so
 * an unchanged version means the credentials belong to the endpoint in `vendor.config`.
 * Without the check, credentials set for a new endpoint could be sent to the old one.
 */
export async function credentialsOfVersion(
  store: VendorStore,
  vendor: StoredVendor,
): Promise<SealedCredentials | undefined> {
  const sealed = await store.getCredentials(vendor.id);
  const after = await store.getVendor(vendor.id);
  if (after?.version !== vendor.version) {
    throw new RegistryError(
      'conflict',
      `Vendor "${vendor.id}" changed while its credentials were being read; verify it again.`,
    );
  }
  return sealed;
}
