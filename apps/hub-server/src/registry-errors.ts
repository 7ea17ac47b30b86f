import { isConnectorError } from '@signupassist/contract';

/** An error of a registry operation as the admin API and the CLI report it. */
export interface DescribedError {
  /** HTTP status of the admin API's response. */
  status: number;
  /** Error code, such as `not_found` or `invalid_transition`. */
  code: string;
  message: string;
  /** Name of the invalid field, when one is known. */
  field?: string;
}

/**
 * HTTP status per code of the vendor registry, the storage layer and the vault. Codes that
 * several layers share (`conflict`, `not_found`) mean the same thing in each.
 */
const STATUS_BY_CODE: Record<string, number> = {
  invalid: 400,
  unknown_connector: 400,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  version_conflict: 409,
  decryption_failed: 500,
  connection_failed: 503,
  schema_too_new: 500,
};

/** HTTP status per code of a connector error that surfaces from `verify`. */
const CONNECTOR_STATUS_BY_CODE: Record<string, number> = {
  invalid_request: 400,
  invalid_fields: 400,
  not_found: 404,
  conflict: 409,
  auth_failed: 502,
  permission_denied: 502,
  rate_limited: 503,
  provider_unavailable: 502,
  timeout: 504,
};

const DECRYPTION_BRAND = Symbol.for('@signupassist/mcp-hub/CredentialDecryptionError');

/**
 * Describes an error that a registry operation raised on purpose: a registry, storage, vault
 * or connector error. Returns `undefined` for anything else, which callers report as an
 * internal error without its message.
 */
export function describeRegistryError(error: unknown): DescribedError | undefined {
  if (typeof error !== 'object' || error === null || !(error instanceof Error)) return undefined;
  if (DECRYPTION_BRAND in error) {
    return { status: 500, code: 'decryption_failed', message: error.message };
  }
  const { code, field } = error as { code?: unknown; field?: unknown };
  if (isConnectorError(error)) {
    const status = CONNECTOR_STATUS_BY_CODE[error.code] ?? 502;
    return { status, code: error.code, message: error.message };
  }
  if (typeof code !== 'string' || !(code in STATUS_BY_CODE)) return undefined;
  return {
    status: STATUS_BY_CODE[code]!,
    code,
    message: error.message,
    ...(typeof field === 'string' ? { field } : {}),
  };
}
