import type { RegistryErrorCode } from './registry-types.js';

const BRAND = Symbol.for('@signupassist/mcp-hub/RegistryError');

/**
 * An error of a vendor registry operation, with a code to branch on and the invalid field when
 * one is known. Messages name the vendor, the field and the fix, never a secret value.
 */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  /** Error code; see {@link RegistryErrorCode}. */
  readonly code: RegistryErrorCode;
  /** Path of the invalid field, such as `config.baseUrl` or `credentials.apiKey`. */
  readonly field?: string;

  constructor(
    code: RegistryErrorCode,
    message: string,
    options: { field?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.field !== undefined) this.field = options.field;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** Checks by brand, not `instanceof`, so errors from another copy of this package match. */
export function isRegistryError(value: unknown, code?: RegistryErrorCode): value is RegistryError {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as Record<symbol, unknown>)[BRAND] !== true) return false;
  return code === undefined || (value as RegistryError).code === code;
}
