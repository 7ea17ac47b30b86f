import type { Clock } from '@signupassist/contract';
import { SqliteLedger } from '../../ledger/sqlite-ledger.js';
import type { HubStorage, SqliteStorageOptions } from '../types.js';
import { SqliteDatabase } from './database.js';
import { SqlitePaymentStore } from './payment-store.js';
import { SqliteVendorStore } from './vendor-store.js';

const systemClock: Clock = { now: () => new Date() };

/** The hub's storage in one SQLite file: ledger, vendor and payment stores share one connection. */
export interface SqliteStorage extends HubStorage {
  readonly kind: 'sqlite';
  readonly ledger: SqliteLedger;
  readonly vendors: SqliteVendorStore;
  readonly payments: SqlitePaymentStore;
}

/**
 * Opens the hub's storage in the SQLite file at `path`, creating the file and applying pending
 * migrations. Several processes may open one file: WAL mode and `BEGIN IMMEDIATE`
 * transactions keep their writes apart. Raises a `StorageError` with code `connection_failed`
 * when the file cannot be opened, and `schema_too_new` when a newer release migrated it.
 */
export function openSqliteStorage(options: SqliteStorageOptions): SqliteStorage {
  const clock = options.clock ?? systemClock;
  const database = SqliteDatabase.open(options.path, {
    now: () => clock.now(),
    ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
  });
  const ledger = new SqliteLedger(database, {
    clock,
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
  });
  return {
    kind: 'sqlite',
    ledger,
    vendors: new SqliteVendorStore(database, clock),
    payments: new SqlitePaymentStore(database, clock),
    close: () => database.close(),
  };
}
