/** SQL of the SQLite vendor store, with named parameters of `VendorColumns`. */

/** Inserts a vendor unless the id exists; zero changes mean a duplicate id. */
export const INSERT_VENDOR_SQL = `
  INSERT INTO vendors (id, display_name, connector_id, config_json, capability_overrides_json,
      time_zone, status, verified_at, verification_valid, verification_account_id,
      verification_problems_json, payments_json, version, created_at, updated_at)
    VALUES (@id, @displayName, @connector, @config, @capabilityOverrides, @timeZone, @status,
      @verifiedAt, @verificationValid, @verificationAccountId, @verificationProblems, @payments,
      @version, @createdAt, @updatedAt)
    ON CONFLICT (id) DO NOTHING`;

/** Writes every column of a vendor while it still has the version that was read. */
export const UPDATE_VENDOR_SQL = `
  UPDATE vendors
  SET display_name = @displayName, connector_id = @connector, config_json = @config,
      capability_overrides_json = @capabilityOverrides, time_zone = @timeZone, status = @status,
      verified_at = @verifiedAt, verification_valid = @verificationValid,
      verification_account_id = @verificationAccountId,
      verification_problems_json = @verificationProblems, payments_json = @payments,
      version = @version,
      updated_at = @updatedAt
  WHERE id = @id AND version = @expectedVersion`;

/** Stores or replaces a vendor's sealed credentials. */
export const UPSERT_CREDENTIALS_SQL = `
  INSERT INTO vendor_credentials (vendor_id, key_id, iv, auth_tag, ciphertext, fingerprint,
      updated_at)
    VALUES (@vendorId, @keyId, @iv, @authTag, @ciphertext, @fingerprint, @updatedAt)
    ON CONFLICT (vendor_id) DO UPDATE SET key_id = excluded.key_id, iv = excluded.iv,
      auth_tag = excluded.auth_tag, ciphertext = excluded.ciphertext,
      fingerprint = excluded.fingerprint, updated_at = excluded.updated_at`;

/** Replaces credentials only while they still have the key id and fingerprint that were read. */
export const REPLACE_EXPECTED_CREDENTIALS_SQL = `
  UPDATE vendor_credentials
  SET key_id = @keyId, iv = @iv, auth_tag = @authTag, ciphertext = @ciphertext,
      fingerprint = @fingerprint, updated_at = @updatedAt
  WHERE vendor_id = @vendorId AND key_id = @expectedKeyId
    AND fingerprint = @expectedFingerprint`;

/** Appends an audit entry. */
export const INSERT_AUDIT_SQL = `
  INSERT INTO vendor_audit (vendor_id, at, actor, action, details_json)
    VALUES (@vendorId, @at, @actor, @action, @details)`;

/** Moves the change stamp on; runs in the transaction of every vendor or credential write. */
export const BUMP_CHANGES_SQL = 'UPDATE vendor_changes SET counter = counter + 1 WHERE id = 1';
