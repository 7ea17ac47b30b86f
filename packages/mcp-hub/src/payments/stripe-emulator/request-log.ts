import type { FormObject } from './form.js';

/** One API request the emulator received. */
export interface RequestLogEntry {
  /** The `Request-Id` header of the response. */
  id: string;
  method: string;
  path: string;
  /** The `Stripe-Account` header, when sent. */
  account?: string;
  /** The `Idempotency-Key` header, when sent. */
  idempotencyKey?: string;
  /** Decoded body or query parameters. */
  params: FormObject;
  /** HTTP status sent; absent when the connection was closed without a response. */
  status?: number;
  /** Whether the response was a replay of a stored idempotent response. */
  replayed?: boolean;
  at: Date;
}

/** Requests in arrival order. */
export class RequestLog {
  private readonly entries: RequestLogEntry[] = [];

  add(entry: Omit<RequestLogEntry, 'at'>): RequestLogEntry {
    const stored: RequestLogEntry = { ...entry, at: new Date() };
    this.entries.push(stored);
    return stored;
  }

  list(): RequestLogEntry[] {
    return this.entries.map((entry) => ({ ...entry }));
  }
}
