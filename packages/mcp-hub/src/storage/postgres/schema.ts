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
  4: `
    CREATE TABLE payments (
      registration_id text PRIMARY KEY,
      vendor_id text NOT NULL,
      path text NOT NULL CHECK (path IN ('success_fee', 'connect')),
      status text NOT NULL CHECK (status IN ('checkout_pending', 'authorized', 'captured',
        'canceled', 'owed', 'refunded', 'failed')),
      currency text NOT NULL,
      fee_minor bigint NOT NULL CHECK (fee_minor >= 0),
      program_fee_minor bigint CHECK (program_fee_minor >= 0),
      stripe_account text,
      checkout_session_id text,
      checkout_url text,
      payment_intent_id text,
      attempt integer NOT NULL CHECK (attempt >= 0),
      authorized_at timestamptz,
      authorization_expires_at timestamptz,
      captured_at timestamptz,
      canceled_at timestamptz,
      refunded_at timestamptz,
      refunded_minor bigint CHECK (refunded_minor >= 0),
      last_error text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      version integer NOT NULL
    );
    CREATE UNIQUE INDEX payments_payment_intent ON payments (payment_intent_id)
      WHERE payment_intent_id IS NOT NULL;
    CREATE UNIQUE INDEX payments_checkout_session ON payments (checkout_session_id)
      WHERE checkout_session_id IS NOT NULL;
    CREATE INDEX payments_status_created ON payments (status, created_at);
    CREATE INDEX payments_vendor_created ON payments (vendor_id, created_at);
    CREATE TABLE stripe_events (
      id text PRIMARY KEY,
      type text NOT NULL,
      account text,
      received_at timestamptz NOT NULL,
      processed_at timestamptz
    );
    ALTER TABLE vendors ADD COLUMN payments_json jsonb;
  `,
};
