import type { CapabilityOverrides, Clock } from '@signupassist/contract';
import type { RegistrationLedger } from '../ledger/types.js';
import type { HubLogger } from '../logging.js';
import type { VendorPayments } from '../payments/config.js';
import type { PaymentStore } from '../payments/types.js';
import type {
  AuditEntry,
  RegistryVendorStatus,
  VerificationSummary,
} from '../vendors/registry-types.js';

/** Database engine behind a {@link HubStorage}. */
export type StorageKind = 'sqlite' | 'postgres';

/**
 * Everything the hub keeps in its database: the registration ledger, the vendor registry with
 * its sealed credentials and audit log, and the payment records with the received Stripe
 * events. All parts share one database and one schema version, so several hub processes can
 * share the storage.
 */
export interface HubStorage {
  readonly kind: StorageKind;
  readonly ledger: RegistrationLedger;
  readonly vendors: VendorStore;
  readonly payments: PaymentStore;
  /** Closes the connections of every part; closing twice is harmless. */
  close(): Promise<void>;
}

/** A vendor row as the store returns it. Credentials are stored apart, in sealed form. */
export interface StoredVendor {
  /** Stable id: lower-case letters, digits and hyphens. */
  id: string;
  displayName: string;
  /** Id of the connector that serves the vendor, such as `bookeo`. */
  connector: string;
  /** Connector config, stored as JSON. */
  config: unknown;
  /** Capabilities the vendor narrows, stored as JSON. */
  capabilityOverrides?: CapabilityOverrides;
  /** IANA time zone of the vendor. */
  timeZone: string;
  status: RegistryVendorStatus;
  /** Result of the last credential verification, if any. */
  lastVerification?: VerificationSummary;
  /** Payment settings (success fee, Stripe Connect), stored as JSON; none when absent. */
  payments?: VendorPayments;
  createdAt: Date;
  updatedAt: Date;
  /**
   * Row version for optimistic concurrency: 1 on insert, plus 1 on every update. Pass it as
   * `expectedVersion` to `updateVendor` to reject a change decided on a stale read.
   */
  version: number;
}

/** A vendor as `insertVendor` takes it. */
export interface NewVendor {
  id: string;
  displayName: string;
  connector: string;
  config: unknown;
  capabilityOverrides?: CapabilityOverrides;
  timeZone: string;
  /** Default `draft`. */
  status?: RegistryVendorStatus;
  payments?: VendorPayments;
}

/**
 * Fields `updateVendor` changes; absent fields stay as they are. `null` clears an optional
 * field.
 */
export interface VendorPatch {
  displayName?: string;
  connector?: string;
  config?: unknown;
  capabilityOverrides?: CapabilityOverrides | null;
  timeZone?: string;
  status?: RegistryVendorStatus;
  lastVerification?: VerificationSummary | null;
  payments?: VendorPayments | null;
}

/** Filter of `listVendors`. */
export interface VendorFilter {
  status?: RegistryVendorStatus;
  connector?: string;
}

/**
 * A vendor's credentials sealed with AES-256-GCM. The store keeps the bytes unchanged and
 * never receives the plaintext.
 */
export interface SealedCredentials {
  vendorId: string;
  /** Id of the encryption key the credentials are sealed under. */
  keyId: string;
  /** GCM initialization vector. */
  iv: Uint8Array;
  /** GCM authentication tag. */
  authTag: Uint8Array;
  ciphertext: Uint8Array;
  /** Short fingerprint of the plaintext, to tell two credential sets apart. */
  fingerprint: string;
  updatedAt: Date;
}

/** Credentials as `putCredentials` takes them; `updatedAt` defaults to the store's clock. */
export type NewSealedCredentials = Omit<SealedCredentials, 'updatedAt'> & { updatedAt?: Date };

/**
 * One item of `replaceCredentials`. With `expected`, the replacement applies only while the
 * stored row still has that key id and fingerprint, so a key rotation cannot overwrite
 * credentials that were set after it read them.
 */
export interface CredentialReplacement extends NewSealedCredentials {
  expected?: { keyId: string; fingerprint: string };
}

/** An audit entry as the store returns it, with its position in the log. */
export interface StoredAuditEntry extends AuditEntry {
  /** Position in the log; it grows with every append, across all vendors. */
  sequence: number;
}

