import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { startBookeoSandbox, type BookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type {
  KeyRing} from '../src/index.js';
import {
  CredentialVault,
  openSqliteStorage,
  StoredVendorRegistry,
  type HubStorage,
  type VendorInput,
  type VendorRegistryOptions,
} from '../src/index.js';
import { RecordingLogger, temporaryDirectory } from './helpers.js';

/** Sandbox accounts of the demo seed. */
export const SWIM_ACCOUNT = 'RIVERSIDESWIM';
export const CAMP_ACCOUNT = 'PRAIRIECAMP';

/** A fresh 32-byte key under the given id. */
export function newKey(id: string): { id: string; key: Buffer } {
  return { id, key: randomBytes(32) };
}

/** What a registry test works with. */
export interface RegistryHarness {
  readonly sandbox: BookeoSandbox;
  readonly logger: RecordingLogger;
  /** Path of the test's SQLite file. */
  readonly databasePath: string;
  /** Opens a storage connection to the test's database; it is closed after the test. */
  openStorage(): HubStorage;
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
 * Registers the hooks of a registry test: one Bookeo sandbox for the file, reset before each
 * test, and a fresh directory, database file and logger per test.
 */
export function useRegistryHarness(): RegistryHarness {
  let sandbox: BookeoSandbox | undefined;
  let directory: ReturnType<typeof temporaryDirectory> | undefined;
  let logger = new RecordingLogger();
  const opened: HubStorage[] = [];

  beforeAll(async () => {
    sandbox = await startBookeoSandbox();
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  beforeEach(() => {
    sandbox?.reset();
    directory = temporaryDirectory();
    logger = new RecordingLogger();
  });

  afterEach(async () => {
    for (const storage of opened.splice(0)) await storage.close();
    directory?.remove();
  });

  const harness: RegistryHarness = {
    get sandbox() {
      if (!sandbox) throw new Error('The sandbox starts in beforeAll.');
      return sandbox;
    },
    get logger() {
      return logger;
    },
    get databasePath() {
      if (!directory) throw new Error('The directory is made in beforeEach.');
      return join(directory.path, 'hub.sqlite');
    },
    openStorage() {
      const storage = openSqliteStorage({ path: harness.databasePath });
      opened.push(storage);
      return storage;
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
