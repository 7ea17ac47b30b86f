import type { Clock } from '@signupassist/contract';
import { PostgresLedger } from '../../ledger/postgres-ledger.js';
import type { HubStorage, PostgresStorageOptions } from '../types.js';
import { migratePostgres } from './migrate.js';
import { PostgresPaymentStore } from './payment-store.js';
import { PostgresPool } from './pool.js';
import { PostgresVendorStore } from './vendor-store.js';

const systemClock: Clock = { now: () => new Date() };

/** The hub's storage in a PostgreSQL database: ledger, vendor and payment stores share one pool. */
export interface PostgresStorage extends HubStorage {
  readonly kind: 'postgres';
  readonly ledger: PostgresLedger;
  readonly vendors: PostgresVendorStore;
  readonly payments: PostgresPaymentStore;
}

/**
 * Connects to the PostgreSQL database at `connectionString` and applies pending migrations
 * under an advisory lock, so several hub processes may start together. Raises a
 * `StorageError`: `invalid` for a string that is not a PostgreSQL URL, `connection_failed`
 * when the server cannot be reached or rejects the login (the message names the server
 * without the password), and `schema_too_new` when a newer release migrated the database.
 */
export async function openPostgresStorage(
  options: PostgresStorageOptions,
): Promise<PostgresStorage> {
  const clock = options.clock ?? systemClock;
  const database = new PostgresPool({
    connectionString: options.connectionString,
    poolSize: options.poolSize ?? 10,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    logger: options.logger,
  });
  try {
    await database.withClient((client) => migratePostgres(client, () => clock.now()));
  } catch (error) {
    await database.end();
    throw error;
  }

  const ledger = new PostgresLedger(database, {
    clock,
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
  });
  return {
    kind: 'postgres',
    ledger,
    vendors: new PostgresVendorStore(database, clock),
    payments: new PostgresPaymentStore(database, clock),
    close: () => database.end(),
  };
}