/**
 * Vendor rows, sealed credentials and the append-only audit log. Every write is atomic, and
 * every vendor or credential write moves the change stamp in the same transaction.
 *
 * Errors a caller must tell apart are {@link StorageError}s: `conflict` for a duplicate vendor
 * id, `not_found` for a missing vendor, `version_conflict` for a stale `expectedVersion` or
 * `expected` credentials.
 */
export interface VendorStore {
  /** Returns a vendor by id. */
  getVendor(id: string): Promise<StoredVendor | undefined>;
  /** Lists vendors ordered by id, optionally only those matching `filter`. */
  listVendors(filter?: VendorFilter): Promise<StoredVendor[]>;
  /** Inserts a vendor with version 1; an existing id raises a `conflict` StorageError. */
  insertVendor(vendor: NewVendor): Promise<StoredVendor>;
  /**
   * Applies `patch` and increments the version. With `expectedVersion`, the update applies
   * only while the row still has that version, and raises `version_conflict` otherwise. A
   * missing vendor raises `not_found`.
   */
  updateVendor(id: string, patch: VendorPatch, expectedVersion?: number): Promise<StoredVendor>;
  /** Returns the sealed credentials of a vendor. */
  getCredentials(vendorId: string): Promise<SealedCredentials | undefined>;
  /** Stores or replaces a vendor's sealed credentials; a missing vendor raises `not_found`. */
  putCredentials(credentials: NewSealedCredentials): Promise<SealedCredentials>;
  /**
   * Deletes a vendor's sealed credentials and returns whether a row was deleted. Deleting
   * credentials a vendor does not have changes nothing.
   */
  deleteCredentials(vendorId: string): Promise<boolean>;
  /** Lists every vendor's sealed credentials, ordered by vendor id. */
  listAllCredentials(): Promise<SealedCredentials[]>;
  /**
   * Stores many credential rows in one transaction, for key rotation: either every row is
   * written or none. A missing vendor raises `not_found`, and a row that no longer matches
   * its `expected` raises `version_conflict`.
   */
  replaceCredentials(replacements: readonly CredentialReplacement[]): Promise<void>;
  /** Appends an audit entry. The log has no update or delete operation. */
  appendAudit(entry: AuditEntry): Promise<StoredAuditEntry>;
  /** Lists a vendor's audit entries, oldest first. */
  listAudit(vendorId: string): Promise<StoredAuditEntry[]>;
  /**
   * Returns a counter that every vendor or credential write increments, in any process
   * sharing the database. A cache of vendors stays valid while the counter is unchanged.
   */
  changeStamp(): Promise<number>;
  /**
   * Runs `fn` in one database transaction and commits when it resolves, or rolls back when it
   * throws. `fn` must use the store it is given. The transaction holds the write lock (on
   * SQLite) or the change stamp's row lock (on PostgreSQL) until `fn` settles, so transactions
   * run one at a time and `fn` should make no network calls. A call inside `fn` joins the outer
   * transaction.
   */
  transaction<T>(fn: (store: VendorStore) => Promise<T>): Promise<T>;
}

/** Options shared by both engines. */
export interface StorageOptions {
  /** Source of timestamps and lease expiry; a fake clock in tests. */
  clock?: Clock;
  /**
   * Age after which a `booking` claim or a key reservation counts as abandoned and may be
   * taken over, in milliseconds (default 2 minutes).
   */
  leaseMs?: number;
}

/** Options of `openSqliteStorage`. */
export interface SqliteStorageOptions extends StorageOptions {
  /** Database file, created on first use; `':memory:'` for a database of this process only. */
  path: string;
  /** How long a write waits for another connection's lock, in milliseconds (default 5000). */
  busyTimeoutMs?: number;
}

/** Options of `openPostgresStorage`. */
export interface PostgresStorageOptions extends StorageOptions {
  /** Connection URL, such as the value of `DATABASE_URL`. */
  connectionString: string;
  /** Maximum number of pooled connections (default 10). */
  poolSize?: number;
  /** How long opening a connection may take before it fails, in milliseconds (default 10000). */
  connectTimeoutMs?: number;
  /** Receives errors of idle pooled connections, which the pool drops and replaces. */
  logger?: HubLogger;
}
