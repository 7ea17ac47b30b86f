import { randomUUID } from 'node:crypto';
import {
  ConnectorError,
  type BookingReceipt,
  type CancellationResult,
  type Clock,
} from '@signupassist/contract';
import type { PostgresPool, Queryable } from '../storage/postgres/pool.js';
import {
  PG_BOOKED_SQL,
  PG_CANCELLED_SQL,
  PG_CLAIM_SQL,
  PG_FAILED_SQL,
  PG_INSERT_PREPARED_SQL,
  PG_LOCK_KEY_SQL,
  PG_REFRESH_RECEIPT_SQL,
  PG_RESERVE_SQL,
  PG_TAKE_OVER_RESERVATION_SQL,
} from './postgres-sql.js';
import { fromRow, type RegistrationRow } from './rows.js';
import { DEFAULT_LEASE_MS } from './sqlite-ledger.js';
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

/** Options of the PostgreSQL ledger. */
export interface PostgresLedgerOptions {
  /** Source of timestamps and lease expiry; a fake clock in tests. */
  clock?: Clock;
  /** Age after which a claim or a key reservation may be taken over, in ms (default 2 min). */
  leaseMs?: number;
}

const systemClock: Clock = { now: () => new Date() };

/** `jsonb` columns arrive parsed from `pg`. */
const jsonb = (value: unknown): unknown => value;

/**
 * The registration ledger on PostgreSQL. Claims, cancels and receipts are single conditional
 * statements, and prepares of one key are serialized by a transaction-level advisory lock, so
 * any number of hub processes may share the database. Timestamps come from the ledger's clock,
 * not the server's, so lease expiry follows the same clock as on SQLite.
 */
export class PostgresLedger implements RegistrationLedger {
  private readonly clock: Clock;
  /** Age after which a `booking` claim or a key reservation may be taken over, in ms. */
  readonly leaseMs: number;

