import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  ConnectorError,
  type BookingReceipt,
  type CancellationResult,
  type Clock,
} from '@signupassist/contract';
import { SqliteDatabase } from '../storage/sqlite/database.js';
import { fromRow, parseJsonText, type RegistrationRow } from './rows.js';
import {
  BOOKED_SQL,
  CANCELLED_SQL,
  CLAIM_SQL,
  FAILED_SQL,
  INSERT_PREPARED_SQL,
  RESERVE_SQL,
  TAKE_OVER_RESERVATION_SQL,
} from './sql.js';
import type {
  CancelOutcome,
  ClaimResult,
  InsertResult,
  KeyReservation,
  LedgerEvent,
  NewRegistration,
  RegistrationLedger,
  RegistrationRecord,
  RegistrationState,
  ReserveResult,
  StoredError,
} from './types.js';

/** Default age after which a booking claim or a key reservation may be taken over, in ms. */
export const DEFAULT_LEASE_MS = 2 * 60_000;

/** Options of {@link openSqliteLedger}. */
export interface SqliteLedgerOptions {
  /** Source of timestamps and lease expiry; a fake clock in tests. */
  clock?: Clock;
  /**
   * Age after which a `booking` claim or a key reservation counts as abandoned, because its
   * process crashed, and may be taken over, in milliseconds (default 2 minutes). `createHub`
   * rejects a ledger whose lease is shorter than twice its operation deadline.
   */
  leaseMs?: number;
  /** How long a write waits for another connection's lock, in milliseconds. */
  busyTimeoutMs?: number;
}

const systemClock: Clock = { now: () => new Date() };

/**
 * The registration ledger on SQLite through better-sqlite3. The file is opened in WAL mode
 * with a busy timeout, so several processes can share it; see {@link RegistrationLedger} for
 * the guarantees.
 */
export class SqliteLedger implements RegistrationLedger {
  private readonly clock: Clock;
  /** Age after which a `booking` claim or a key reservation may be taken over, in ms. */
  readonly leaseMs: number;

