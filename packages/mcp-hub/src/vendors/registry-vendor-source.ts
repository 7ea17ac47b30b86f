import { ConnectorError, type Clock } from '@signupassist/contract';
import { errorLogFields } from '../errors.js';
import { silentLogger, type HubLogger } from '../logging.js';
import { isStorageError, StorageError } from '../storage/errors.js';
import type { SealedCredentials, StoredVendor, VendorStore } from '../storage/types.js';
import { isCredentialDecryptionError } from '../vault/errors.js';
import type { CredentialVault } from '../vault/vault.js';
import { normalizeOverrides } from './registry-views.js';
import type { VendorRecord, VendorSource } from './vendor-source.js';

/** Default interval between change-stamp reads of a {@link RegistryVendorSource}, in ms. */
export const DEFAULT_REGISTRY_REFRESH_MS = 1_000;

/** Maximum reads of the live vendors per refresh while writes keep landing between the reads. */
const SNAPSHOT_ATTEMPTS = 3;

/** Options of a {@link RegistryVendorSource}. */
export interface RegistryVendorSourceOptions {
  /** The registry's vendor store, e.g. `HubStorage.vendors`. */
  store: VendorStore;
  /** Opens the sealed credentials for each provider call. */
  vault: CredentialVault;
  /**
   * How long the cached list is served without reading the store's change stamp, in
   * milliseconds; default 1,000. A change made in any process is seen after at most this long.
   * 0 reads the stamp on every call.
   */
  refreshMs?: number;
  /** Clock of the refresh interval; the system clock when absent. */
  clock?: Clock;
  /** Receives failed refreshes while the previous list is still served. */
  logger?: HubLogger;
}

interface CachedVendors {
  stamp: number;
  checkedAt: number;
  records: VendorRecord[];
}

/**
 * The hub's vendor source over the vendor registry: it lists the `live` vendors only, with
 * their credentials still sealed. Each record's `loadCredentials` decrypts them for one
 * provider call, so plaintext is never cached. The list is cached and read again when the
 * store's change stamp moves, so a vendor added, changed or suspended by another process is
 * served without a restart. When a refresh fails (the database is unreachable, or writes came
 * between each of three reads of the vendors and their credentials), the previous list is
 * served and the next call tries again; without a previous list the error is raised.
 */
export class RegistryVendorSource implements VendorSource {
  private readonly store: VendorStore;
  private readonly vault: CredentialVault;
  private readonly refreshMs: number;
  private readonly clock: Clock;
  private readonly logger: HubLogger;
  private cached: CachedVendors | undefined;
  private loading: Promise<VendorRecord[]> | undefined;

  /** Keeps the options; nothing is read until the first call. */
  constructor(options: RegistryVendorSourceOptions) {
    this.store = options.store;
    this.vault = options.vault;
    this.refreshMs = options.refreshMs ?? DEFAULT_REGISTRY_REFRESH_MS;
    this.clock = options.clock ?? { now: () => new Date() };
    this.logger = options.logger ?? silentLogger;
  }

  /** Lists the live vendors, ordered by id. */
  async listVendors(): Promise<VendorRecord[]> {
    return [...(await this.records())];
  }

  /** Returns a live vendor, or `undefined` for an unknown id or a vendor that is not live. */
  async getVendor(id: string): Promise<VendorRecord | undefined> {
    return (await this.records()).find((record) => record.id === id);
  }

  private records(): Promise<VendorRecord[]> {
    const now = this.clock.now().getTime();
    if (this.cached && now - this.cached.checkedAt < this.refreshMs) {
      return Promise.resolve(this.cached.records);
    }
    // Concurrent callers share one refresh.
    this.loading ??= this.refreshOrKeep(now).finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async refreshOrKeep(now: number): Promise<VendorRecord[]> {
    try {
      return await this.refresh(now);
    } catch (error) {
      if (!this.cached) throw error;
      this.logger.warn(
        {
          ...errorLogFields(error),
          ...(isStorageError(error) ? { errorCode: error.code, errorMessage: error.message } : {}),
          vendorCount: this.cached.records.length,
        },
        'Vendor registry could not be read; serving the previous vendor list',
      );
      return this.cached.records;
    }
  }

  private async refresh(now: number): Promise<VendorRecord[]> {
    // The stamp is read before the rows, so a write in between makes the next check reload.
    let stamp = await this.store.changeStamp();
    if (this.cached && this.cached.stamp === stamp) {
      this.cached.checkedAt = now;
      return this.cached.records;
    }
    // Vendors and credentials are two reads. An unchanged stamp shows that no write came
    // between them, so a live row is never paired with credentials set after it was read.
    for (let attempt = 1; attempt <= SNAPSHOT_ATTEMPTS; attempt += 1) {
      const records = await this.readRecords();
      const after = await this.store.changeStamp();
      if (after === stamp) {
        this.cached = { stamp, checkedAt: now, records };
        return records;
      }
      stamp = after;
    }
    throw new StorageError(
      'version_conflict',
      `The vendor registry changed during each of ${SNAPSHOT_ATTEMPTS} reads of the live ` +
        'vendors; the next call reads it again.',
    );
  }

  private async readRecords(): Promise<VendorRecord[]> {
    const vendors = await this.store.listVendors({ status: 'live' });
    const credentials = new Map(
      (await this.store.listAllCredentials()).map((sealed) => [sealed.vendorId, sealed]),
    );
    return vendors.map((vendor) => this.toRecord(vendor, credentials.get(vendor.id)));
  }

  private toRecord(vendor: StoredVendor, sealed: SealedCredentials | undefined): VendorRecord {
    const overrides = normalizeOverrides(vendor.capabilityOverrides);
    const record: VendorRecord = {
      id: vendor.id,
      displayName: vendor.displayName,
      connector: vendor.connector,
      timeZone: vendor.timeZone,
      status: 'live',
      config: vendor.config,
      ...(overrides ? { capabilityOverrides: overrides } : {}),
      ...(vendor.payments ? { payments: vendor.payments } : {}),
    };
    if (!sealed) {
      record.problems = [
        `Vendor "${vendor.id}" is live but has no credentials. Set its credentials, verify ` +
          'them and make it live again.',
      ];
      return record;
    }
    record.loadCredentials = async () => this.open(vendor, sealed);
    return record;
  }

  /**
   * Decrypts one vendor's credentials. A failure is raised as `invalid_request` whose message
   * names the vendor and key id. The router logs it for the operator and reports a set-up
   * problem to the family, without sending any provider request.
   */
  private open(vendor: StoredVendor, sealed: SealedCredentials): unknown {
    try {
      return this.vault.open(vendor.id, sealed);
    } catch (error) {
      if (!isCredentialDecryptionError(error)) throw error;
      throw new ConnectorError('invalid_request', error.message, {
        vendorId: vendor.id,
        details: { keyId: error.keyId, reason: error.reason },
        cause: error,
      });
    }
  }
}
