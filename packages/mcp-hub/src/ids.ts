import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** Creates an unguessable registration token: `reg_` and 32 base64url characters (192 bits). */
export function newRegistrationId(): string {
  return `reg_${randomBytes(24).toString('base64url')}`;
}

/** Creates an idempotency key for a registration whose client sent none. */
export function newIdempotencyKey(): string {
  return `hub_${randomBytes(24).toString('base64url')}`;
}

/** Creates a correlation id for the logs of one hub operation. */
export function newRequestId(): string {
  return randomUUID();
}

/**
 * Serializes a JSON value with object keys sorted at every level, so equal values give equal
 * text whatever order their keys were written in. `undefined` object members are dropped, as
 * `JSON.stringify` does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([left], [right]) => compareCodeUnits(left, right));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}

// Code-unit order, unlike localeCompare, is the same in every runtime and locale.
function compareCodeUnits(left: string, right: string): number {
  if (left < right) return -1;
  if (left > right) return 1;
  return 0;
}

/** Returns the hex SHA-256 digest of the canonical JSON of a value. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
