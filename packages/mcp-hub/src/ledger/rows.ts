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

/** A `registrations` row as SQLite returns it. */
export interface RegistrationRow {
  id: string;
  idempotency_key: string;
  vendor_id: string;
  connector_id: string;
  program_id: string;
  session_id: string;
  fingerprint: string;
  request_json: string;
  booking_mode: BookingMode;
  quote_json: string | null;
  hold_json: string | null;
  expires_at: string;
  state: RegistrationState;
  claim_id: string | null;
  claimed_at: string | null;
  attempts: number;
  receipt_json: string | null;
  cancellation_json: string | null;
  error_code: string | null;
  error_message: string | null;
  error_retryable: number | null;
  retry_not_before: string | null;
  created_at: string;
  updated_at: string;
}

/** Converts a row to a record, parsing its JSON columns. */
export function fromRow(row: RegistrationRow): RegistrationRecord {
  const record: RegistrationRecord = {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    vendorId: row.vendor_id,
    connectorId: row.connector_id,
    programId: row.program_id,
    sessionId: row.session_id,
    fingerprint: row.fingerprint,
    request: JSON.parse(row.request_json) as StoredRequest,
    bookingMode: row.booking_mode,
    expiresAt: new Date(row.expires_at),
    state: row.state,
    attempts: row.attempts,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
  if (row.quote_json !== null) record.quote = JSON.parse(row.quote_json) as PriceBreakdown;
  if (row.hold_json !== null) record.hold = JSON.parse(row.hold_json) as Hold;
  if (row.receipt_json !== null) record.receipt = JSON.parse(row.receipt_json) as BookingReceipt;
  if (row.cancellation_json !== null) {
    record.cancellation = JSON.parse(row.cancellation_json) as CancellationResult;
  }
  if (row.claimed_at !== null) record.claimedAt = new Date(row.claimed_at);
  if (row.retry_not_before !== null) record.retryNotBefore = new Date(row.retry_not_before);
  if (row.error_code !== null) {
    record.error = {
      code: row.error_code as ConnectorErrorCode,
      message: row.error_message ?? '',
      retryable: row.error_retryable === 1,
    };
  }
  return record;
}
