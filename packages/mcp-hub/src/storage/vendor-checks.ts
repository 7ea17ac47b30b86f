import type { AuditEntry } from '../vendors/registry-types.js';
import { StorageError } from './errors.js';
import type { NewSealedCredentials, NewVendor, VendorPatch } from './types.js';

const STATUSES = new Set(['draft', 'verified', 'live', 'suspended']);

/** Raises `invalid` unless `value` is a non-empty string. */
export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new StorageError('invalid', `${field} must be a non-empty string, got ${show(value)}.`);
  }
  return value;
}

/** Raises `invalid` unless `value` is a valid `Date`. */
export function requireDate(value: unknown, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new StorageError('invalid', `${field} must be a valid Date, got ${show(value)}.`);
  }
  return value;
}

/** Encodes `value` as JSON text, raising `invalid` when it has no JSON form. */
export function toJsonText(value: unknown, field: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new StorageError('invalid', `${field} cannot be stored as JSON: ${String(error)}.`, {
      cause: error,
    });
  }
  if (text === undefined) {
    throw new StorageError('invalid', `${field} cannot be stored as JSON: pass an object.`);
  }
  return text;
}

/** Checks the fields of a new vendor before any SQL runs. */
export function checkNewVendor(vendor: NewVendor): void {
  requireText(vendor.id, 'Vendor id');
  requireText(vendor.displayName, `Display name of vendor "${vendor.id}"`);
  requireText(vendor.connector, `Connector of vendor "${vendor.id}"`);
  requireText(vendor.timeZone, `Time zone of vendor "${vendor.id}"`);
  if (vendor.config === undefined) {
    throw new StorageError(
      'invalid',
      `Config of vendor "${vendor.id}" is missing: pass an object, {} when the connector needs none.`,
    );
  }
  if (vendor.status !== undefined) checkStatus(vendor.status, vendor.id);
}

/** Checks the fields a patch sets. */
export function checkPatch(id: string, patch: VendorPatch): void {
  if (patch.displayName !== undefined) requireText(patch.displayName, `Display name of "${id}"`);
  if (patch.connector !== undefined) requireText(patch.connector, `Connector of "${id}"`);
  if (patch.timeZone !== undefined) requireText(patch.timeZone, `Time zone of "${id}"`);
  if (patch.status !== undefined) checkStatus(patch.status, id);
  if (patch.lastVerification) {
    requireDate(patch.lastVerification.at, `Verification time of "${id}"`);
  }
}

/** Checks sealed credentials: ids as text and the three byte fields as `Uint8Array`s. */
export function checkCredentials(credentials: NewSealedCredentials): void {
  const vendorId = requireText(credentials.vendorId, 'Vendor id of the credentials');
  requireText(credentials.keyId, `Key id of the credentials of "${vendorId}"`);
  requireText(credentials.fingerprint, `Fingerprint of the credentials of "${vendorId}"`);
  for (const field of ['iv', 'authTag', 'ciphertext'] as const) {
    if (!(credentials[field] instanceof Uint8Array)) {
      throw new StorageError(
        'invalid',
        `${field} of the credentials of "${vendorId}" must be a Uint8Array or Buffer, ` +
          `got ${show(credentials[field])}.`,
      );
    }
  }
  if (credentials.updatedAt !== undefined) {
    requireDate(credentials.updatedAt, `updatedAt of the credentials of "${vendorId}"`);
  }
}

/** Checks an audit entry; `details` must be a JSON object. */
export function checkAudit(entry: AuditEntry): void {
  const vendorId = requireText(entry.vendorId, 'Vendor id of the audit entry');
  requireDate(entry.at, `Time of the audit entry of "${vendorId}"`);
  requireText(entry.actor, `Actor of the audit entry of "${vendorId}"`);
  requireText(entry.action, `Action of the audit entry of "${vendorId}"`);
  if (typeof entry.details !== 'object' || entry.details === null || Array.isArray(entry.details)) {
    throw new StorageError(
      'invalid',
      `Details of the audit entry of "${vendorId}" must be an object, got ${show(entry.details)}.`,
    );
  }
}

function checkStatus(status: string, id: string): void {
  if (!STATUSES.has(status)) {
    throw new StorageError(
      'invalid',
      `Status of vendor "${id}" must be draft, verified, live or suspended, got ${show(status)}.`,
    );
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return 'an invalid Date';
  return value === null ? 'null' : typeof value;
}
