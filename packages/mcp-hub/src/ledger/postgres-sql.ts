/**
 * SQL of the PostgreSQL ledger. As on SQLite, every `UPDATE` names the states it may start
 * from, and PostgreSQL re-checks that condition on the latest row version after waiting for a
 * concurrent writer, so exactly one of several racing updates applies. Each state change and
 * its event are one statement, so they commit together without an explicit transaction.
 */

/** Parameters: id, claim id, now, lease cutoff. */
export const PG_CLAIM_SQL = `
  WITH claimed AS (
    UPDATE registrations
    SET state = 'booking', claim_id = $2, claimed_at = $3::timestamptz,
        attempts = attempts + 1, updated_at = $3::timestamptz
    WHERE id = $1 AND (
      state = 'prepared'
      OR (state = 'failed' AND error_retryable
          AND (retry_not_before IS NULL OR retry_not_before <= $3::timestamptz))
      OR (state = 'booking' AND claimed_at < $4::timestamptz)
    )
    RETURNING *
  ), event AS (
    INSERT INTO registration_events (registration_id, at, type, state, attempt)
      SELECT id, $3::timestamptz, 'claimed', 'booking', attempts FROM claimed
  )
  SELECT * FROM claimed`;

/** Parameters: id, receipt JSON, now. */
export const PG_BOOKED_SQL = `
  WITH booked AS (
    UPDATE registrations
    SET state = 'booked', receipt_json = $2::jsonb, error_code = NULL, error_message = NULL,
        error_retryable = NULL, retry_not_before = NULL, updated_at = $3::timestamptz
    WHERE id = $1 AND state IN ('booking', 'failed', 'prepared')
    RETURNING *
  ), event AS (
    INSERT INTO registration_events (registration_id, at, type, state)
      SELECT id, $3::timestamptz, 'booked', 'booked' FROM booked
  )
  SELECT * FROM booked`;

/** Parameters: id, claim id, code, message, retryable, retry-not-before, now. */
export const PG_FAILED_SQL = `
  WITH failed AS (
    UPDATE registrations
    SET state = 'failed', error_code = $3, error_message = $4, error_retryable = $5,
        retry_not_before = $6::timestamptz, updated_at = $7::timestamptz
    WHERE id = $1 AND state = 'booking' AND claim_id = $2
    RETURNING *
  ), event AS (
    INSERT INTO registration_events (registration_id, at, type, state, error_code)
      SELECT id, $7::timestamptz, 'failed', 'failed', error_code FROM failed
  )
  SELECT * FROM failed`;

/** Parameters: id, receipt JSON, now. */
export const PG_REFRESH_RECEIPT_SQL = `
  WITH refreshed AS (
    UPDATE registrations SET receipt_json = $2::jsonb, updated_at = $3::timestamptz
    WHERE id = $1 AND state = 'booked'
    RETURNING *
  ), event AS (
    INSERT INTO registration_events (registration_id, at, type, state)
      SELECT id, $3::timestamptz, 'refreshed', 'booked' FROM refreshed
  )
  SELECT * FROM refreshed`;

/**
 * Cancels a row still in the state the caller read; never one in `booking`. Parameters: id,
 * from-state, cancellation JSON, receipt status, now.
 */
export const PG_CANCELLED_SQL = `
  WITH cancelled AS (
    UPDATE registrations
    SET state = 'cancelled', cancellation_json = $3::jsonb, updated_at = $5::timestamptz,
        receipt_json = CASE WHEN receipt_json IS NULL OR $4::text IS NULL THEN receipt_json
          ELSE jsonb_set(receipt_json, '{status}', to_jsonb($4::text)) END
    WHERE id = $1 AND state = $2 AND state IN ('prepared', 'failed', 'booked')
    RETURNING *
  ), event AS (
    INSERT INTO registration_events (registration_id, at, type, state)
      SELECT id, $5::timestamptz, 'cancelled', 'cancelled' FROM cancelled
  )
  SELECT * FROM cancelled`;

/**
 * Serializes the prepares of one idempotency key across processes for the rest of the
 * transaction, like SQLite's `BEGIN IMMEDIATE` does for the whole file. Parameter: the key.
 */
export const PG_LOCK_KEY_SQL = 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))';

/** Parameters: key, registration id, fingerprint, now. */
export const PG_RESERVE_SQL = `
  INSERT INTO idempotency_reservations (idempotency_key, registration_id, fingerprint,
      reserved_at)
    VALUES ($1, $2, $3, $4::timestamptz)
    ON CONFLICT (idempotency_key) DO NOTHING`;

/** Parameters: key, registration id, fingerprint, now, lease cutoff. */
export const PG_TAKE_OVER_RESERVATION_SQL = `
  UPDATE idempotency_reservations
  SET registration_id = $2, fingerprint = $3, reserved_at = $4::timestamptz
  WHERE idempotency_key = $1 AND reserved_at < $5::timestamptz`;

/**
 * Parameters: id, key, vendor, connector, program, session, fingerprint, request JSON, booking
 * mode, quote JSON, hold JSON, expiry, now.
 */
export const PG_INSERT_PREPARED_SQL = `
  INSERT INTO registrations (id, idempotency_key, vendor_id, connector_id, program_id,
      session_id, fingerprint, request_json, booking_mode, quote_json, hold_json,
      expires_at, state, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10::jsonb, $11::jsonb,
      $12::timestamptz, 'prepared', $13::timestamptz, $13::timestamptz)
    RETURNING *`;
