/**
 * Payment records of registrations. One record per registration: the success fee alone
 * (`success_fee`) or the program fee with the hub's fee as application fee on the vendor's
 * connected account (`connect`).
 */
export type PaymentPath = 'success_fee' | 'connect';

/**
 * Life cycle of a payment:
 * - `checkout_pending`: a Checkout Session exists and the family has not authorized yet;
 * - `authorized`: the card is authorized (PaymentIntent `requires_capture`), nothing captured;
 * - `captured`: the amount was captured after the provider confirmed the registration;
 * - `canceled`: the authorization was released (booking failed, sold out, cancelled before
 *   confirmation) or the Checkout Session expired unused;
 * - `owed`: the authorization lapsed before confirmation; a new payment link was issued;
 * - `refunded`: a captured Connect payment was refunded after a cancellation;
 * - `failed`: the payment failed for good (card declined and the session expired).
 */
export type PaymentStatus =
  'checkout_pending' | 'authorized' | 'captured' | 'canceled' | 'owed' | 'refunded' | 'failed';

/** A payment as the hub stores it. It contains no card data and no Stripe secret. */
export interface PaymentRecord {
  registrationId: string;
  vendorId: string;
  path: PaymentPath;
  status: PaymentStatus;
  /** ISO 4217 code of every amount of the record. */
  currency: string;
  /** SignupAssist's success fee, in minor units. */
  feeMinor: number;
  /** The program fee taken through Connect, in minor units; absent on `success_fee`. */
  programFeeMinor?: number;
  /** The connected account of a `connect` payment (`Stripe-Account` of every call). */
  stripeAccount?: string;
  checkoutSessionId?: string;
  /** Stripe-hosted page where the family authorizes the payment. */
  checkoutUrl?: string;
  paymentIntentId?: string;
  /** Number of payment links issued so far; part of every Stripe idempotency key. */
  attempt: number;
  authorizedAt?: Date;
  /** When the card authorization lapses if not captured. */
  authorizationExpiresAt?: Date;
  /**
   * When the capture was recorded. On a payment still `authorized`, when a settle claimed the
   * capture (see `claims.ts`), so that concurrent settles send Stripe one request.
   */
  capturedAt?: Date;
  /** When the release was recorded; on an `authorized` payment, when a release was claimed. */
  canceledAt?: Date;
  /** When the refund was recorded; on a `captured` payment, when a refund was claimed. */
  refundedAt?: Date;
  /** Amount refunded, in minor units. */
  refundedMinor?: number;
  /** Plain reason of the last failure, safe to show; never a Stripe message with card data. */
  lastError?: string;
  createdAt: Date;
  updatedAt: Date;
  /** Incremented by every update, for compare-and-set. */
  version: number;
}

/** A payment as `PaymentStore.insert` takes it. */
export type NewPayment = Omit<PaymentRecord, 'createdAt' | 'updatedAt' | 'version'>;

/** Fields an update may change; `null` clears an optional field. */
export type PaymentPatch = Partial<{
  [
    Key in keyof Omit<
      PaymentRecord,
      'registrationId' | 'vendorId' | 'path' | 'createdAt' | 'updatedAt' | 'version'
    >
  ]: PaymentRecord[Key] | null;
}>;

/** Condition of a compare-and-set update: every given field must match the stored row. */
export interface PaymentExpectation {
  status?: readonly PaymentStatus[];
  version?: number;
}

/** A Stripe event as received, stored by id so that a replay is processed once. */
export interface StoredStripeEvent {
  id: string;
  type: string;
  /** Connected account of a Connect event. */
  account?: string;
  receivedAt: Date;
  processedAt?: Date;
}

/**
 * Durable store of payments and received Stripe events, in the hub's database next to the
 * ledger. Every write is one transaction; `update` is a compare-and-set, so several hub
 * processes may share one database.
 */
export interface PaymentStore {
  /** Inserts a record; when the registration has one already, returns that one instead. */
  insert(payment: NewPayment): Promise<{ inserted: boolean; record: PaymentRecord }>;
  get(registrationId: string): Promise<PaymentRecord | undefined>;
  findByPaymentIntent(paymentIntentId: string): Promise<PaymentRecord | undefined>;
  findByCheckoutSession(checkoutSessionId: string): Promise<PaymentRecord | undefined>;
  /**
   * Applies the patch only when the stored row meets `expected`, and bumps `version`.
   * Returns whether it applied and the row as it is now; throws when the row does not exist.
   */
  update(
    registrationId: string,
    patch: PaymentPatch,
    expected?: PaymentExpectation,
  ): Promise<{ updated: boolean; record: PaymentRecord }>;
  /** Lists records, oldest first, optionally only those in the given statuses or of a vendor. */
  list(filter?: { status?: readonly PaymentStatus[]; vendorId?: string }): Promise<PaymentRecord[]>;
  /** Stores an event id; returns false when it was stored before (a replay). */
  recordEvent(event: Omit<StoredStripeEvent, 'processedAt'>): Promise<boolean>;
  /** Marks a stored event processed. */
  markEventProcessed(id: string, at: Date): Promise<void>;
  /** Returns a stored event. */
  getEvent(id: string): Promise<StoredStripeEvent | undefined>;
}
