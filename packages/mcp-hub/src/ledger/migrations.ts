import type Database from 'better-sqlite3';

/** One schema change, applied once and recorded in `schema_migrations`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Schema changes in order; a change to a released migration needs a new version instead. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'create registrations',
    sql: `
      CREATE TABLE registrations (
        id TEXT PRIMARY KEY,
        idempotency_key TEXT NOT NULL UNIQUE,
        vendor_id TEXT NOT NULL,
        connector_id TEXT NOT NULL,
        program_id TEXT NOT NULL,
        session_id TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        request_json TEXT NOT NULL,
        booking_mode TEXT NOT NULL CHECK (booking_mode IN ('api', 'handoff')),
        quote_json TEXT,
        hold_json TEXT,
        expires_at TEXT NOT NULL,
        state TEXT NOT NULL
          CHECK (state IN ('prepared', 'booking', 'booked', 'failed', 'cancelled')),
        claim_id TEXT,
        claimed_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        receipt_json TEXT,
        cancellation_json TEXT,
        error_code TEXT,
        error_message TEXT,
        error_retryable INTEGER,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX registrations_vendor_created ON registrations (vendor_id, created_at);
      CREATE TABLE registration_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        registration_id TEXT NOT NULL REFERENCES registrations (id),
        at TEXT NOT NULL,
        type TEXT NOT NULL,
        state TEXT NOT NULL,
        error_code TEXT,
        attempt INTEGER
      );
      CREATE INDEX registration_events_registration ON registration_events (registration_id, id);
    `,
  },
  {
    version: 2,
    name: 'add retry times and idempotency key reservations',
    sql: `
      ALTER TABLE registrations ADD COLUMN retry_not_before TEXT;
      CREATE TABLE idempotency_reservations (
        idempotency_key TEXT PRIMARY KEY,
        registration_id TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        reserved_at TEXT NOT NULL
      );
    `,
  },
];

/**
 * Applies the migrations the database lacks, each in its own `BEGIN IMMEDIATE` transaction so
 * that two processes opening one file at once cannot apply a migration twice. Returns the
 * versions applied. Throws when the database is newer than this code. Statements come from
 * `statement`, so the caller decides how long they live.
 */
export function migrate(
  db: Database.Database,
  statement: (sql: string) => Database.Statement,
  now: () => Date,
): number[] {
  db.exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )
  `);
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  const current = statement('SELECT MAX(version) AS version FROM schema_migrations');
  const found = (current.get() as { version: number | null }).version ?? 0;
  if (found > latest) {
    throw new Error(
      `The ledger database has schema version ${found}, and this hub knows up to ${latest}. ` +
        'Upgrade @signupassist/mcp-hub before opening it.',
    );
  }

  const applied: number[] = [];
  const record = statement(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  const isApplied = statement('SELECT 1 FROM schema_migrations WHERE version = ?');
  for (const migration of MIGRATIONS) {
    const apply = db.transaction(() => {
      if (isApplied.get(migration.version)) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now().toISOString());
      applied.push(migration.version);
    });
    apply.immediate();
  }
  return applied;
}
