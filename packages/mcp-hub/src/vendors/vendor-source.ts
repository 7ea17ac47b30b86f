import { ConnectorError, type CapabilityOverrides } from '@signupassist/contract';
import type { VendorPayments } from '../payments/config.js';

/**
 * Whether a vendor takes part: only `live` vendors are searched and booked. `paused` keeps the
 * vendor configured but hidden, and `draft` marks one still being set up.
 */
export type VendorStatus = 'live' | 'paused' | 'draft';

/** One vendor (a swim school, a camp) as the hub stores it. */
export interface VendorRecord {
  /** Stable vendor id, used in tool calls and the ledger. */
  id: string;
  displayName: string;
  /** Id of the connector that serves the vendor, e.g. `bookeo`. */
  connector: string;
  /** IANA time zone of the vendor. */
  timeZone: string;
  status: VendorStatus;
  /** Connector config, checked against the connector's `configSchema` before each call. */
  config: unknown;
  /**
   * Plaintext credentials, checked against the connector's `credentialsSchema` per call. Unused
   * when `loadCredentials` is set.
   */
  credentials?: unknown;
  /**
   * Loads the credentials for one provider call, e.g. by decrypting them, so that the plaintext
   * exists only for that call. When set, the router calls it before every connector operation
   * and ignores `credentials`. A rejection fails that call before any provider request is sent.
   */
  loadCredentials?: () => Promise<unknown>;
  /** Capabilities the vendor narrows, e.g. `{ holds: 'absent' }`. */
  capabilityOverrides?: CapabilityOverrides;
  /**
   * Payment settings, parsed with `VendorPaymentsSchema`: the success fee policy and optional
   * Stripe Connect settings. Absent means the hub charges no success fee for this vendor.
   */
  payments?: VendorPayments;
  /**
   * Problems a vendor source found in this record, for the operator. The router does not route
   * a vendor that has any, and `Hub.checkVendors()` lists them.
   */
  problems?: string[];
}

/**
 * Source of vendor records. Implementations may read a file, a database or memory; the
 * hub calls them on every operation, so they should cache what is expensive to read.
 */
export interface VendorSource {
  /** Lists every vendor, whatever its status. */
  listVendors(): Promise<VendorRecord[]>;
  /** Returns one vendor, or `undefined` when no vendor has that id. */
  getVendor(id: string): Promise<VendorRecord | undefined>;
}

/** A vendor source over a fixed list, for tests and programmatic set-up. */
export class StaticVendorSource implements VendorSource {
  private readonly records: ReadonlyMap<string, VendorRecord>;

  /** Stores the records; a duplicate vendor id is an error. */
  constructor(records: readonly VendorRecord[]) {
    const byId = new Map<string, VendorRecord>();
    for (const record of records) {
      if (byId.has(record.id)) {
        throw new ConnectorError(
          'invalid_request',
          `Duplicate vendor id "${record.id}": give each vendor its own id.`,
        );
      }
      byId.set(record.id, record);
    }
    this.records = byId;
  }

  /** Lists every vendor in the order given. */
  async listVendors(): Promise<VendorRecord[]> {
    return [...this.records.values()];
  }

  /** Returns the vendor with that id, if any. */
  async getVendor(id: string): Promise<VendorRecord | undefined> {
    return this.records.get(id);
  }
}
