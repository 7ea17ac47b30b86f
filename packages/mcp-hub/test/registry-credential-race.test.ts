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
 * A verification and a credential change that commit at nearly the same moment on PostgreSQL.
 * An outside transaction holds the row lock of the change stamp, which every registry write
 * takes, so both registry transactions are open together when it commits.
 */
describe.skipIf(postgresUnavailable)('verify raced by set-credentials on postgres', () => {
  const storageHarness = postgresHarness();
  const keys = new KeyRing([newKey('k1')]);
  let sandbox: BookeoSandbox;
  let blocker: pg.Client | undefined;

  const registryOver = (storage: HubStorage) =>
    new StoredVendorRegistry({
      store: storage.vendors,
      vault: new CredentialVault(keys),
      connectors: [createBookeoConnector()],
      requestTimeoutMs: 2_000,
    });

  /** Counts this database's sessions that wait for a lock. */
  const lockWaiters = async () => {
    const rows = await storageHarness.query(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return Number(rows[0]?.waiting);
  };

  /** Polls until `count` sessions wait for a lock, for at most 10 seconds. */
  const waitForLockWaiters = async (count: number) => {
    const deadline = Date.now() + 10_000;
    while ((await lockWaiters()) !== count) {
      if (Date.now() > deadline) throw new Error(`No ${count} sessions waited for a lock.`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

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

  it('never leaves new credentials verified', async () => {
    const business = sandbox.businesses.find((item) => item.accountId === SWIM_ACCOUNT)!;
    const input: VendorInput = {
      id: 'riversideswim',
      displayName: business.name,
      connector: 'bookeo',
      timeZone: business.timeZone,
      config: { baseUrl: sandbox.url },
    };
    const verifying = registryOver(await storageHarness.open());
    const changing = registryOver(await storageHarness.open());
    await verifying.add(input, 'cli:test');
    const valid = await verifying.setCredentials(
      'riversideswim',
      sandbox.credentials(SWIM_ACCOUNT),
      'cli:test',
    );

    blocker = new pg.Client({ connectionString: storageHarness.connectionString!() });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT counter FROM vendor_changes WHERE id = 1 FOR UPDATE');

    const newCredentials = { ...sandbox.credentials(SWIM_ACCOUNT), apiKey: 'UNVERIFIED-KEY-01' };
    const change = changing.setCredentials('riversideswim', newCredentials, 'cli:b').then(
      (view) => ({ view }),
      (error: unknown) => ({ error }),
    );
    await waitForLockWaiters(1);
    const verification = verifying.verify('riversideswim', 'cli:a').then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    await waitForLockWaiters(2);
    await blocker.query('COMMIT');
    const changed = await change;
    const verified = await verification;

    const finalView = await verifying.show('riversideswim');
    expect(changed).toHaveProperty('view');
    expect(verified).toMatchObject({ error: { code: 'conflict' } });
    expect(finalView.credentials?.fingerprint).not.toBe(valid.credentials?.fingerprint);
    expect(finalView.status).toBe('draft');
    expect(finalView.lastVerification).toBeUndefined();
  });
});
