import { POSTGRES_SCHEMA } from './postgres/schema.js';
import { SQLITE_SCHEMA } from './sqlite/schema.js';

/**
 * One schema change, applied once per database and recorded in `schema_migrations`. Both
 * engines share the version numbers and differ only in column types.
 */
export interface Migration {
  version: number;
  name: string;
  /** Statements for SQLite. */
  sqlite: string;
  /** Statements for PostgreSQL. */
  postgres: string;
}

const NAMES: readonly string[] = [
  'create registrations',
  'add retry times and idempotency key reservations',
  'create vendors, sealed credentials and the vendor audit log',
  'create payments and Stripe events, add vendor payment settings',
];

/** Schema changes in order; a change to a released migration needs a new version instead. */
export const MIGRATIONS: readonly Migration[] = NAMES.map((name, index) => {
  const version = index + 1;
  return {
    version,
    name,
    sqlite: SQLITE_SCHEMA[version]!,
    postgres: POSTGRES_SCHEMA[version]!,
  };
});

/** Highest schema version this release can migrate to. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

/** Message of the error raised when a database was migrated by a newer release. */
export function schemaTooNewMessage(found: number): string {
  return (
    `The database has schema version ${found}, and this hub knows up to ` +
    `${LATEST_SCHEMA_VERSION}. Upgrade @signupassist/mcp-hub before opening it.`
  );
}
