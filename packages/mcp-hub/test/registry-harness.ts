import { randomBytes } from 'node:crypto';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { startBookeoSandbox, type BookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import {
  CredentialVault,
  StoredVendorRegistry,
  type HubStorage,
  type KeyRing,
  type StorageKind,
  type VendorInput,
  type VendorRegistryOptions,
} from '../src/index.js';
import { RecordingLogger } from './helpers.js';
import {
  postgresHarness,
  postgresUnavailableReason,
  sqliteHarness,
  type StorageHarness,
} from './storage-harness.js';

// With CI=true an unreachable PostgreSQL raises here; elsewhere its suites are left out.
const postgresUnavailable = await postgresUnavailableReason();
if (postgresUnavailable) {
  console.warn(`Running the registry tests on SQLite only: ${postgresUnavailable}`);
}

/** Storage engines the registry tests run on: SQLite, and PostgreSQL when it is reachable. */
export const REGISTRY_ENGINES: { kind: StorageKind; create: () => StorageHarness }[] = [
  { kind: 'sqlite', create: sqliteHarness },
  ...(postgresUnavailable ? [] : [{ kind: 'postgres' as const, create: postgresHarness }]),
];

/**
 * SQL that swaps the sealed parts of two vendors' credential rows, valid on both engines; the
 * key id and fingerprint stay with their vendor.
 */
export function swapCredentialsSql(first: string, second: string): string {
  return `
    UPDATE vendor_credentials
       SET iv = other.iv, auth_tag = other.auth_tag, ciphertext = other.ciphertext
      FROM (SELECT vendor_id, iv, auth_tag, ciphertext FROM vendor_credentials) AS other
     WHERE (vendor_credentials.vendor_id = '${first}' AND other.vendor_id = '${second}')
        OR (vendor_credentials.vendor_id = '${second}' AND other.vendor_id = '${first}')`;
}

/** Sandbox accounts of the demo seed. */
export const SWIM_ACCOUNT = 'RIVERSIDESWIM';
export const CAMP_ACCOUNT = 'PRAIRIECAMP';

/** Creates a random 32-byte key under the given id. */
export function newKey(id: string): { id: string; key: Buffer } {
  return { id, key: randomBytes(32) };
}

/** What a registry test works with. */
export interface RegistryHarness {
  readonly sandbox: BookeoSandbox;
  readonly logger: RecordingLogger;
  /** Opens new connections to the test's database, as another process would. */
  openStorage(): Promise<HubStorage>;
  /** Runs one SQL statement on the test's database, outside the storage API. */
  execute(sql: string): Promise<void>;
  /** Creates a registry over a storage connection with a fresh Bookeo connector. */
  registryWith(
    storage: HubStorage,
    keys: KeyRing,
    options?: Partial<VendorRegistryOptions>,
  ): StoredVendorRegistry;
  /** Settings of a vendor for one sandbox business. */
  vendorInput(accountId: string, id?: string): VendorInput;
}

/**
 * Registers the hooks of a registry test: one Bookeo sandbox for the enclosing suite, reset
 * before each test, and a fresh database of the engine and a fresh logger per test.
 */
export function useRegistryHarness(createStorage: () => StorageHarness): RegistryHarness {
  let sandbox: BookeoSandbox | undefined;
  let logger = new RecordingLogger();
  const storage = createStorage();

  beforeAll(async () => {
    sandbox = await startBookeoSandbox();
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  beforeEach(async () => {
    sandbox?.reset();
    logger = new RecordingLogger();
    await storage.create();
  });

  afterEach(async () => {
    await storage.destroy();
  });

  const harness: RegistryHarness = {
    get sandbox() {
      if (!sandbox) throw new Error('The sandbox starts in beforeAll.');
      return sandbox;
    },
    get logger() {
      return logger;
    },
    openStorage: () => storage.open(),
    execute: async (sql) => {
      await storage.query(sql);
    },
    registryWith(storage, keys, options = {}) {
      return new StoredVendorRegistry({
        store: storage.vendors,
        vault: new CredentialVault(keys),
        connectors: [createBookeoConnector()],
        logger,
        requestTimeoutMs: 2_000,
        ...options,
      });
    },
    vendorInput(accountId, id = accountId.toLowerCase()) {
      const business = harness.sandbox.businesses.find((item) => item.accountId === accountId);
      if (!business) throw new Error(`The sandbox has no business ${accountId}.`);
      return {
        id,
        displayName: business.name,
        connector: 'bookeo',
        timeZone: business.timeZone,
        config: { baseUrl: harness.sandbox.url },
      };
    },
  };
  return harness;
}

/**
 * Everything the registry stores, for "nothing written" checks: vendor rows, sealed credential
 * rows, the audit log of the given vendors and the change stamp.
 */
export async function storedState(storage: HubStorage, vendorIds: readonly string[]) {
  const vendors = await storage.vendors.listVendors();
  const credentials = await storage.vendors.listAllCredentials();
  const audit = await Promise.all(vendorIds.map((id) => storage.vendors.listAudit(id)));
  return {
    vendors: JSON.stringify(vendors),
    credentials: JSON.stringify(
      credentials.map((row) => ({
        ...row,
        iv: Buffer.from(row.iv).toString('base64'),
        authTag: Buffer.from(row.authTag).toString('base64'),
        ciphertext: Buffer.from(row.ciphertext).toString('base64'),
      })),
    ),
    audit: JSON.stringify(audit),
    stamp: await storage.vendors.changeStamp(),
  };
}
