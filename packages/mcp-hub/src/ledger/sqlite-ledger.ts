import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import {
  ConnectorError,
  type BookingReceipt,
  type CancellationResult,
  type Clock,
} from '@signupassist/contract';
import { migrate } from './migrations.js';
import { fromRow, type RegistrationRow } from './rows.js';
import type {
  ClaimResult,
  InsertResult,
  LedgerEvent,
  NewRegistration,
  RegistrationLedger,
  RegistrationRecord,
  RegistrationState,
  StoredError,
} from './types.js';

/** Default age after which a booking claim may be taken over, in milliseconds. */
export const DEFAULT_LEASE_MS = 2 * 60_000;

/** Options of {@link openSqliteLedger}. */
export interface SqliteLedgerOptions {
  /** Source of timestamps and lease expiry; a fake clock in tests. */
  clock?: Clock;
  /**
   * Age after which a `booking` claim counts as abandoned, because its process crashed, and
   * may be taken over, in milliseconds (default 2 minutes). `createHub` rejects a ledger whose
   * lease is shorter than twice its operation deadline.
   */
  leaseMs?: number;
  /** How long a write waits for another connection's lock, in milliseconds. */
  busyTimeoutMs?: number;
}

const systemClock: Clock = { now: () => new Date() };

/** Rows from which a claim may be taken: see {@link RegistrationLedger.claimBooking}. */
const CLAIM_SQL = `
  UPDATE registrations
  SET state = 'booking', claim_id = @claimId, claimed_at = @now, attempts = attempts + 1,
      updated_at = @now
  WHERE id = @id AND (
    state = 'prepared'
    OR (state = 'failed' AND error_retryable = 1)
    OR (state = 'booking' AND claimed_at < @leaseCutoff)
  )`;

/**
 * The registration ledger on SQLite through better-sqlite3. The file is opened in WAL mode
 * with a busy timeout, so several processes can share it; see {@link RegistrationLedger} for
 * the guarantees.
 */
export class SqliteLedger implements RegistrationLedger {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly clock: Clock;
  /** Age after which a `booking` claim may be taken over, in milliseconds. */
  readonly leaseMs: number;

  /** Opens (creating if needed) the database file and applies pending migrations. */
  constructor(path: string, options: SqliteLedgerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.db = new Database(path);
    try {
      // exec() runs PRAGMAs without creating Statement objects; see the note above.
      this.db.exec(`PRAGMA busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5_000)}`);
      this.db.exec('PRAGMA journal_mode = WAL');
      this.db.exec('PRAGMA foreign_keys = ON');
      migrate(
        this.db,
        (sql) => this.statement(sql),
        () => this.clock.now(),
      );
    } catch (error) {
      this.closeConnection();
      throw error;
    }
  }