  /** Wraps a pool; `close()` ends it, and with it the vendor store of the same storage. */
  constructor(
    private readonly database: PostgresPool,
    options: PostgresLedgerOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /** Reserves a client's idempotency key for one prepare; see the interface. */
  async reserveIdempotencyKey(reservation: KeyReservation): Promise<ReserveResult> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.leaseMs);
    const values = [
      reservation.idempotencyKey,
      reservation.registrationId,
      reservation.fingerprint,
    ];
    return this.database.transaction(async (client): Promise<ReserveResult> => {
      await client.query(PG_LOCK_KEY_SQL, [reservation.idempotencyKey]);
      const existing = await this.selectByKey(client, reservation.idempotencyKey);
      if (existing) return { kind: 'registered', record: existing };

      const reserved = await client.query(PG_RESERVE_SQL, [...values, now.toISOString()]);
      if (reserved.rowCount === 1) return { kind: 'reserved' };
      const takenOver = await client.query(PG_TAKE_OVER_RESERVATION_SQL, [
        ...values,
        now.toISOString(),
        cutoff.toISOString(),
      ]);
      if (takenOver.rowCount === 1) return { kind: 'reserved' };

      const holder = await client.query<{ fingerprint: string }>(
        'SELECT fingerprint FROM idempotency_reservations WHERE idempotency_key = $1',
        [reservation.idempotencyKey],
      );
      return { kind: 'pending', fingerprint: holder.rows[0]!.fingerprint };
    });
  }

  /**
   * Drops a key reservation, only while it is still this registration's. It takes the key's
   * lock, so a concurrent `reserveIdempotencyKey` cannot lose the row it is reading.
   */
  async releaseIdempotencyKey(idempotencyKey: string, registrationId: string): Promise<void> {
    await this.database.transaction(async (client) => {
      await client.query(PG_LOCK_KEY_SQL, [idempotencyKey]);
      await client.query(
        'DELETE FROM idempotency_reservations WHERE idempotency_key = $1 AND registration_id = $2',
        [idempotencyKey, registrationId],
      );
    });
  }

  /**
   * Inserts a `prepared` row and drops the key's reservation, or returns the row that already
   * has the idempotency key.
   */
  async insertPrepared(registration: NewRegistration): Promise<InsertResult> {
    const now = this.now();
    return this.database.transaction(async (client): Promise<InsertResult> => {
      await client.query(PG_LOCK_KEY_SQL, [registration.idempotencyKey]);
      const existing = await this.selectByKey(client, registration.idempotencyKey);
      if (existing) return { inserted: false, record: existing };

      const inserted = await client.query<RegistrationRow>(PG_INSERT_PREPARED_SQL, [
        registration.id,
        registration.idempotencyKey,
        registration.vendorId,
        registration.connectorId,
        registration.request.programId,
        registration.request.sessionId,
        registration.fingerprint,
        JSON.stringify(registration.request),
        registration.bookingMode,
        optionalJson(registration.quote),
        optionalJson(registration.hold),
        registration.expiresAt.toISOString(),
        now,
      ]);
      await client.query('DELETE FROM idempotency_reservations WHERE idempotency_key = $1', [
        registration.idempotencyKey,
      ]);
      await insertEvent(client, registration.id, 'prepared', 'prepared', now);
      return { inserted: true, record: fromRow(inserted.rows[0]!, jsonb) };
    });
  }

  /** Returns a row by registration id. */
  async getRegistration(id: string): Promise<RegistrationRecord | undefined> {
    return this.database.withClient((client) => this.selectById(client, id));
  }

  /** Returns a row by idempotency key. */
  async findByIdempotencyKey(key: string): Promise<RegistrationRecord | undefined> {
    return this.database.withClient((client) => this.selectByKey(client, key));
  }

  /** Takes the booking claim with one conditional UPDATE; see the interface. */
  async claimBooking(id: string): Promise<ClaimResult> {
    const now = this.clock.now();
    const claimId = randomUUID();
    return this.database.withClient(async (client): Promise<ClaimResult> => {
      const claimed = await client.query<RegistrationRow>(PG_CLAIM_SQL, [
        id,
        claimId,
        now.toISOString(),
        new Date(now.getTime() - this.leaseMs).toISOString(),
      ]);
      const row = claimed.rows[0];
      if (row) return { claimed: true, claimId, record: fromRow(row, jsonb) };
      return { claimed: false, record: await this.selectById(client, id) };
    });
  }

  /** Stores the receipt and moves the row to `booked`, keeping an earlier receipt. */
  async recordBooked(
    id: string,
    claimId: string,
    receipt: BookingReceipt,
  ): Promise<RegistrationRecord> {
    return this.changeOrRead(id, PG_BOOKED_SQL, [id, JSON.stringify(receipt), this.now()]);
  }

  /** Moves the row to `failed`, only while the claim is still this caller's. */
  async recordFailed(
    id: string,
    claimId: string,
    error: StoredError,
    retryNotBefore?: Date,
  ): Promise<RegistrationRecord> {
    return this.changeOrRead(id, PG_FAILED_SQL, [
      id,
      claimId,
      error.code,
      error.message,
      error.retryable,
      retryNotBefore?.toISOString() ?? null,
      this.now(),
    ]);
  }

  /** Replaces the receipt of a booked row. */
  async updateReceipt(id: string, receipt: BookingReceipt): Promise<RegistrationRecord> {
    return this.changeOrRead(id, PG_REFRESH_RECEIPT_SQL, [id, JSON.stringify(receipt), this.now()]);
  }

  /** Moves the row to `cancelled` only while it is still in `from`; see the interface. */
  async recordCancelled(
    id: string,
    from: RegistrationState,
    cancellation?: CancellationResult,
  ): Promise<CancelOutcome> {
    return this.database.withClient(async (client) => {
      const cancelled = await client.query<RegistrationRow>(PG_CANCELLED_SQL, [
        id,
        from,
        optionalJson(cancellation),
        cancellation?.status ?? null,
        this.now(),
      ]);
      const row = cancelled.rows[0];
      if (row) return { cancelled: true, record: fromRow(row, jsonb) };
      return { cancelled: false, record: require(id, await this.selectById(client, id)) };
    });
  }

  /** Lists the audit trail of a registration, oldest first. */
  async listEvents(id: string): Promise<LedgerEvent[]> {
    const result = await this.database.withClient((client) =>
      client.query<EventRow>(
        `SELECT registration_id, at, type, state, error_code, attempt
           FROM registration_events WHERE registration_id = $1 ORDER BY id`,
        [id],
      ),
    );
    return result.rows.map((row) => ({
      registrationId: row.registration_id,
      at: row.at,
      type: row.type,
      state: row.state,
      ...(row.error_code === null ? {} : { errorCode: row.error_code }),
      ...(row.attempt === null ? {} : { attempt: row.attempt }),
    }));
  }

  /** Ends the connection pool; closing twice is harmless. */
  async close(): Promise<void> {
    await this.database.end();
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  /** Runs a state change that returns the changed row, or reads the row when none changed. */
  private changeOrRead(id: string, sql: string, values: unknown[]): Promise<RegistrationRecord> {
    return this.database.withClient(async (client) => {
      const changed = await client.query<RegistrationRow>(sql, values);
      const row = changed.rows[0];
      if (row) return fromRow(row, jsonb);
      return require(id, await this.selectById(client, id));
    });
  }

  private async selectById(client: Queryable, id: string): Promise<RegistrationRecord | undefined> {
    const result = await client.query<RegistrationRow>(
      'SELECT * FROM registrations WHERE id = $1',
      [id],
    );
    const row = result.rows[0];
    return row === undefined ? undefined : fromRow(row, jsonb);
  }

  private async selectByKey(
    client: Queryable,
    key: string,
  ): Promise<RegistrationRecord | undefined> {
    const result = await client.query<RegistrationRow>(
      'SELECT * FROM registrations WHERE idempotency_key = $1',
      [key],
    );
    const row = result.rows[0];
    return row === undefined ? undefined : fromRow(row, jsonb);
  }
}

interface EventRow {
  registration_id: string;
  at: Date;
  type: string;
  state: RegistrationState;
  error_code: string | null;
  attempt: number | null;
}

async function insertEvent(
  client: Queryable,
  registrationId: string,
  type: string,
  state: RegistrationState,
  at: string,
): Promise<void> {
  await client.query(
    `INSERT INTO registration_events (registration_id, at, type, state)
       VALUES ($1, $2::timestamptz, $3, $4)`,
    [registrationId, at, type, state],
  );
}

function optionalJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function require(id: string, record: RegistrationRecord | undefined): RegistrationRecord {
  if (!record) {
    throw new ConnectorError('not_found', `The registration does not exist in the ledger.`);
  }
  return record;
}
