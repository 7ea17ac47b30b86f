import type {
  NewPayment,
  PaymentPatch,
  PaymentRecord,
  PaymentStatus,
  StoredStripeEvent,
} from '../payments/types.js';

/**
 * A `payments` row as either engine returns it: ISO text from SQLite, `Date`s from PostgreSQL,
 * and `bigint` amounts as strings from PostgreSQL.
 */
export interface PaymentRow {
  registration_id: string;
  vendor_id: string;
  path: PaymentRecord['path'];
  status: PaymentStatus;
  currency: string;
  fee_minor: number | string;
  program_fee_minor: number | string | null;
  stripe_account: string | null;
  checkout_session_id: string | null;
  checkout_url: string | null;
  payment_intent_id: string | null;
  attempt: number;
  authorized_at: string | Date | null;
  authorization_expires_at: string | Date | null;
  captured_at: string | Date | null;
  canceled_at: string | Date | null;
  refunded_at: string | Date | null;
  refunded_minor: number | string | null;
  last_error: string | null;
  created_at: string | Date;
  updated_at: string | Date;
  version: number;
}

/** A `stripe_events` row as either engine returns it. */
export interface StripeEventRow {
  id: string;
  type: string;
  account: string | null;
  received_at: string | Date;
  processed_at: string | Date | null;
}

/** A value both drivers bind: text, a number or null. */
export type ColumnValue = string | number | null;

/** Column of each optional record field, in the order of the table. */
const OPTIONAL_COLUMNS = {
  programFeeMinor: 'program_fee_minor',
  stripeAccount: 'stripe_account',
  checkoutSessionId: 'checkout_session_id',
  checkoutUrl: 'checkout_url',
  paymentIntentId: 'payment_intent_id',
  authorizedAt: 'authorized_at',
  authorizationExpiresAt: 'authorization_expires_at',
  capturedAt: 'captured_at',
  canceledAt: 'canceled_at',
  refundedAt: 'refunded_at',
  refundedMinor: 'refunded_minor',
  lastError: 'last_error',
} as const;

/** Column of every field a `PaymentPatch` may set, in the order of the table. */
export const PATCH_COLUMNS: Readonly<Record<keyof PaymentPatch, string>> = {
  status: 'status',
  currency: 'currency',
  feeMinor: 'fee_minor',
  ...OPTIONAL_COLUMNS,
  attempt: 'attempt',
};

/** Every column of `payments`, in the order `insertValues` returns their values. */
export const PAYMENT_COLUMNS: readonly string[] = [
  'registration_id',
  'vendor_id',
  'path',
  'status',
  'currency',
  'fee_minor',
  ...Object.values(OPTIONAL_COLUMNS),
  'attempt',
  'created_at',
  'updated_at',
  'version',
];

/** Converts a `payments` row to a record; absent optional fields stay absent. */
export function paymentFromRow(row: PaymentRow): PaymentRecord {
  const record: PaymentRecord = {
    registrationId: row.registration_id,
    vendorId: row.vendor_id,
    path: row.path,
    status: row.status,
    currency: row.currency,
    feeMinor: Number(row.fee_minor),
    attempt: Number(row.attempt),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    version: Number(row.version),
  };
  if (row.program_fee_minor !== null) record.programFeeMinor = Number(row.program_fee_minor);
  if (row.stripe_account !== null) record.stripeAccount = row.stripe_account;
  if (row.checkout_session_id !== null) record.checkoutSessionId = row.checkout_session_id;
  if (row.checkout_url !== null) record.checkoutUrl = row.checkout_url;
  if (row.payment_intent_id !== null) record.paymentIntentId = row.payment_intent_id;
  if (row.authorized_at !== null) record.authorizedAt = new Date(row.authorized_at);
  if (row.authorization_expires_at !== null) {
    record.authorizationExpiresAt = new Date(row.authorization_expires_at);
  }
  if (row.captured_at !== null) record.capturedAt = new Date(row.captured_at);
  if (row.canceled_at !== null) record.canceledAt = new Date(row.canceled_at);
  if (row.refunded_at !== null) record.refundedAt = new Date(row.refunded_at);
  if (row.refunded_minor !== null) record.refundedMinor = Number(row.refunded_minor);
  if (row.last_error !== null) record.lastError = row.last_error;
  return record;
}

/** Converts a `stripe_events` row to a stored event. */
export function stripeEventFromRow(row: StripeEventRow): StoredStripeEvent {
  const event: StoredStripeEvent = {
    id: row.id,
    type: row.type,
    receivedAt: new Date(row.received_at),
  };
  if (row.account !== null) event.account = row.account;
  if (row.processed_at !== null) event.processedAt = new Date(row.processed_at);
  return event;
}

/** Returns the values of every column of a new row, in the order of `PAYMENT_COLUMNS`. */
export function insertValues(payment: NewPayment, now: Date): ColumnValue[] {
  const optional = Object.keys(OPTIONAL_COLUMNS) as (keyof typeof OPTIONAL_COLUMNS)[];
  return [
    payment.registrationId,
    payment.vendorId,
    payment.path,
    payment.status,
    payment.currency,
    payment.feeMinor,
    ...optional.map((field) => encode(payment[field])),
    payment.attempt,
    now.toISOString(),
    now.toISOString(),
    1,
  ];
}

/**
 * Returns the columns a patch sets with their values, in table order. Only whitelisted column
 * names come back, so callers may put them into SQL text.
 */
export function patchAssignments(patch: PaymentPatch): [column: string, value: ColumnValue][] {
  const assignments: [string, ColumnValue][] = [];
  for (const [field, column] of Object.entries(PATCH_COLUMNS)) {
    const value = patch[field as keyof PaymentPatch];
    if (value !== undefined) assignments.push([column, encode(value)]);
  }
  return assignments;
}

function encode(value: string | number | Date | null | undefined): ColumnValue {
  if (value === undefined || value === null) return null;
  return value instanceof Date ? value.toISOString() : value;
}
