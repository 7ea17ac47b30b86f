import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Server that tests create their databases on: `DATABASE_URL` (CI sets it to a throwaway
 * database) or the local `test` database, trust authentication as user postgres.
 */
const BASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** A database of one test file, dropped by `drop()`. */
export interface ThrowawayDatabase {
  url: string;
  /** Runs SQL in the database, for checks and to tamper with rows. */
  query<Row extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<Row[]>;
  drop(): Promise<void>;
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    const { host } = new URL(url);
    throw new Error(
      `PostgreSQL at ${host} is not reachable (${(error as Error).message}): start it, ` +
        'or set DATABASE_URL to a server where the user may create databases.',
    );
  }
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database with a random name on the test server. */
export async function createThrowawayDatabase(): Promise<ThrowawayDatabase> {
  const name = `hub_server_test_${randomBytes(6).toString('hex')}`;
  await withClient(BASE_URL, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    query: async <Row extends pg.QueryResultRow>(sql: string, values?: unknown[]) =>
      (await withClient(url.toString(), (client) => client.query<Row>(sql, values))).rows,
    drop: () =>
      withClient(BASE_URL, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}
