import type { Scope } from './state.js';

/** A response kept for replays of its idempotency key. */
export interface StoredResponse {
  status: number;
  /** Exact body bytes, so that a replay is identical to the first response. */
  body: string;
  headers: Record<string, string>;
}

interface Entry {
  fingerprint: string;
  storedAt: number;
  /** Absent while the first request is still running. */
  response?: StoredResponse;
}

/** Outcome of looking up an idempotency key. */
export type IdempotencyLookup =
  | { kind: 'new' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

/** How long Stripe keeps an idempotency key: at least 24 hours. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Maximum length of an `Idempotency-Key` header. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * Idempotency keys per account (the platform and each connected account have their own, as in
 * Stripe). A key remembers the request's fingerprint (method, path and parameters) and its
 * response; entries older than 24 hours on the emulator clock are forgotten.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number) {}

  /** Looks `key` up and, when it is new, reserves it for this request. */
  begin(scope: Scope, key: string, fingerprint: string): IdempotencyLookup {
    const id = entryId(scope, key);
    const entry = this.entries.get(id);
    if (entry && this.now() - entry.storedAt < IDEMPOTENCY_RETENTION_MS) {
      if (entry.fingerprint !== fingerprint) return { kind: 'mismatch' };
      return entry.response
        ? { kind: 'replay', response: entry.response }
        : { kind: 'in_progress' };
    }
    this.entries.set(id, { fingerprint, storedAt: this.now() });
    return { kind: 'new' };
  }

  /** Stores the response of a reserved key, or releases the key when `response` is undefined. */
  finish(scope: Scope, key: string, response: StoredResponse | undefined): void {
    const id = entryId(scope, key);
    const entry = this.entries.get(id);
    if (!entry) return;
    if (response === undefined) this.entries.delete(id);
    else entry.response = response;
  }
}

function entryId(scope: Scope, key: string): string {
  return `${scope ?? 'platform'}\u0000${key}`;
}

/**
 * A stable text of a request for comparing replays: method, path and parameters with object
 * keys sorted, so that the same parameters in another order match.
 */
export function requestFingerprint(method: string, path: string, params: unknown): string {
  return `${method} ${path} ${JSON.stringify(sortKeys(params))}`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
