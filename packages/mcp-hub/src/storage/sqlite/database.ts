import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import { StorageError } from '../errors.js';
import { migrateSqlite } from './migrate.js';

/** Connection whose asynchronous transaction the current async context runs inside. */
const activeTransaction = new AsyncLocalStorage<SqliteDatabase>();

/** Options of {@link SqliteDatabase.open}. */
export interface SqliteDatabaseOptions {
  /** How long a write waits for another connection's lock, in milliseconds. */
  busyTimeoutMs?: number;
  /** Clock of the `applied_at` column of migrations. */
  now: () => Date;
}

/**
 * One better-sqlite3 connection shared by the ledger and the vendor store, in WAL mode and
 * migrated to the latest schema.
 *
 * better-sqlite3 runs each statement synchronously, so a synchronous transaction cannot
 * interleave with other work. An asynchronous transaction (`transaction`) stays open across
 * awaits, so every operation on the connection goes through `exclusive`, which queues it
 * behind an open asynchronous transaction. Other processes are kept apart by SQLite's file
 * lock, which `BEGIN IMMEDIATE` takes.
 */
export class SqliteDatabase {
  private readonly statements = new Map<string, Database.Statement>();
  private queue: Promise<void> = Promise.resolve();

  private constructor(readonly db: Database.Database) {}

  /** Opens (creating if needed) the database file and applies pending migrations. */
  static open(path: string, options: SqliteDatabaseOptions): SqliteDatabase {
    let db: Database.Database;
    try {
      db = new Database(path);
    } catch (error) {
      throw new StorageError(
        'connection_failed',
        `Could not open the SQLite database "${path}": ${(error as Error).message}. ` +
          'Check that the directory exists and is writable.',
        { cause: error },
      );
    }
    try {
      // exec() runs PRAGMAs without keeping Statement objects alive.
      db.exec(`PRAGMA busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5_000)}`);
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA foreign_keys = ON');
      migrateSqlite(db, options.now);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteDatabase(db);
  }

  /** Whether the connection is still open. */
  get open(): boolean {
    return this.db.open;
  }

  /** Returns the connection's prepared statement for `sql`, preparing it on first use. */
  statement(sql: string): Database.Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      prepared = this.db.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  /**
   * Runs `task` once no asynchronous transaction of another caller is open on the connection.
   * Inside a transaction's own async context, `task` runs at once.
   */
  exclusive<T>(task: () => T | Promise<T>): Promise<T> {
    if (activeTransaction.getStore() === this) return Promise.resolve().then(task);
    const result = this.queue.then(task);
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /**
   * Runs `fn` inside `BEGIN IMMEDIATE` … `COMMIT`, rolling back when it throws. A call from
   * inside `fn` joins the open transaction.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (activeTransaction.getStore() === this) return fn();
    return this.exclusive(() =>
      activeTransaction.run(this, async () => {
        this.db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn();
          this.db.exec('COMMIT');
          return result;
        } catch (error) {
          if (this.db.inTransaction) this.db.exec('ROLLBACK');
          throw error;
        }
      }),
    );
  }

  /** Closes the connection once queued work has finished; closing twice is harmless. */
  async close(): Promise<void> {
    await this.queue;
    if (this.db.open) this.db.close();
  }
}