  /**
   * Wraps an open, migrated connection. `close()` closes that connection, which the vendor
   * store of the same storage shares.
   */
  constructor(
    private readonly database: SqliteDatabase,
    options: Omit<SqliteLedgerOptions, 'busyTimeoutMs'> = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  private get db(): Database.Database {
    return this.database.db;
  }

  /** Reserves a client's idempotency key for one prepare; see the interface. */
  async reserveIdempotencyKey(reservation: KeyReservation): Promise<ReserveResult> {
    const now = this.clock.now();
    const parameters = {
      ...reservation,
      now: now.toISOString(),
      leaseCutoff: new Date(now.getTime() - this.leaseMs).toISOString(),
    };
    const reserve = this.db.transaction((): ReserveResult => {
      const existing = this.selectByKey(reservation.idempotencyKey);
      if (existing) return { kind: 'registered', record: existing };
      if (this.statement(RESERVE_SQL).run(parameters).changes === 1) return { kind: 'reserved' };
      if (this.statement(TAKE_OVER_RESERVATION_SQL).run(parameters).changes === 1) {
        return { kind: 'reserved' };
      }
      const holder = this.statement(
        'SELECT fingerprint FROM idempotency_reservations WHERE idempotency_key = ?',
      ).get(reservation.idempotencyKey) as { fingerprint: string };
      return { kind: 'pending', fingerprint: holder.fingerprint };
    });
    return this.database.exclusive(() => reserve.immediate());
  }

  /** Drops a key reservation, only while it is still this registration's. */
  async releaseIdempotencyKey(idempotencyKey: string, registrationId: string): Promise<void> {
    await this.database.exclusive(() =>
      this.statement(
        'DELETE FROM idempotency_reservations WHERE idempotency_key = ? AND registration_id = ?',
      ).run(idempotencyKey, registrationId),
    );
  }

  /**
   * Inserts a `prepared` row and drops the key's reservation, or returns the row that already
   * has the idempotency key.
   */
  async insertPrepared(registration: NewRegistration): Promise<InsertResult> {
    const now = this.now();
    const insert = this.db.transaction((): InsertResult => {
      const existing = this.selectByKey(registration.idempotencyKey);
      if (existing) return { inserted: false, record: existing };
      this.statement(INSERT_PREPARED_SQL).run({
        id: registration.id,
        idempotencyKey: registration.idempotencyKey,
        vendorId: registration.vendorId,
        connectorId: registration.connectorId,
        programId: registration.request.programId,
        sessionId: registration.request.sessionId,
        fingerprint: registration.fingerprint,
        request: JSON.stringify(registration.request),
        bookingMode: registration.bookingMode,
        quote: optionalJson(registration.quote),
        hold: optionalJson(registration.hold),
        expiresAt: registration.expiresAt.toISOString(),
        now,
      });
      this.statement('DELETE FROM idempotency_reservations WHERE idempotency_key = ?').run(
        registration.idempotencyKey,
      );
      this.insertEvent(registration.id, 'prepared', 'prepared', now);
      return { inserted: true, record: this.selectById(registration.id)! };
    });
    // IMMEDIATE takes the write lock before the read, so two processes inserting one key
    // serialize here instead of one failing on the UNIQUE constraint.
    return this.database.exclusive(() => insert.immediate());
  }

  /** Returns a row by registration id. */
  async getRegistration(id: string): Promise<RegistrationRecord | undefined> {
    return this.database.exclusive(() => this.selectById(id));
  }

  /** Returns a row by idempotency key. */
  async findByIdempotencyKey(key: string): Promise<RegistrationRecord | undefined> {
    return this.database.exclusive(() => this.selectByKey(key));
  }

  /** Takes the booking claim with one conditional UPDATE; see the interface. */
  async claimBooking(id: string): Promise<ClaimResult> {
    const now = this.clock.now();
    const claimId = randomUUID();
    const claim = this.db.transaction((): ClaimResult => {
      const changes = this.statement(CLAIM_SQL).run({
        id,
        claimId,
        now: now.toISOString(),
        leaseCutoff: new Date(now.getTime() - this.leaseMs).toISOString(),
      }).changes;
      const record = this.selectById(id);
      if (changes !== 1 || !record) return { claimed: false, record };
      this.insertEvent(id, 'claimed', 'booking', now.toISOString(), undefined, record.attempts);
      return { claimed: true, claimId, record };
    });
    return this.database.exclusive(() => claim.immediate());
  }

  /** Stores the receipt and moves the row to `booked`, keeping an earlier receipt. */
  async recordBooked(
    id: string,
    claimId: string,
    receipt: BookingReceipt,
  ): Promise<RegistrationRecord> {
    const now = this.now();
    const record = this.db.transaction(() => {
      const changes = this.statement(BOOKED_SQL).run({
        id,
        receipt: JSON.stringify(receipt),
        now,
      }).changes;
      if (changes === 1) this.insertEvent(id, 'booked', 'booked', now);
      return this.selectById(id);
    });
    return this.require(id, await this.database.exclusive(() => record.immediate()));
  }

  /** Moves the row to `failed`, only while the claim is still this caller's. */
  async recordFailed(
    id: string,
    claimId: string,
    error: StoredError,
    retryNotBefore?: Date,
  ): Promise<RegistrationRecord> {
    const now = this.now();
    const record = this.db.transaction(() => {
      const changes = this.statement(FAILED_SQL).run({
        id,
        claimId,
        code: error.code,
        message: error.message,
        retryable: error.retryable ? 1 : 0,
        retryNotBefore: retryNotBefore?.toISOString() ?? null,
        now,
      }).changes;
      if (changes === 1) this.insertEvent(id, 'failed', 'failed', now, error.code);
      return this.selectById(id);
    });
    return this.require(id, await this.database.exclusive(() => record.immediate()));
  }

  /** Replaces the receipt of a booked row. */
  async updateReceipt(id: string, receipt: BookingReceipt): Promise<RegistrationRecord> {
    const now = this.now();
    const record = this.db.transaction(() => {
      const changes = this.statement(
        `UPDATE registrations SET receipt_json = @receipt, updated_at = @now
           WHERE id = @id AND state = 'booked'`,
      ).run({ id, receipt: JSON.stringify(receipt), now }).changes;
      if (changes === 1) this.insertEvent(id, 'refreshed', 'booked', now);
      return this.selectById(id);
    });
    return this.require(id, await this.database.exclusive(() => record.immediate()));
  }

  /** Moves the row to `cancelled` only while it is still in `from`; see the interface. */
  async recordCancelled(
    id: string,
    from: RegistrationState,
    cancellation?: CancellationResult,
  ): Promise<CancelOutcome> {
    const now = this.now();
    const cancel = this.db.transaction(() => {
      const changes = this.statement(CANCELLED_SQL).run({
        id,
        from,
        cancellation: optionalJson(cancellation),
        status: cancellation?.status ?? null,
        now,
      }).changes;
      if (changes === 1) this.insertEvent(id, 'cancelled', 'cancelled', now);
      return { cancelled: changes === 1, record: this.selectById(id) };
    });
    const { cancelled, record } = await this.database.exclusive(() => cancel.immediate());
    return { cancelled, record: this.require(id, record) };
  }

  /** Lists the audit trail of a registration, oldest first. */
  async listEvents(id: string): Promise<LedgerEvent[]> {
    const rows = await this.database.exclusive(
      () =>
        this.statement(
          `SELECT registration_id, at, type, state, error_code, attempt
             FROM registration_events WHERE registration_id = ? ORDER BY id`,
        ).all(id) as EventRow[],
    );
    return rows.map((row) => ({
      registrationId: row.registration_id,
      at: new Date(row.at),
      type: row.type,
      state: row.state,
      ...(row.error_code === null ? {} : { errorCode: row.error_code }),
      ...(row.attempt === null ? {} : { attempt: row.attempt }),
    }));
  }

  /** Closes the database connection; closing twice is harmless. */
  async close(): Promise<void> {
    await this.database.close();
  }

  private statement(sql: string): Database.Statement {
    return this.database.statement(sql);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private selectById(id: string): RegistrationRecord | undefined {
    const row = this.statement('SELECT * FROM registrations WHERE id = ?').get(id);
    return row === undefined ? undefined : fromRow(row as RegistrationRow, parseJsonText);
  }

  private selectByKey(key: string): RegistrationRecord | undefined {
    const row = this.statement('SELECT * FROM registrations WHERE idempotency_key = ?').get(key);
    return row === undefined ? undefined : fromRow(row as RegistrationRow, parseJsonText);
  }

  private insertEvent(
    registrationId: string,
    type: string,
    state: RegistrationState,
    at: string,
    errorCode?: string,
    attempt?: number,
  ): void {
    this.statement(
      `INSERT INTO registration_events (registration_id, at, type, state, error_code, attempt)
         VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(registrationId, at, type, state, errorCode ?? null, attempt ?? null);
  }

  private require(id: string, record: RegistrationRecord | undefined): RegistrationRecord {
    if (!record) {
      throw new ConnectorError('not_found', `The registration does not exist in the ledger.`);
    }
    return record;
  }
}

interface EventRow {
  registration_id: string;
  at: string;
  type: string;
  state: RegistrationState;
  error_code: string | null;
  attempt: number | null;
}

function optionalJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/**
 * Opens the SQLite registration ledger at `path`, creating the file and its tables on first
 * use. Pass `':memory:'` for a ledger that lives only as long as the process.
 */
export function openSqliteLedger(path: string, options: SqliteLedgerOptions = {}): SqliteLedger {
  const clock = options.clock ?? systemClock;
  const database = SqliteDatabase.open(path, {
    now: () => clock.now(),
    ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
  });
  return new SqliteLedger(database, options);
}