  /** Inserts a `prepared` row, or returns the row that already has the idempotency key. */
  async insertPrepared(registration: NewRegistration): Promise<InsertResult> {
    const now = this.now();
    const insert = this.db.transaction((): InsertResult => {
      const existing = this.selectByKey(registration.idempotencyKey);
      if (existing) return { inserted: false, record: existing };
      this.statement(
        `INSERT INTO registrations (id, idempotency_key, vendor_id, connector_id, program_id,
             session_id, fingerprint, request_json, booking_mode, quote_json, hold_json,
             expires_at, state, created_at, updated_at)
           VALUES (@id, @idempotencyKey, @vendorId, @connectorId, @programId, @sessionId,
             @fingerprint, @request, @bookingMode, @quote, @hold, @expiresAt, 'prepared',
             @now, @now)`,
      ).run({
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
      this.insertEvent(registration.id, 'prepared', 'prepared', now);
      return { inserted: true, record: this.selectById(registration.id)! };
    });
    // IMMEDIATE takes the write lock before the read, so two processes inserting one key
    // serialize here instead of one failing on the UNIQUE constraint.
    return insert.immediate();
  }

  /** Returns a row by registration id. */
  async getRegistration(id: string): Promise<RegistrationRecord | undefined> {
    return this.selectById(id);
  }

  /** Returns a row by idempotency key. */
  async findByIdempotencyKey(key: string): Promise<RegistrationRecord | undefined> {
    return this.selectByKey(key);
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
    return claim.immediate();
  }

  /** Stores the receipt and moves the row to `booked`, keeping an earlier receipt. */
  async recordBooked(
    id: string,
    claimId: string,
    receipt: BookingReceipt,
  ): Promise<RegistrationRecord> {
    const now = this.now();
    const record = this.db.transaction(() => {
      const changes = this.statement(
        `UPDATE registrations
           SET state = 'booked', receipt_json = @receipt, error_code = NULL,
               error_message = NULL, error_retryable = NULL, updated_at = @now
           WHERE id = @id AND state IN ('booking', 'failed', 'prepared')`,
      ).run({ id, receipt: JSON.stringify(receipt), now }).changes;
      if (changes === 1) this.insertEvent(id, 'booked', 'booked', now);
      return this.selectById(id);
    });
    return this.require(id, record.immediate());
  }

  /** Moves the row to `failed`, only while the claim is still this caller's. */
  async recordFailed(id: string, claimId: string, error: StoredError): Promise<RegistrationRecord> {
    const now = this.now();
    const record = this.db.transaction(() => {
      const changes = this.statement(
        `UPDATE registrations
           SET state = 'failed', error_code = @code, error_message = @message,
               error_retryable = @retryable, updated_at = @now
           WHERE id = @id AND state = 'booking' AND claim_id = @claimId`,
      ).run({
        id,
        claimId,
        code: error.code,
        message: error.message,
        retryable: error.retryable ? 1 : 0,
        now,
      }).changes;
      if (changes === 1) this.insertEvent(id, 'failed', 'failed', now, error.code);
      return this.selectById(id);
    });
    return this.require(id, record.immediate());
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
    return this.require(id, record.immediate());
  }

  /**
   * Moves the row to `cancelled`, giving a stored receipt the cancellation's status; a row in
   * `booking` is a `conflict`.
   */
  async recordCancelled(
    id: string,
    cancellation?: CancellationResult,
  ): Promise<RegistrationRecord> {
    const now = this.now();
    const record = this.db.transaction(() => {
      const changes = this.statement(
        `UPDATE registrations
           SET state = 'cancelled', cancellation_json = @cancellation, updated_at = @now,
               receipt_json = CASE WHEN receipt_json IS NULL OR @status IS NULL THEN receipt_json
                 ELSE json_set(receipt_json, '$.status', @status) END
           WHERE id = @id AND state IN ('prepared', 'failed', 'booked')`,
      ).run({
        id,
        cancellation: optionalJson(cancellation),
        status: cancellation?.status ?? null,
        now,
      }).changes;
      if (changes === 1) this.insertEvent(id, 'cancelled', 'cancelled', now);
      return this.selectById(id);
    });
    const stored = this.require(id, record.immediate());
    if (stored.state === 'booking') {
      throw new ConnectorError(
        'conflict',
        'The registration is being booked right now. Try the cancellation again in a minute.',
      );
    }
    return stored;
  }

  /** Lists the audit trail of a registration, oldest first. */
  async listEvents(id: string): Promise<LedgerEvent[]> {
    const rows = this.statement(
      `SELECT registration_id, at, type, state, error_code, attempt
         FROM registration_events WHERE registration_id = ? ORDER BY id`,
    ).all(id) as EventRow[];
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
    this.closeConnection();
  }

  private closeConnection(): void {
    if (!this.db.open) return;
    this.db.close();
  }

  /** Returns the connection's prepared statement for `sql`, preparing it on first use. */
  private statement(sql: string): Database.Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      prepared = this.db.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private selectById(id: string): RegistrationRecord | undefined {
    const row = this.statement('SELECT * FROM registrations WHERE id = ?').get(id);
    return row === undefined ? undefined : fromRow(row as RegistrationRow);
  }

  private selectByKey(key: string): RegistrationRecord | undefined {
    const row = this.statement('SELECT * FROM registrations WHERE idempotency_key = ?').get(key);
    return row === undefined ? undefined : fromRow(row as RegistrationRow);
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
  return new SqliteLedger(path, options);
}
