/** Every error code a connector or the hub may raise. */
export const CONNECTOR_ERROR_CODES = [
  'invalid_request',
  'invalid_fields',
  'not_found',
  'sold_out',
  'hold_expired',
  'registration_closed',
  'auth_failed',
  'permission_denied',
  'rate_limited',
  'provider_unavailable',
  'timeout',
  'outcome_unknown',
  'conflict',
  'idempotency_mismatch',
  'unsupported',
] as const;

/** A contract error code. */
export type ConnectorErrorCode = (typeof CONNECTOR_ERROR_CODES)[number];

/** Codes whose operation may be repeated unchanged with a chance of success. */
const RETRYABLE_BY_DEFAULT: ReadonlySet<ConnectorErrorCode> = new Set([
  'rate_limited',
  'provider_unavailable',
  'timeout',
]);

/** One rejected answer of a registration form. */
export interface FieldIssue {
  /** Path of the answer, e.g. `guardian.email` or `participants.0.firstName`. */
  path: string;
  /** Plain-language reason, safe to show to the family. */
  message: string;
}

/** Contact details of a vendor, where the family turns for what the hub cannot do. */
export interface VendorContact {
  /** Office or person to contact, such as `Camp office`. */
  name?: string;
  email?: string;
  phone?: string;
  /** Web page, such as the vendor's own cancellation form. */
  url?: string;
}

/** Options of a {@link ConnectorError}. */
export interface ConnectorErrorOptions {
  /** Overrides the code's default retry advice. */
  retryable?: boolean;
  /** Wait before retrying, for `rate_limited`. */
  retryAfterMs?: number;
  /** Per-field problems, for `invalid_fields`. */
  fields?: FieldIssue[];
  /** Vendor the failed call was made for. */
  vendorId?: string;
  /** Non-secret details for logs and operators; never shown to the family. */
  details?: Record<string, unknown>;
  /**
   * For `unsupported`: where the family can turn instead, shown to the family. Hosts that word
   * their own messages keep these details.
   */
  contact?: VendorContact;
  /** The underlying error. */
  cause?: unknown;
}

// Symbol.for gives the same symbol in every copy of this package, so the brand check works
// when a connector bundles its own copy of the contract.
const BRAND = Symbol.for('@signupassist/contract/ConnectorError');

/**
 * The one error type of the contract. Connectors map every provider failure to one of the
 * codes; `message` is safe to show to the family and never holds credentials or provider
 * response bodies.
 */
export class ConnectorError extends Error {
  /** Contract error code. */
  readonly code: ConnectorErrorCode;
  /** Whether repeating the same call unchanged may succeed. */
  readonly retryable: boolean;
  /** Wait before retrying, for `rate_limited`. */
  readonly retryAfterMs?: number;
  /** Per-field problems, for `invalid_fields`. */
  readonly fields?: FieldIssue[];
  /** Vendor the failed call was made for. */
  readonly vendorId?: string;
  /** Non-secret details for logs and operators. */
  readonly details?: Record<string, unknown>;
  /** Contact details the family can turn to instead, for `unsupported`. */
  readonly contact?: VendorContact;

  constructor(code: ConnectorErrorCode, message: string, options: ConnectorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectorError';
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.fields !== undefined) this.fields = options.fields;
    if (options.vendorId !== undefined) this.vendorId = options.vendorId;
    if (options.details !== undefined) this.details = options.details;
    if (options.contact !== undefined) this.contact = options.contact;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** Returns a plain object for logs and tool results, without the cause chain. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
      ...(this.fields === undefined ? {} : { fields: this.fields }),
      ...(this.vendorId === undefined ? {} : { vendorId: this.vendorId }),
      ...(this.contact === undefined ? {} : { contact: this.contact }),
    };
  }
}

/** Checks by brand, not `instanceof`, so errors from another copy of this package match. */
export function isConnectorError(value: unknown): value is ConnectorError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[BRAND] === true
  );
}

/** Checks whether a string is a contract error code. */
export function isConnectorErrorCode(value: unknown): value is ConnectorErrorCode {
  return (CONNECTOR_ERROR_CODES as readonly unknown[]).includes(value);
}
