import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import {
  openPostgresStorage,
  openSqliteStorage,
  type HubStorage,
  type StorageKind,
  type StorageOptions,
} from '../src/index.js';
import { openRawDatabase, temporaryDirectory } from './helpers.js';

/**
 * One engine as the storage and ledger suites see it. `create` makes an empty database for
 * one test; `open` connects to it, and each call opens new connections, as another hub
 * process would.
 */
export interface StorageHarness {
  kind: StorageKind;
  create(): Promise<void>;
  open(options?: StorageOptions): Promise<HubStorage>;
  /** Runs one statement on a connection of its own, outside the storage API. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Runs a script of several statements on a connection of its own, such as a migration. */
  script(sql: string): Promise<void>;
  /** Versions listed in `schema_migrations`, ascending. */
  schemaVersions(): Promise<number[]>;
  /** Closes what `open` opened and drops the database. */
  destroy(): Promise<void>;
  /** Connection string of the test's PostgreSQL database; SQLite harnesses have none. */
  connectionString?(): string;
}

/** Storage in a fresh SQLite file per test. */
export function sqliteHarness(): StorageHarness {
  let directory: ReturnType<typeof temporaryDirectory> | undefined;
  const opened: HubStorage[] = [];
  const file = () => join(directory!.path, 'hub.sqlite');

  return {
    kind: 'sqlite',
    async create() {
      directory = temporaryDirectory();
    },
    async open(options = {}) {
      const storage = openSqliteStorage({ path: file(), ...options });
      opened.push(storage);
      return storage;
    },
    async query(sql) {
      const { db } = openRawDatabase(file());
      try {
        const statement = db.prepare(sql);
        if (statement.reader) return statement.all() as Record<string, unknown>[];
        statement.run();
        return [];
      } finally {
        db.close();
      }
    },
    async script(sql) {
      const { db } = openRawDatabase(file());
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
    },
    async schemaVersions() {
      const { db, prepare } = openRawDatabase(file(), { readonly: true });
      try {
        return prepare('SELECT version FROM schema_migrations ORDER BY version')
          .pluck()
          .all() as number[];
      } finally {
        db.close();
      }
    },
    async destroy() {
      for (const storage of opened.splice(0)) await storage.close();
      directory?.remove();
    },
  };
}

/**
 * Server the PostgreSQL suites create their databases on: `DATABASE_URL`, else the local
 * `test` database with trust authentication.
 */
export const POSTGRES_SERVER_URL =
  process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Checks that the PostgreSQL server accepts a connection, and returns the reason when it does
 * not. With `CI=true` an unreachable server raises instead, so CI cannot pass without it.
 */
export async function postgresUnavailableReason(): Promise<string | undefined> {
  const client = new pg.Client({
    connectionString: POSTGRES_SERVER_URL,
    connectionTimeoutMillis: 5_000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    const reason = `PostgreSQL at ${redacted(POSTGRES_SERVER_URL)} is not reachable: ${(error as Error).message}`;
    if (process.env.CI === 'true') throw new Error(`${reason}. CI needs it for the storage tests.`);
    return reason;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Storage in a fresh PostgreSQL database per test, `signupassist_test_<random>`. */
export function postgresHarness(): StorageHarness {
  let name: string | undefined;
  const opened: HubStorage[] = [];
  const url = () => databaseUrl(name!);

  return {
    kind: 'postgres',
    async create() {
      name = `signupassist_test_${randomBytes(6).toString('hex')}`;
      await runOn(POSTGRES_SERVER_URL, `CREATE DATABASE ${name}`);
    },
    async open(options = {}) {
      const storage = await openPostgresStorage({ connectionString: url(), ...options });
      opened.push(storage);
      return storage;
    },
    query: (sql) => runOn(url(), sql),
    // Without parameters, pg sends the simple query protocol, which runs several statements.
    script: async (sql) => {
      await runOn(url(), sql);
    },
    connectionString: url,
    async schemaVersions() {
      const rows = await runOn(url(), 'SELECT version FROM schema_migrations ORDER BY version');
      return rows.map((row) => Number(row.version));
    },
    async destroy() {
      for (const storage of opened.splice(0)) await storage.close();
      if (name === undefined) return;
      await runOn(POSTGRES_SERVER_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      name = undefined;
    },
  };
}

/** Returns the server's URL with its database name replaced by `name`. */
export function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function runOn(url: string, sql: string): Promise<pg.QueryResultRow[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

function redacted(connectionString: string): string {
  const url = new URL(connectionString);
  if (url.password) url.password = '***';
  return url.toString();
}
