import type {
  BookingReceipt,
  CancellationResult,
  ConnectorErrorCode,
  Hold,
} from '@signupassist/contract';
import type {
  BookingMode,
  PriceBreakdown,
  RegistrationRecord,
  RegistrationState,
  StoredRequest,
} from './types.js';

/**
 * A `registrations` row as either engine returns it. SQLite returns timestamps and JSON as
 * text and booleans as 0 or 1. PostgreSQL returns `Date`s, parsed `jsonb` and booleans.
 */
export interface RegistrationRow {
  id: string;
  idempotency_key: string;
  vendor_id: string;
  connector_id: string;
  program_id: string;
  session_id: string;
  fingerprint: string;
  request_json: unknown;
  booking_mode: BookingMode;
  quote_json: unknown;
  hold_json: unknown;
  expires_at: string | Date;
  state: RegistrationState;
  claim_id: string | null;
  claimed_at: string | Date | null;
  attempts: number;
  receipt_json: unknown;
  cancellation_json: unknown;
  error_code: string | null;
  error_message: string | null;
  error_retryable: number | boolean | null;
  retry_not_before: string | Date | null;
  created_at: string | Date;
  updated_at: string | Date;
}

/** Decoder of a JSON column: `JSON.parse` for SQLite text, the identity for `jsonb`. */
export type JsonDecoder = (value: unknown) => unknown;

/** Decodes JSON stored as text. */
export const parseJsonText: JsonDecoder = (value) => JSON.parse(value as string);

/** Converts a row to a record, decoding its JSON columns with `json`. */
export function fromRow(row: RegistrationRow, json: JsonDecoder): RegistrationRecord {
  const record: RegistrationRecord = {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    vendorId: row.vendor_id,
    connectorId: row.connector_id,
    programId: row.program_id,
    sessionId: row.session_id,
    fingerprint: row.fingerprint,
    request: json(row.request_json) as StoredRequest,
    bookingMode: row.booking_mode,
    expiresAt: new Date(row.expires_at),
    state: row.state,
    attempts: row.attempts,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
  if (row.quote_json !== null) record.quote = json(row.quote_json) as PriceBreakdown;
  if (row.hold_json !== null) record.hold = json(row.hold_json) as Hold;
  if (row.receipt_json !== null) record.receipt = json(row.receipt_json) as BookingReceipt;
  if (row.cancellation_json !== null) {
    record.cancellation = json(row.cancellation_json) as CancellationResult;
  }
  if (row.claimed_at !== null) record.claimedAt = new Date(row.claimed_at);
  if (row.retry_not_before !== null) record.retryNotBefore = new Date(row.retry_not_before);
  if (row.error_code !== null) {
    record.error = {
      code: row.error_code as ConnectorErrorCode,
      message: row.error_message ?? '',
      retryable: row.error_retryable === 1 || row.error_retryable === true,
    };
  }
  return record;
}
