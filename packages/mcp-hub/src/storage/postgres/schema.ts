/**
 * PostgreSQL statements of each schema version: the tables and columns of the SQLite schema,
 * with `timestamptz` timestamps, `jsonb` documents, `boolean` flags and `bytea` bytes.
 */
export const POSTGRES_SCHEMA: Readonly<Record<number, string>> = {
  1: `
    CREATE TABLE registrations (
      id text PRIMARY KEY,
      idempotency_key text NOT NULL UNIQUE,
      vendor_id text NOT NULL,
      connector_id text NOT NULL,
      program_id text NOT NULL,
      session_id text NOT NULL,
      fingerprint text NOT NULL,
      request_json jsonb NOT NULL,
      booking_mode text NOT NULL CHECK (booking_mode IN ('api', 'handoff')),
      quote_json jsonb,
      hold_json jsonb,
      expires_at timestamptz NOT NULL,
      state text NOT NULL
        CHECK (state IN ('prepared', 'booking', 'booked', 'failed', 'cancelled')),
      claim_id text,
      claimed_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      receipt_json jsonb,
      cancellation_json jsonb,
      error_code text,
      error_message text,
      error_retryable boolean,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE INDEX registrations_vendor_created ON registrations (vendor_id, created_at);
    CREATE TABLE registration_events (
      id bigserial PRIMARY KEY,
      registration_id text NOT NULL REFERENCES registrations (id),
      at timestamptz NOT NULL,
      type text NOT NULL,
      state text NOT NULL,
      error_code text,
      attempt integer
    );
    CREATE INDEX registration_events_registration ON registration_events (registration_id, id);
  `,
  2: `
    ALTER TABLE registrations ADD COLUMN retry_not_before timestamptz;
    CREATE TABLE idempotency_reservations (
      idempotency_key text PRIMARY KEY,
      registration_id text NOT NULL,
      fingerprint text NOT NULL,
      reserved_at timestamptz NOT NULL
    );
  `,
  3: `
    CREATE TABLE vendors (
      id text PRIMARY KEY,
      display_name text NOT NULL,
      connector_id text NOT NULL,
      config_json jsonb NOT NULL,
      capability_overrides_json jsonb,
      time_zone text NOT NULL,
      status text NOT NULL CHECK (status IN ('draft', 'verified', 'live', 'suspended')),
      verified_at timestamptz,
      verification_valid boolean,
      verification_account_id text,
      verification_problems_json jsonb,
      version integer NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE INDEX vendors_status ON vendors (status, id);
    CREATE TABLE vendor_credentials (
      vendor_id text PRIMARY KEY REFERENCES vendors (id),
      key_id text NOT NULL,
      iv bytea NOT NULL,
      auth_tag bytea NOT NULL,
      ciphertext bytea NOT NULL,
      fingerprint text NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE TABLE vendor_audit (
      sequence bigserial PRIMARY KEY,
      vendor_id text NOT NULL,
      at timestamptz NOT NULL,
      actor text NOT NULL,
      action text NOT NULL,
      details_json jsonb NOT NULL
    );
    CREATE INDEX vendor_audit_vendor ON vendor_audit (vendor_id, sequence);
    CREATE FUNCTION vendor_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'vendor_audit is append-only: rows cannot be %', lower(TG_OP) || 'd';
      END;
    $$;
    CREATE TRIGGER vendor_audit_append_only BEFORE UPDATE OR DELETE ON vendor_audit
      FOR EACH ROW EXECUTE FUNCTION vendor_audit_append_only();
    CREATE TABLE vendor_changes (
      id integer PRIMARY KEY CHECK (id = 1),
      counter bigint NOT NULL
    );
    INSERT INTO vendor_changes (id, counter) VALUES (1, 0);
  `,
};
