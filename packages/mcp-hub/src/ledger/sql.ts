/**
 * SQL of the SQLite ledger's state changes. Every `UPDATE` names the states it may start from,
 * so a change decided on an earlier read cannot overwrite a row that moved on meanwhile.
 */

/** Rows from which a claim may be taken: see `RegistrationLedger.claimBooking`. */
export const CLAIM_SQL = `
  UPDATE registrations
  SET state = 'booking', claim_id = @claimId, claimed_at = @now, attempts = attempts + 1,
      updated_at = @now
  WHERE id = @id AND (
    state = 'prepared'
    OR (state = 'failed' AND error_retryable = 1
        AND (retry_not_before IS NULL OR retry_not_before <= @now))
    OR (state = 'booking' AND claimed_at < @leaseCutoff)
  )`;

/** Inserts a `prepared` row. */
export const INSERT_PREPARED_SQL = `
  INSERT INTO registrations (id, idempotency_key, vendor_id, connector_id, program_id,
      session_id, fingerprint, request_json, booking_mode, quote_json, hold_json,
      expires_at, state, created_at, updated_at)
    VALUES (@id, @idempotencyKey, @vendorId, @connectorId, @programId, @sessionId,
      @fingerprint, @request, @bookingMode, @quote, @hold, @expiresAt, 'prepared',
      @now, @now)`;

/** Stores a receipt; a row already `booked` or `cancelled` keeps what it has. */
export const BOOKED_SQL = `
  UPDATE registrations
  SET state = 'booked', receipt_json = @receipt, error_code = NULL, error_message = NULL,
      error_retryable = NULL, retry_not_before = NULL, updated_at = @now
  WHERE id = @id AND state IN ('booking', 'failed', 'prepared')`;

/** Stores a failure while the claim is still the caller's. */
export const FAILED_SQL = `
  UPDATE registrations
  SET state = 'failed', error_code = @code, error_message = @message,
      error_retryable = @retryable, retry_not_before = @retryNotBefore, updated_at = @now
  WHERE id = @id AND state = 'booking' AND claim_id = @claimId`;

/**
 * Cancels a row that is still in the state the caller read. A row in `booking` is never
 * cancelled, because its booking may be made at any moment.
 */
export const CANCELLED_SQL = `
  UPDATE registrations
  SET state = 'cancelled', cancellation_json = @cancellation, updated_at = @now,
      receipt_json = CASE WHEN receipt_json IS NULL OR @status IS NULL THEN receipt_json
        ELSE json_set(receipt_json, '$.status', @status) END
  WHERE id = @id AND state = @from AND state IN ('prepared', 'failed', 'booked')`;

/** Takes a key reservation; it fails on the primary key when the key is reserved already. */
export const RESERVE_SQL = `
  INSERT INTO idempotency_reservations (idempotency_key, registration_id, fingerprint,
      reserved_at)
    VALUES (@idempotencyKey, @registrationId, @fingerprint, @now)
    ON CONFLICT (idempotency_key) DO NOTHING`;

/** Takes over a reservation whose prepare has not finished within the lease. */
export const TAKE_OVER_RESERVATION_SQL = `
  UPDATE idempotency_reservations
  SET registration_id = @registrationId, fingerprint = @fingerprint, reserved_at = @now
  WHERE idempotency_key = @idempotencyKey AND reserved_at < @leaseCutoff`;
