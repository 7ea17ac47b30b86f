/** SQL of the PostgreSQL vendor store. */

/** Vendor columns in the order of `$1` … `$15`. */
const VENDOR_COLUMNS = `id, display_name, connector_id, config_json, capability_overrides_json,
  time_zone, status, verified_at, verification_valid, verification_account_id,
  verification_problems_json, version, created_at, updated_at, payments_json`;

/** Inserts a vendor unless the id exists; no returned row means a duplicate id. */
export const PG_INSERT_VENDOR_SQL = `
  INSERT INTO vendors (${VENDOR_COLUMNS})
    VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8::timestamptz, $9, $10, $11::jsonb,
      $12, $13::timestamptz, $14::timestamptz, $15::jsonb)
    ON CONFLICT (id) DO NOTHING
    RETURNING id`;

/**
 * Writes every column of a vendor row locked by `FOR UPDATE`, but `created_at`. Parameters:
 * `$1` … `$12` as in `PG_INSERT_VENDOR_SQL`, `$13` the update time, `$14` the version read,
 * `$15` the payment settings.
 */
export const PG_UPDATE_VENDOR_SQL = `
  UPDATE vendors
  SET display_name = $2, connector_id = $3, config_json = $4::jsonb,
      capability_overrides_json = $5::jsonb, time_zone = $6, status = $7,
      verified_at = $8::timestamptz, verification_valid = $9, verification_account_id = $10,
      verification_problems_json = $11::jsonb, version = $12, updated_at = $13::timestamptz,
      payments_json = $15::jsonb
  WHERE id = $1 AND version = $14`;

/**
 * Stores or replaces a vendor's sealed credentials; no returned row means the vendor is
 * missing. Parameters: vendor id, key id, iv, auth tag, ciphertext, fingerprint, updated at.
 */
export const PG_UPSERT_CREDENTIALS_SQL = `
  INSERT INTO vendor_credentials (vendor_id, key_id, iv, auth_tag, ciphertext, fingerprint,
      updated_at)
    SELECT $1, $2, $3, $4, $5, $6, $7::timestamptz
    WHERE EXISTS (SELECT 1 FROM vendors WHERE id = $1)
    ON CONFLICT (vendor_id) DO UPDATE SET key_id = excluded.key_id, iv = excluded.iv,
      auth_tag = excluded.auth_tag, ciphertext = excluded.ciphertext,
      fingerprint = excluded.fingerprint, updated_at = excluded.updated_at
    RETURNING vendor_id`;

/**
 * Replaces credentials only while they still have the key id (`$8`) and fingerprint (`$9`)
 * that were read. Parameters 1 to 7 as in `PG_UPSERT_CREDENTIALS_SQL`.
 */
export const PG_REPLACE_EXPECTED_CREDENTIALS_SQL = `
  UPDATE vendor_credentials
  SET key_id = $2, iv = $3, auth_tag = $4, ciphertext = $5, fingerprint = $6,
      updated_at = $7::timestamptz
  WHERE vendor_id = $1 AND key_id = $8 AND fingerprint = $9`;

/** Appends an audit entry and returns its sequence. */
export const PG_INSERT_AUDIT_SQL = `
  INSERT INTO vendor_audit (vendor_id, at, actor, action, details_json)
    VALUES ($1, $2::timestamptz, $3, $4, $5::jsonb)
    RETURNING sequence`;

/** Moves the change stamp on; runs in the transaction of every vendor or credential write. */
export const PG_BUMP_CHANGES_SQL = 'UPDATE vendor_changes SET counter = counter + 1 WHERE id = 1';

/** Locks the change stamp's row until the transaction ends; see `PostgresVendorStore.transaction`. */
export const PG_LOCK_CHANGES_SQL = 'SELECT counter FROM vendor_changes WHERE id = 1 FOR UPDATE';
