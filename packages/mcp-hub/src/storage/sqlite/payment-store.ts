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
  type PaymentRow,
  type StripeEventRow,
} from '../payment-rows.js';
import { requireDate } from '../vendor-checks.js';
import type { SqliteDatabase } from './database.js';

const INSERT_PAYMENT_SQL = `
  INSERT INTO payments (${PAYMENT_COLUMNS.join(', ')})
    VALUES (${PAYMENT_COLUMNS.map(() => '?').join(', ')})
    RETURNING *`;

/**
 * Payment records and received Stripe events on the SQLite connection the ledger uses. Every
 * write is one statement or one synchronous transaction, queued behind an open asynchronous
 * transaction of the vendor store like every other operation on the connection.
 */
export class SqlitePaymentStore implements PaymentStore {
  constructor(
    private readonly database: SqliteDatabase,
    private readonly clock: Clock,
  ) {}

  /** Inserts a record, or returns the one the registration has already. */
  async insert(payment: NewPayment): Promise<{ inserted: boolean; record: PaymentRecord }> {
    checkNewPayment(payment);
    const values = insertValues(payment, this.clock.now());
    // BEGIN IMMEDIATE keeps other writers out between the read and the insert, so an existing
    // record is found before any unique index on a Stripe id could reject the insert.
    const insert = this.database.db.transaction(() => {
      const existing = this.select(payment.registrationId);
      if (existing) return { inserted: false, record: existing };
      const row = this.run(payment.registrationId, () =>
        this.database.statement(INSERT_PAYMENT_SQL).get(values),
      );
      return { inserted: true, record: paymentFromRow(row as PaymentRow) };
    });
    return this.database.exclusive(() => insert.immediate());
  }

  /** Returns the payment of a registration. */
  async get(registrationId: string): Promise<PaymentRecord | undefined> {
    return this.database.exclusive(() => this.select(registrationId));
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
   * Applies `patch` in one conditional `UPDATE` whose `WHERE` contains the expectation, so two
   * callers that read the same row cannot both apply a change decided on it.
   */
  async update(
    registrationId: string,
    patch: PaymentPatch,
    expected?: PaymentExpectation,
  ): Promise<{ updated: boolean; record: PaymentRecord }> {
    checkPaymentPatch(registrationId, patch, expected);
    const assignments = patchAssignments(patch);
    const sql = `
      UPDATE payments
      SET ${assignments.map(([column]) => `${column} = ?, `).join('')}
          version = version + 1, updated_at = ?
      WHERE registration_id = ?
        AND (? IS NULL OR version = ?)
        AND (? IS NULL OR status IN (SELECT value FROM json_each(?)))
      RETURNING *`;
    const version = expected?.version ?? null;
    const statuses = expected?.status === undefined ? null : JSON.stringify(expected.status);
    const values = [
      ...assignments.map(([, value]) => value),
      this.clock.now().toISOString(),
      registrationId,
      version,
      version,
      statuses,
      statuses,
    ];
    return this.database.exclusive(() => {
      const row = this.run(registrationId, () => this.database.statement(sql).get(values));
      if (row !== undefined) return { updated: true, record: paymentFromRow(row as PaymentRow) };
      const current = this.select(registrationId);
      if (!current) throw paymentNotFound(registrationId);
      return { updated: false, record: current };
    });
  }

  /** Lists records oldest first, optionally only those in the given statuses or of a vendor. */
  async list(
    filter: { status?: readonly PaymentStatus[]; vendorId?: string } = {},
  ): Promise<PaymentRecord[]> {
    const statuses = filter.status === undefined ? null : JSON.stringify(filter.status);
    const rows = await this.database.exclusive(
      () =>
        this.database
          .statement(
            `SELECT * FROM payments
               WHERE (@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))
                 AND (@vendorId IS NULL OR vendor_id = @vendorId)
               ORDER BY created_at, registration_id`,
          )
          .all({ statuses, vendorId: filter.vendorId ?? null }) as PaymentRow[],
    );
    return rows.map(paymentFromRow);
  }

  /** Stores an event id; returns false when the id was stored before. */
  async recordEvent(event: Omit<StoredStripeEvent, 'processedAt'>): Promise<boolean> {
    checkStripeEvent(event);
    const changes = await this.database.exclusive(
      () =>
        this.database
          .statement(
            `INSERT INTO stripe_events (id, type, account, received_at)
               VALUES (?, ?, ?, ?)
               ON CONFLICT (id) DO NOTHING`,
          )
          .run(event.id, event.type, event.account ?? null, event.receivedAt.toISOString()).changes,
    );
    return changes === 1;
  }

  /**
   * Marks a stored event processed. An event marked before keeps its first time; an id that
   * was never recorded raises `not_found`.
   */
  async markEventProcessed(id: string, at: Date): Promise<void> {
    requireDate(at, `Processing time of Stripe event "${id}"`);
    const changes = await this.database.exclusive(
      () =>
        this.database
          .statement(
            'UPDATE stripe_events SET processed_at = COALESCE(processed_at, ?) WHERE id = ?',
          )
          .run(at.toISOString(), id).changes,
    );
    if (changes !== 1) throw stripeEventNotFound(id);
  }

  /** Returns a stored event. */
  async getEvent(id: string): Promise<StoredStripeEvent | undefined> {
    const row = await this.database.exclusive(() =>
      this.database.statement('SELECT * FROM stripe_events WHERE id = ?').get(id),
    );
    return row === undefined ? undefined : stripeEventFromRow(row as StripeEventRow);
  }

  private select(registrationId: string): PaymentRecord | undefined {
    const row = this.database
      .statement('SELECT * FROM payments WHERE registration_id = ?')
      .get(registrationId);
    return row === undefined ? undefined : paymentFromRow(row as PaymentRow);
  }

  private async findBy(
    column: 'payment_intent_id' | 'checkout_session_id',
    value: string,
  ): Promise<PaymentRecord | undefined> {
    const row = await this.database.exclusive(() =>
      this.database.statement(`SELECT * FROM payments WHERE ${column} = ?`).get(value),
    );
    return row === undefined ? undefined : paymentFromRow(row as PaymentRow);
  }

  /** Runs a write, turning a unique-index violation on a Stripe id into a `conflict`. */
  private run<T>(registrationId: string, write: () => T): T {
    try {
      return write();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const message = (error as Error).message ?? '';
      if (code === 'SQLITE_CONSTRAINT_UNIQUE') {
        if (message.includes('payment_intent')) {
          throw duplicateStripeId(registrationId, 'payment_intent_id');
        }
        if (message.includes('checkout_session')) {
          throw duplicateStripeId(registrationId, 'checkout_session_id');
        }
      }
      throw error;
    }
  }
}
