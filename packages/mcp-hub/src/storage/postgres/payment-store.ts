import type { Clock } from '@signupassist/contract';
import type {
  NewPayment,
  PaymentExpectation,
  PaymentPatch,
  PaymentRecord,
  PaymentStatus,
  PaymentStore,
  StoredStripeEvent,
} from '../../payments/types.js';
import {
  checkNewPayment,
  checkPaymentPatch,
  checkStripeEvent,
  duplicateStripeId,
  paymentNotFound,
  stripeEventNotFound,
} from '../payment-checks.js';
import {
  insertValues,
  PAYMENT_COLUMNS,
  patchAssignments,
  paymentFromRow,
  stripeEventFromRow,
  type ColumnValue,
  type PaymentRow,
  type StripeEventRow,
} from '../payment-rows.js';
import { requireDate } from '../vendor-checks.js';
import { isStorageError } from '../errors.js';
import type { PostgresPool } from './pool.js';

const PG_INSERT_PAYMENT_SQL = `
  INSERT INTO payments (${PAYMENT_COLUMNS.join(', ')})
    VALUES (${PAYMENT_COLUMNS.map((_, index) => `$${index + 1}`).join(', ')})
    ON CONFLICT (registration_id) DO NOTHING
    RETURNING *`;

/** Unique indexes of `payments` on Stripe ids, by the column they cover. */
const STRIPE_ID_INDEXES: Readonly<Record<string, string>> = {
  payments_payment_intent: 'payment_intent_id',
  payments_checkout_session: 'checkout_session_id',
};

/**
 * Payment records and received Stripe events on PostgreSQL. Each operation is one statement
 * on a pooled client, apart from `insert` and `update`, which read the row again when their
 * statement changed nothing. Timestamps come from the store's clock, as on SQLite.
 */
export class PostgresPaymentStore implements PaymentStore {
  constructor(
    private readonly database: PostgresPool,
    private readonly clock: Clock,
  ) {}

  /** Inserts a record, or returns the one the registration has already. */
  async insert(payment: NewPayment): Promise<{ inserted: boolean; record: PaymentRecord }> {
    checkNewPayment(payment);
    const values = insertValues(payment, this.clock.now());
    let rows: PaymentRow[];
    try {
      rows = await this.query<PaymentRow>(payment.registrationId, PG_INSERT_PAYMENT_SQL, values);
    } catch (error) {
      // A concurrent insert of the same record that commits first can trip the unique index
      // on a Stripe id before the registration id, because ON CONFLICT only covers the latter.
      if (!isStorageError(error, 'conflict')) throw error;
      const existing = await this.get(payment.registrationId);
      if (existing) return { inserted: false, record: existing };
      throw error;
    }
    if (rows[0] !== undefined) return { inserted: true, record: paymentFromRow(rows[0]) };
    // ON CONFLICT waits for a concurrent insert of the same id to commit, so the row is visible.
    const existing = await this.get(payment.registrationId);
    return { inserted: false, record: existing! };
  }

  /** Returns the payment of a registration. */
  async get(registrationId: string): Promise<PaymentRecord | undefined> {
    return this.findBy('registration_id', registrationId);
  }

  /** Returns the payment with the PaymentIntent id. */
  async findByPaymentIntent(paymentIntentId: string): Promise<PaymentRecord | undefined> {
    return this.findBy('payment_intent_id', paymentIntentId);
  }

  /** Returns the payment with the Checkout Session id. */
  async findByCheckoutSession(checkoutSessionId: string): Promise<PaymentRecord | undefined> {
    return this.findBy('checkout_session_id', checkoutSessionId);
  }

