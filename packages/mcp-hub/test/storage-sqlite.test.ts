import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStorageError, MIGRATIONS, openSqliteStorage, type HubStorage } from '../src/index.js';
import { openRawDatabase, temporaryDirectory } from './helpers.js';
import { describeLedgerContract } from './ledger-contract.js';
import { describeStorageContract } from './storage-contract.js';
import { sqliteHarness } from './storage-harness.js';

describeStorageContract(sqliteHarness());
describeLedgerContract(sqliteHarness());

describe('openSqliteStorage', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let file: string;
  const opened: HubStorage[] = [];
  const open = () => {
    const storage = openSqliteStorage({ path: file });
    opened.push(storage);
    return storage;
  };

  beforeEach(() => {
    directory = temporaryDirectory();
    file = join(directory.path, 'hub.sqlite');
  });

  afterEach(async () => {
    for (const storage of opened.splice(0)) await storage.close();
    directory.remove();
  });

  it('upgrades a version-2 file in place', async () => {
    const { db, prepare } = openRawDatabase(file);
    db.exec(MIGRATIONS[0]!.sqlite);
    db.exec(MIGRATIONS[1]!.sqlite);
    db.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, ' +
        'applied_at TEXT NOT NULL)',
    );
    prepare(
      "INSERT INTO schema_migrations VALUES (1, 'one', '2026-01-01'), (2, 'two', '2026-01-02')",
    ).run();
    prepare(
      `INSERT INTO registrations (id, idempotency_key, vendor_id, connector_id, program_id,
         session_id, fingerprint, request_json, booking_mode, expires_at, state, created_at,
         updated_at, retry_not_before)
       VALUES ('reg_old', 'key-00000009', 'aqua-kids', 'bookeo', 'p', 's', 'f', '{}', 'api',
         '2026-07-01T10:30:00.000Z', 'prepared', '2026-07-01T10:00:00.000Z',
         '2026-07-01T10:00:00.000Z', NULL)`,
    ).run();
    db.close();

    const storage = open();
    await storage.vendors.insertVendor({
      id: 'aqua-kids',
      displayName: 'Aqua Kids',
      connector: 'bookeo',
      config: {},
      timeZone: 'UTC',
    });

    expect((await storage.ledger.getRegistration('reg_old'))?.state).toBe('prepared');
    expect((await storage.vendors.getVendor('aqua-kids'))?.version).toBe(1);
    const raw = openRawDatabase(file, { readonly: true });
    const versions = raw.prepare('SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.pluck().all()).toEqual(MIGRATIONS.map((entry) => entry.version));
    raw.db.close();
  });

  it('names a file it cannot open', () => {
    const missing = join(directory.path, 'no-such-folder', 'hub.sqlite');
    let caught: unknown;
    try {
      openSqliteStorage({ path: missing });
    } catch (error) {
      caught = error;
    }

    expect(isStorageError(caught, 'connection_failed')).toBe(true);
    expect((caught as Error).message).toContain(missing);
  });

  it('queues other work behind an open transaction', async () => {
    const storage = open();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inside = new Promise<void>((resolve) => (started = resolve));

    const transaction = storage.vendors.transaction(async (store) => {
      await store.insertVendor({
        id: 'aqua-kids',
        displayName: 'Aqua Kids',
        connector: 'bookeo',
        config: {},
        timeZone: 'UTC',
      });
      started();
      await gate;
      order.push('transaction rolls back');
      throw new Error('abandoned');
    });
    await inside;
    const outside = storage.ledger
      .reserveIdempotencyKey({ idempotencyKey: 'key-1', registrationId: 'reg_1', fingerprint: 'f' })
      .then((result) => {
        order.push('reservation');
        return result;
      });
    const read = storage.vendors.getVendor('aqua-kids').then((found) => {
      order.push('read');
      return found;
    });
    release();

    await expect(transaction).rejects.toThrow('abandoned');
    expect((await outside).kind).toBe('reserved');
    // The read waited for the rollback, so it never saw the uncommitted vendor.
    expect(await read).toBeUndefined();
    expect(order).toEqual(['transaction rolls back', 'reservation', 'read']);
    const again = await storage.ledger.reserveIdempotencyKey({
      idempotencyKey: 'key-1',
      registrationId: 'reg_2',
      fingerprint: 'f',
    });
    expect(again.kind).toBe('pending');
  });
});
