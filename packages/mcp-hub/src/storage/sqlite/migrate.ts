import type Database from 'better-sqlite3';
import { StorageError } from '../errors.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, schemaTooNewMessage } from '../migrations.js';

/**
 * Applies the migrations the SQLite database lacks, each in its own `BEGIN IMMEDIATE`
 * transaction so that two processes opening one file at once cannot apply a migration twice.
 * Returns the versions applied, and raises `schema_too_new` when the database is newer than
 * this code.
 */
export function migrateSqlite(db: Database.Database, now: () => Date): number[] {
  db.exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )
  `);
  const current = db.prepare('SELECT MAX(version) AS version FROM schema_migrations');
  const found = (current.get() as { version: number | null }).version ?? 0;
  if (found > LATEST_SCHEMA_VERSION) {
    throw new StorageError('schema_too_new', schemaTooNewMessage(found));
  }

  const applied: number[] = [];
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  for (const migration of MIGRATIONS) {
    const apply = db.transaction(() => {
      if (isApplied.get(migration.version)) return;
      db.exec(migration.sqlite);
      record.run(migration.version, migration.name, now().toISOString());
      applied.push(migration.version);
    });
    apply.immediate();
  }
  return applied;
}
