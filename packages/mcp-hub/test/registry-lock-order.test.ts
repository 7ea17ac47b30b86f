import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { startBookeoSandbox, type BookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CredentialVault,
  KeyRing,
  StoredVendorRegistry,
  type HubStorage,
  type VendorInput,
} from '../src/index.js';
import { newKey, SWIM_ACCOUNT } from './registry-harness.js';
import { postgresHarness, postgresUnavailableReason } from './storage-harness.js';

const postgresUnavailable = await postgresUnavailableReason();

/**
 * Registry transactions that touch the same rows in different orders on PostgreSQL. An outside
 * transaction holds one row lock, so the registry transactions queue up in a chosen order and
 * would deadlock if they took their locks in opposite orders.
 */
describe.skipIf(postgresUnavailable)('registry lock order on postgres', () => {
  const storageHarness = postgresHarness();
  const oldKey = newKey('k1');
  const newKeyRing = new KeyRing([newKey('k2'), oldKey]);
  let sandbox: BookeoSandbox;
  let blocker: pg.Client | undefined;

  const registryOver = (storage: HubStorage, keys: KeyRing) =>
    new StoredVendorRegistry({
      store: storage.vendors,
      vault: new CredentialVault(keys),
      connectors: [createBookeoConnector()],
      requestTimeoutMs: 2_000,
    });

  const vendorInput = (id: string): VendorInput => ({
    id,
    displayName: `Vendor ${id}`,
    connector: 'bookeo',
    timeZone: 'UTC',
    config: { baseUrl: sandbox.url },
  });

  /** Polls until `count` sessions of the test's database wait for a lock, for at most 10 s. */
  const waitForLockWaiters = async (count: number) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const rows = await storageHarness.query(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (Number(rows[0]?.waiting) === count) return;
      if (Date.now() > deadline) throw new Error(`No ${count} sessions waited for a lock.`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  /** Resolves to the value or the error of a promise, so both outcomes can be checked. */
  const settle = <T>(promise: Promise<T>) =>
    promise.then(
      (value) => ({ value }),
      (error: unknown) => ({ error: String(error) }),
    );

  beforeAll(async () => {
    sandbox = await startBookeoSandbox();
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  beforeEach(async () => {
    await storageHarness.create();
  });

  afterEach(async () => {
    await blocker?.end();
    blocker = undefined;
    await storageHarness.destroy();
  });

  it('rotates keys beside new credentials', async () => {
    const setUp = registryOver(await storageHarness.open(), new KeyRing([oldKey]));
    const credentials = sandbox.credentials(SWIM_ACCOUNT);
    for (const id of ['first-vendor', 'second-vendor']) {
      await setUp.add(vendorInput(id), 'cli:test');
      await setUp.setCredentials(id, credentials, 'cli:test');
    }
    const rotating = registryOver(await storageHarness.open(), newKeyRing);
    const changing = registryOver(await storageHarness.open(), newKeyRing);

    blocker = new pg.Client({ connectionString: storageHarness.connectionString!() });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query(
      "SELECT 1 FROM vendor_credentials WHERE vendor_id = 'second-vendor' FOR UPDATE",
    );
    const rotation = settle(rotating.rotateKeys('cli:rotate'));
    await waitForLockWaiters(1);
    const newCredentials = { ...credentials, apiKey: 'REPLACED-KEY-0001' };
    const change = settle(changing.setCredentials('first-vendor', newCredentials, 'cli:b'));
    await waitForLockWaiters(2);
    await blocker.query('COMMIT');

    expect(await rotation).toEqual({ value: { resealed: 2, keyId: 'k2' } });
    const changed = await change;
    expect(changed).toHaveProperty('value');
    const stored = await rotating.show('first-vendor');
    expect(stored.credentials?.keyId).toBe('k2');
    expect(stored.credentials?.fingerprint).toBe(
      'value' in changed ? changed.value.credentials?.fingerprint : undefined,
    );
  });
});
