import pg from 'pg';
import type { HubLogger } from '../../logging.js';
import { StorageError } from '../errors.js';

/** Anything that runs a query: the pool, or one client inside a transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** Options of {@link createPool}. */
export interface PoolOptions {
  connectionString: string;
  poolSize: number;
  connectTimeoutMs: number;
  logger: HubLogger | undefined;
}

/**
 * A `pg` pool that names the server, without the password, in every connection error. Raises
 * `invalid` for a connection string that is not a `postgres://` or `postgresql://` URL.
 */
export class PostgresPool {
  readonly pool: pg.Pool;
  /** The connection URL with its password replaced by `***`, for messages and logs. */
  readonly target: string;

  constructor(private readonly options: PoolOptions) {
    this.target = redactConnectionString(options.connectionString);
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize,
      connectionTimeoutMillis: options.connectTimeoutMs,
      application_name: 'signupassist-hub',
    });
    // Without a listener, an idle client that the server closes would crash the process with
    // an unhandled 'error' event. The pool drops that client and opens a new one when needed.
    this.pool.on('error', (error) => {
      options.logger?.warn(
        { database: this.target, errorMessage: this.scrub(error.message) },
        'An idle PostgreSQL connection failed and was dropped from the pool.',
      );
    });
  }

  /** Takes a client from the pool; a failed connection raises `connection_failed`. */
  async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw this.connectionFailed(error);
    }
  }

  /** Runs `fn` with a pooled client and releases it afterwards. */
  async withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  }

  /**
   * Runs `fn` inside `BEGIN` … `COMMIT` on one client, rolling back when it throws. A client
   * whose rollback fails is closed instead of going back to the pool.
   */
  async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError as Error;
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** Closes every connection of the pool; closing twice is harmless. */
  async end(): Promise<void> {
    if (this.pool.ended) return;
    await this.pool.end();
  }

  private connectionFailed(error: unknown): StorageError {
    const reason = error instanceof Error ? this.scrub(error.message) : String(error);
    return new StorageError(
      'connection_failed',
      `Could not connect to PostgreSQL at ${this.target} (DATABASE_URL): ${reason}. Check ` +
        'that the server is running and that DATABASE_URL names the right host, port, ' +
        'database, user and password.',
      { cause: error },
    );
  }

  /** Removes the passwords from a driver message, in case the driver quoted them. */
  private scrub(message: string): string {
    let scrubbed = message;
    for (const password of passwordsOf(this.options.connectionString)) {
      scrubbed = scrubbed.split(password).join('***');
    }
    return scrubbed;
  }
}

/**
 * Returns the connection URL with its password replaced by `***`. Raises `invalid` for a
 * string that is not a `postgres://` or `postgresql://` URL, without echoing it.
 */
export function redactConnectionString(connectionString: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw invalidConnectionString();
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw invalidConnectionString();
  }
  if (url.password) url.password = '***';
  for (const name of SECRET_PARAMETERS) {
    if (url.searchParams.has(name)) url.searchParams.set(name, '***');
  }
  return url.toString();
}

/**
 * Query parameters that carry a secret: the `pg` driver (through pg-connection-string) takes
 * every query parameter as a connection setting, so `?password=` works like the URL's password.
 */
const SECRET_PARAMETERS = ['password', 'sslpassword'];

/** Returns the non-empty passwords of a connection URL, from its user info and its query. */
function passwordsOf(connectionString: string): string[] {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return [];
  }
  const passwords: string[] = [];
  try {
    passwords.push(decodeURIComponent(url.password));
  } catch {
    passwords.push(url.password);
  }
  for (const name of SECRET_PARAMETERS) passwords.push(...url.searchParams.getAll(name));
  return passwords.filter((password) => password !== '');
}

function invalidConnectionString(): StorageError {
  return new StorageError(
    'invalid',
    'DATABASE_URL is not a PostgreSQL connection URL. Use the form ' +
      'postgres://USER:PASSWORD@HOST:5432/DATABASE.',
  );
}