  /**
   * Applies `patch` in one conditional `UPDATE` whose `WHERE` contains the expectation. Under
   * READ COMMITTED a concurrent update of the row makes PostgreSQL re-check the `WHERE` on the
   * new row version, so of several callers expecting one status only the first applies.
   */
  async update(
    registrationId: string,
    patch: PaymentPatch,
    expected?: PaymentExpectation,
  ): Promise<{ updated: boolean; record: PaymentRecord }> {
    checkPaymentPatch(registrationId, patch, expected);
    const assignments = patchAssignments(patch);
    const values: ColumnValue[] = assignments.map(([, value]) => value);
    const parameter = (value: ColumnValue): string => `$${values.push(value)}`;
    const sets = assignments.map(([column], index) => `${column} = $${index + 1}, `).join('');
    const now = parameter(this.clock.now().toISOString());
    const id = parameter(registrationId);
    const version = parameter(expected?.version ?? null);
    const statuses = expected?.status === undefined ? null : JSON.stringify(expected.status);
    const status = parameter(statuses);
    const sql = `
      UPDATE payments
      SET ${sets}version = version + 1, updated_at = ${now}::timestamptz
      WHERE registration_id = ${id}
        AND (${version}::integer IS NULL OR version = ${version}::integer)
        AND (${status}::jsonb IS NULL
          OR status IN (SELECT jsonb_array_elements_text(${status}::jsonb)))
      RETURNING *`;
    const rows = await this.query<PaymentRow>(registrationId, sql, values);
    if (rows[0] !== undefined) return { updated: true, record: paymentFromRow(rows[0]) };
    const current = await this.get(registrationId);
    if (!current) throw paymentNotFound(registrationId);
    return { updated: false, record: current };
  }

  /** Lists records oldest first, optionally only those in the given statuses or of a vendor. */
  async list(
    filter: { status?: readonly PaymentStatus[]; vendorId?: string } = {},
  ): Promise<PaymentRecord[]> {
    const statuses = filter.status === undefined ? null : JSON.stringify(filter.status);
    const rows = await this.query<PaymentRow>(
      undefined,
      `SELECT * FROM payments
         WHERE ($1::jsonb IS NULL OR status IN (SELECT jsonb_array_elements_text($1::jsonb)))
           AND ($2::text IS NULL OR vendor_id = $2)
         ORDER BY created_at, registration_id`,
      [statuses, filter.vendorId ?? null],
    );
    return rows.map(paymentFromRow);
  }

  /** Stores an event id; returns false when the id was stored before. */
  async recordEvent(event: Omit<StoredStripeEvent, 'processedAt'>): Promise<boolean> {
    checkStripeEvent(event);
    const rows = await this.query(
      undefined,
      `INSERT INTO stripe_events (id, type, account, received_at)
         VALUES ($1, $2, $3, $4::timestamptz)
         ON CONFLICT (id) DO NOTHING
         RETURNING id`,
      [event.id, event.type, event.account ?? null, event.receivedAt.toISOString()],
    );
    return rows.length === 1;
  }

  /**
   * Marks a stored event processed. An event marked before keeps its first time; an id that
   * was never recorded raises `not_found`.
   */
  async markEventProcessed(id: string, at: Date): Promise<void> {
    requireDate(at, `Processing time of Stripe event "${id}"`);
    const rows = await this.query(
      undefined,
      `UPDATE stripe_events SET processed_at = COALESCE(processed_at, $2::timestamptz)
         WHERE id = $1
         RETURNING id`,
      [id, at.toISOString()],
    );
    if (rows.length !== 1) throw stripeEventNotFound(id);
  }

  /** Returns a stored event. */
  async getEvent(id: string): Promise<StoredStripeEvent | undefined> {
    const rows = await this.query<StripeEventRow>(
      undefined,
      'SELECT * FROM stripe_events WHERE id = $1',
      [id],
    );
    return rows[0] === undefined ? undefined : stripeEventFromRow(rows[0]);
  }

  private async findBy(
    column: 'registration_id' | 'payment_intent_id' | 'checkout_session_id',
    value: string,
  ): Promise<PaymentRecord | undefined> {
    const rows = await this.query<PaymentRow>(
      undefined,
      `SELECT * FROM payments WHERE ${column} = $1`,
      [value],
    );
    return rows[0] === undefined ? undefined : paymentFromRow(rows[0]);
  }

  /**
   * Runs one statement on a pooled client. With a registration id, a unique-index violation on
   * a Stripe id becomes a `conflict`.
   */
  private async query<Row extends object = object>(
    registrationId: string | undefined,
    sql: string,
    values: readonly unknown[],
  ): Promise<Row[]> {
    try {
      const result = await this.database.withClient((client) =>
        client.query<Row & Record<string, unknown>>(sql, values as unknown[]),
      );
      return result.rows;
    } catch (error) {
      const { code, constraint } = error as { code?: unknown; constraint?: unknown };
      const column = typeof constraint === 'string' ? STRIPE_ID_INDEXES[constraint] : undefined;
      if (registrationId !== undefined && code === '23505' && column !== undefined) {
        throw duplicateStripeId(registrationId, column);
      }
      throw error;
    }
  }
}
