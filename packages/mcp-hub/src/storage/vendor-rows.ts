import type { CapabilityOverrides } from '@signupassist/contract';
import type { JsonDecoder } from '../ledger/rows.js';
import type { VendorPayments } from '../payments/config.js';
import type { RegistryVendorStatus, VerificationSummary } from '../vendors/registry-types.js';
import { toJsonText } from './vendor-checks.js';
import type {
  NewVendor,
  SealedCredentials,
  StoredAuditEntry,
  StoredVendor,
  VendorPatch,
} from './types.js';

/**
 * A `vendors` row as either engine returns it: text and 0/1 from SQLite, `Date`s, `jsonb` and
 * booleans from PostgreSQL.
 */
export interface VendorRow {
  id: string;
  display_name: string;
  connector_id: string;
  config_json: unknown;
  capability_overrides_json: unknown;
  time_zone: string;
  status: RegistryVendorStatus;
  verified_at: string | Date | null;
  verification_valid: number | boolean | null;
  verification_account_id: string | null;
  verification_problems_json: unknown;
  payments_json: unknown;
  version: number;
  created_at: string | Date;
  updated_at: string | Date;
}

/** A `vendor_credentials` row; both engines return the bytes as `Buffer`s. */
export interface CredentialsRow {
  vendor_id: string;
  key_id: string;
  iv: Uint8Array;
  auth_tag: Uint8Array;
  ciphertext: Uint8Array;
  fingerprint: string;
  updated_at: string | Date;
}

/** A `vendor_audit` row; PostgreSQL returns the `bigserial` sequence as a string. */
export interface AuditRow {
  sequence: number | string;
  vendor_id: string;
  at: string | Date;
  actor: string;
  action: string;
  details_json: unknown;
}

/** Column values of a vendor in the form both engines bind: text, numbers and null. */
export interface VendorColumns {
  id: string;
  displayName: string;
  connector: string;
  config: string;
  capabilityOverrides: string | null;
  timeZone: string;
  status: RegistryVendorStatus;
  verifiedAt: string | null;
  verificationValid: boolean | null;
  verificationAccountId: string | null;
  verificationProblems: string | null;
  payments: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Converts a `vendors` row to a vendor, decoding JSON columns with `json`. */
export function vendorFromRow(row: VendorRow, json: JsonDecoder): StoredVendor {
  const vendor: StoredVendor = {
    id: row.id,
    displayName: row.display_name,
    connector: row.connector_id,
    config: json(row.config_json),
    timeZone: row.time_zone,
    status: row.status,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    version: Number(row.version),
  };
  if (row.capability_overrides_json !== null) {
    vendor.capabilityOverrides = json(row.capability_overrides_json) as CapabilityOverrides;
  }
  if (row.verified_at !== null) {
    const verification: VerificationSummary = {
      at: new Date(row.verified_at),
      valid: row.verification_valid === 1 || row.verification_valid === true,
    };
    if (row.verification_account_id !== null) {
      verification.accountId = row.verification_account_id;
    }
    if (row.verification_problems_json !== null) {
      verification.problems = json(row.verification_problems_json) as string[];
    }
    vendor.lastVerification = verification;
  }
  if (row.payments_json !== null) vendor.payments = json(row.payments_json) as VendorPayments;
  return vendor;
}

/** Converts a `vendor_credentials` row to sealed credentials. */
export function credentialsFromRow(row: CredentialsRow): SealedCredentials {
  return {
    vendorId: row.vendor_id,
    keyId: row.key_id,
    iv: row.iv,
    authTag: row.auth_tag,
    ciphertext: row.ciphertext,
    fingerprint: row.fingerprint,
    updatedAt: new Date(row.updated_at),
  };
}

/** Converts a `vendor_audit` row to an audit entry. */
export function auditFromRow(row: AuditRow, json: JsonDecoder): StoredAuditEntry {
  return {
    sequence: Number(row.sequence),
    vendorId: row.vendor_id,
    at: new Date(row.at),
    actor: row.actor,
    action: row.action,
    details: json(row.details_json) as Record<string, unknown>,
  };
}

/** Builds the version-1 vendor that `insertVendor` stores. */
export function createVendor(input: NewVendor, now: Date): StoredVendor {
  const vendor: StoredVendor = {
    id: input.id,
    displayName: input.displayName,
    connector: input.connector,
    config: input.config,
    timeZone: input.timeZone,
    status: input.status ?? 'draft',
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  if (input.capabilityOverrides !== undefined) {
    vendor.capabilityOverrides = input.capabilityOverrides;
  }
  if (input.payments !== undefined) vendor.payments = input.payments;
  return vendor;
}

/** Applies a patch to the current vendor and moves its version and `updatedAt` on. */
export function patchVendor(current: StoredVendor, patch: VendorPatch, now: Date): StoredVendor {
  const next: StoredVendor = { ...current, version: current.version + 1, updatedAt: now };
  if (patch.displayName !== undefined) next.displayName = patch.displayName;
  if (patch.connector !== undefined) next.connector = patch.connector;
  if (patch.config !== undefined) next.config = patch.config;
  if (patch.timeZone !== undefined) next.timeZone = patch.timeZone;
  if (patch.status !== undefined) next.status = patch.status;
  if (patch.capabilityOverrides === null) delete next.capabilityOverrides;
  else if (patch.capabilityOverrides !== undefined) {
    next.capabilityOverrides = patch.capabilityOverrides;
  }
  if (patch.lastVerification === null) delete next.lastVerification;
  else if (patch.lastVerification !== undefined) next.lastVerification = patch.lastVerification;
  if (patch.payments === null) delete next.payments;
  else if (patch.payments !== undefined) next.payments = patch.payments;
  return next;
}

/** Encodes a vendor's columns: JSON as text and timestamps as ISO 8601 in UTC. */
export function vendorColumns(vendor: StoredVendor): VendorColumns {
  const verification = vendor.lastVerification;
  return {
    id: vendor.id,
    displayName: vendor.displayName,
    connector: vendor.connector,
    config: toJsonText(vendor.config, `Config of vendor "${vendor.id}"`),
    capabilityOverrides:
      vendor.capabilityOverrides === undefined
        ? null
        : toJsonText(vendor.capabilityOverrides, `Capability overrides of "${vendor.id}"`),
    timeZone: vendor.timeZone,
    status: vendor.status,
    verifiedAt: verification?.at.toISOString() ?? null,
    verificationValid: verification === undefined ? null : verification.valid,
    verificationAccountId: verification?.accountId ?? null,
    verificationProblems:
      verification?.problems === undefined
        ? null
        : toJsonText(verification.problems, `Verification problems of "${vendor.id}"`),
    payments:
      vendor.payments === undefined
        ? null
        : toJsonText(vendor.payments, `Payment settings of "${vendor.id}"`),
    version: vendor.version,
    createdAt: vendor.createdAt.toISOString(),
    updatedAt: vendor.updatedAt.toISOString(),
  };
}

/** Returns the bytes as a `Buffer` over the same memory, as both drivers bind them. */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}
