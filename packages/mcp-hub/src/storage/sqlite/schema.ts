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
};
