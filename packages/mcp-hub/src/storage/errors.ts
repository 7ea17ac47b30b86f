/**
 * Codes of storage errors a caller must tell apart. `invalid`: a value cannot be stored as
 * given. `conflict`: a vendor with the id exists. `not_found`: no vendor has the id.
 * `version_conflict`: the row changed since it was read. `connection_failed`: the database
 * could not be reached or opened. `schema_too_new`: a newer release migrated the database.
 */
export type StorageErrorCode =
  | 'invalid'
  | 'conflict'
  | 'not_found'
  | 'version_conflict'
  | 'connection_failed'
  | 'schema_too_new';

// Symbol.for gives the same symbol in every copy of this package, so the brand check works
// across bundled copies.
const BRAND = Symbol.for('@signupassist/mcp-hub/StorageError');

/** An error of the hub's storage, with a code to branch on. Messages hold no secret values. */
export class StorageError extends Error {
  /** Error code; see {@link StorageErrorCode}. */
  readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StorageError';
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** Checks by brand, not `instanceof`, so errors from another copy of this package match. */
export function isStorageError(value: unknown, code?: StorageErrorCode): value is StorageError {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as Record<symbol, unknown>)[BRAND] !== true) return false;
  return code === undefined || (value as StorageError).code === code;
}
