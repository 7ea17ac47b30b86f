/**
 * SQLite statements of each schema version. Timestamps are ISO 8601 text in UTC, JSON is text
 * and booleans are 0 or 1.
 */
export const SQLITE_SCHEMA: Readonly<Record<number, string>> = {
  1: `
    CREATE TABLE registrations (
      id TEXT PRIMARY KEY,
      idempotency_key TEXT NOT NULL UNIQUE,
      vendor_id TEXT NOT NULL,
      connector_id TEXT NOT NULL,
      program_id TEXT NOT NULL,
      session_id TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      request_json TEXT NOT NULL,
      booking_mode TEXT NOT NULL CHECK (booking_mode IN ('api', 'handoff')),
      quote_json TEXT,
      hold_json TEXT,
      expires_at TEXT NOT NULL,
      state TEXT NOT NULL
        CHECK (state IN ('prepared', 'booking', 'booked', 'failed', 'cancelled')),
      claim_id TEXT,
      claimed_at TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      receipt_json TEXT,
      cancellation_json TEXT,
      error_code TEXT,
      error_message TEXT,
      error_retryable INTEGER,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX registrations_vendor_created ON registrations (vendor_id, created_at);
    CREATE TABLE registration_events (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      registration_id TEXT NOT NULL REFERENCES registrations (id),
      at TEXT NOT NULL,
      type TEXT NOT NULL,
      state TEXT NOT NULL,
      error_code TEXT,
      attempt INTEGER
    );
    CREATE INDEX registration_events_registration ON registration_events (registration_id, id);
  `,
  2: `
    ALTER TABLE registrations ADD COLUMN retry_not_before TEXT;
    CREATE TABLE idempotency_reservations (
      idempotency_key TEXT PRIMARY KEY,
      registration_id TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      reserved_at TEXT NOT NULL
    );
  `,
  3: `
    CREATE TABLE vendors (
      id TEXT PRIMARY KEY,
      display_name TEXT NOT NULL,
      connector_id TEXT NOT NULL,
      config_json TEXT NOT NULL,
      capability_overrides_json TEXT,
      time_zone TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('draft', 'verified', 'live', 'suspended')),
      verified_at TEXT,
      verification_valid INTEGER,
      verification_account_id TEXT,
      verification_problems_json TEXT,
      version INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX vendors_status ON vendors (status, id);
    CREATE TABLE vendor_credentials (
      vendor_id TEXT PRIMARY KEY REFERENCES vendors (id),
      key_id TEXT NOT NULL,
      iv BLOB NOT NULL,
      auth_tag BLOB NOT NULL,
      ciphertext BLOB NOT NULL,
      fingerprint TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE vendor_audit (
      sequence INTEGER PRIMARY KEY AUTOINCREMENT,
      vendor_id TEXT NOT NULL,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      details_json TEXT NOT NULL
    );
    CREATE INDEX vendor_audit_vendor ON vendor_audit (vendor_id, sequence);
    CREATE TRIGGER vendor_audit_no_update BEFORE UPDATE ON vendor_audit
      BEGIN SELECT RAISE(ABORT, 'vendor_audit is append-only: rows cannot be updated'); END;
    CREATE TRIGGER vendor_audit_no_delete BEFORE DELETE ON vendor_audit
      BEGIN SELECT RAISE(ABORT, 'vendor_audit is append-only: rows cannot be deleted'); END;
    CREATE TABLE vendor_changes (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      counter INTEGER NOT NULL
    );
    INSERT INTO vendor_changes (id, counter) VALUES (1, 0);
  `,
  4: `
    CREATE TABLE payments (
      registration_id TEXT PRIMARY KEY,
      vendor_id TEXT NOT NULL,
      path TEXT NOT NULL CHECK (path IN ('success_fee', 'connect')),
      status TEXT NOT NULL CHECK (status IN ('checkout_pending', 'authorized', 'captured',
        'canceled', 'owed', 'refunded', 'failed')),
      currency TEXT NOT NULL,
      fee_minor INTEGER NOT NULL CHECK (fee_minor >= 0),
      program_fee_minor INTEGER CHECK (program_fee_minor >= 0),
      stripe_account TEXT,
      checkout_session_id TEXT,
      checkout_url TEXT,
      payment_intent_id TEXT,
      attempt INTEGER NOT NULL CHECK (attempt >= 0),
      authorized_at TEXT,
      authorization_expires_at TEXT,
      captured_at TEXT,
      canceled_at TEXT,
      refunded_at TEXT,
      refunded_minor INTEGER CHECK (refunded_minor >= 0),
      last_error TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      version INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX payments_payment_intent ON payments (payment_intent_id)
      WHERE payment_intent_id IS NOT NULL;
    CREATE UNIQUE INDEX payments_checkout_session ON payments (checkout_session_id)
      WHERE checkout_session_id IS NOT NULL;
    CREATE INDEX payments_status_created ON payments (status, created_at);
    CREATE INDEX payments_vendor_created ON payments (vendor_id, created_at);
    CREATE TABLE stripe_events (
      id TEXT PRIMARY KEY,
      type TEXT NOT NULL,
      account TEXT,
      received_at TEXT NOT NULL,
      processed_at TEXT
    );
    ALTER TABLE vendors ADD COLUMN payments_json TEXT;
  `,
};
