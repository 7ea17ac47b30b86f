import type pg from 'pg';
import { StorageError } from '../errors.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, schemaTooNewMessage } from '../migrations.js';

/**
 * Key of the transaction-level advisory lock that migrations take, so that two processes
 * starting together apply each migration once. The value is arbitrary but fixed: "SAHM".
 */
export const MIGRATION_LOCK_KEY = 0x5341484d;

/**
 * Applies the migrations the PostgreSQL database lacks, in one transaction under an advisory
 * lock. PostgreSQL runs DDL inside transactions, so a failed migration leaves no trace.
 * Returns the versions applied, and raises `schema_too_new` when the database is newer than
 * this code.
 */
export async function migratePostgres(client: pg.PoolClient, now: () => Date): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL
      )
    `);
    const current = await client.query<{ version: number }>(
      'SELECT version FROM schema_migrations',
    );
    const done = new Set(current.rows.map((row) => row.version));
    const found = Math.max(0, ...done);
    if (found > LATEST_SCHEMA_VERSION) {
      throw new StorageError('schema_too_new', schemaTooNewMessage(found));
    }

    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await client.query(migration.postgres);
      await client.query(
        'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
        [migration.version, migration.name, now().toISOString()],
      );
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
