import type { CapabilityOverrides, CredentialCheck } from '@signupassist/contract';
import type { VendorPayments, VendorPaymentsInput } from '../payments/config.js';

/**
 * Onboarding state of a vendor: `draft` (being set up) → `verified` (credentials checked
 * against the provider) → `live` (searched and booked) → `suspended` (hidden, bookings refused;
 * may go live again after a new verification). Only `live` vendors are routed.
 */
export type RegistryVendorStatus = 'draft' | 'verified' | 'live' | 'suspended';

/** The fields an operator sets when adding or updating a vendor. */
export interface VendorInput {
  /** Stable id: lower-case letters, digits and hyphens, 2 to 64 characters. */
  id: string;
  displayName: string;
  /** Id of an installed connector, such as `bookeo`. */
  connector: string;
  /** IANA time zone of the vendor. */
  timeZone: string;
  /** Connector config, validated with the connector's `configSchema`. */
  config: unknown;
  /** Capabilities the vendor narrows; widening one is rejected. */
  capabilityOverrides?: CapabilityOverrides;
  /**
   * Payment settings: the success fee and, optionally, Stripe Connect for the program fee.
   * Validated with `VendorPaymentsSchema`; absent means the hub charges nothing. In an update,
   * `null` removes them.
   */
  payments?: VendorPaymentsInput;
}

/** Fields `update` changes; absent fields stay, and `payments: null` removes the settings. */
export type VendorUpdate = Partial<Omit<VendorInput, 'id' | 'payments'>> & {
  payments?: VendorPaymentsInput | null;
};

/** Summary of stored credentials, as the vault shows it. It never contains the values. */
export interface CredentialSummary {
  /** Id of the encryption key the credentials are sealed under. */
  keyId: string;
  /** Short fingerprint of the plaintext (a hash prefix), to tell two credential sets apart. */
  fingerprint: string;
  updatedAt: Date;
}

/** Result of the last `verify`. */
export interface VerificationSummary {
  at: Date;
  valid: boolean;
  accountId?: string;
  problems?: string[];
}

/** A vendor as the registry shows it to operators. It contains no secret value. */
export interface VendorView extends Required<
  Omit<VendorInput, 'capabilityOverrides' | 'payments'>
> {
  capabilityOverrides?: CapabilityOverrides;
  /** Payment settings with defaults filled in; absent when the vendor has none. */
  payments?: VendorPayments;
  status: RegistryVendorStatus;
  credentials?: CredentialSummary;
  lastVerification?: VerificationSummary;
  createdAt: Date;
  updatedAt: Date;
}

/** Stored credentials a change of connector or config removed. */
export interface CredentialRemoval {
  /** Fingerprint of the removed credentials. */
  fingerprint: string;
  /** Reason for the removal and the next step for the operator. */
  reason: string;
}

/** A vendor after `update`, with the credentials the update removed, if any. */
export interface VendorUpdateResult extends VendorView {
  credentialsRemoved?: CredentialRemoval;
}

/** Stored credentials that did not decrypt under any configured key and were replaced. */
export interface UndecryptableReplacement {
  /** Key id the replaced credentials were sealed under. */
  keyId: string;
  /** Fingerprint of the replaced credentials. */
  fingerprint: string;
  /** Description of the event, for operators. */
  message: string;
}

/** A vendor after `setCredentials`, noting stored credentials that did not decrypt. */
export interface VendorCredentialsResult extends VendorView {
  undecryptableReplaced?: UndecryptableReplacement;
}

/** One entry of the append-only audit log. Secret values never appear in `details`. */
export interface AuditEntry {
  vendorId: string;
  at: Date;
  /** Actor who made the change, such as `cli:alice` or `admin-api`. */
  actor: string;
  /**
   * `created`, `updated`, `credentials_set`, `credentials_removed`, `verified`,
   * `verification_failed`, `went_live`, `suspended`, `keys_rotated` or `imported`.
   */
  action: string;
  /** Changed field names with old and new values, secrets replaced by fingerprints. */
  details: Record<string, unknown>;
}

/** One row of an import file: a vendor, optionally with credentials and a wanted status. */
export interface ImportRow extends VendorInput {
  credentials?: unknown;
  /** Status to reach; `live` verifies the credentials first. Default `draft`. */
  status?: 'draft' | 'live';
}

/** Outcome of one import row. */
export interface ImportRowResult {
  id: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'failed';
  /**
   * Reason a row failed, naming the field and the fix. A row saved but not made live (its
   * verification failed) is `failed` too, and its message states that it was saved.
   */
  message?: string;
  /** Status of the vendor after the row, when the row was saved. */
  status?: RegistryVendorStatus;
}

/** Error codes of registry operations, each with the HTTP status of the admin API's response. */
export type RegistryErrorCode =
  /** 400: a field is invalid; `field` names it. */
  | 'invalid'
  /** 404: no vendor has the id. */
  | 'not_found'
  /** 409: a vendor with the id exists already. */
  | 'conflict'
  /** 409: the status change is not allowed from the current status. */
  | 'invalid_transition'
  /** 400: no installed connector has the id. */
  | 'unknown_connector'
  /** 500: stored credentials do not decrypt for this vendor under any configured key. */
  | 'decryption_failed';

/**
 * Vendor registry and credential vault: the operations the CLI and the admin API offer. Every
 * change is one transaction with its audit entry, and takes effect in every hub process
 * without a restart.
 */
export interface VendorRegistry {
  add(input: VendorInput, actor: string): Promise<VendorView>;
  /**
   * Changes the given fields. A change of connector or config removes the stored credentials
   * and returns a verified or live vendor to `draft`.
   */
  update(id: string, patch: VendorUpdate, actor: string): Promise<VendorUpdateResult>;
  list(filter?: { status?: RegistryVendorStatus }): Promise<VendorView[]>;
  show(id: string): Promise<VendorView>;
  /**
   * Validates the credentials with the connector's schema, then seals and stores them. Stored
   * credentials that no longer decrypt are replaced, and the result reports it.
   */
  setCredentials(id: string, credentials: unknown, actor: string): Promise<VendorCredentialsResult>;
  /** Calls the connector's `verifyCredentials` and records the result; valid moves `draft` to `verified`. */
  verify(id: string, actor: string): Promise<{ vendor: VendorView; check: CredentialCheck }>;
  goLive(id: string, actor: string): Promise<VendorView>;
  suspend(id: string, actor: string, reason?: string): Promise<VendorView>;
  /**
   * Upserts rows one by one; a repeated import of the same rows reports `unchanged`. Rows
   * that share an id all fail, and none of them is written.
   */
  importRows(
    rows: readonly unknown[],
    actor: string,
    onRow?: (result: ImportRowResult, index: number) => void,
  ): Promise<ImportRowResult[]>;
  /** Re-seals every credential under the active key in one transaction. */
  rotateKeys(actor: string): Promise<{ resealed: number; keyId: string }>;
  audit(id: string): Promise<AuditEntry[]>;
}
