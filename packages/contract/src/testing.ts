import type { VendorContext } from './connector.js';

/**
 * The interface a connector's provider sandbox offers to the conformance kit. A sandbox is a
 * stateful emulator of the provider's API on a loopback HTTP server. The kit drives the
 * connector against it and reads the provider-side state back from it, so that a check such as
 * "a replay makes no second booking" is decided by the provider's records, not by the receipt
 * the connector returns.
 *
 * Times in this interface follow the sandbox clock, which moves only when `advanceClock` moves it.
 */

/** Requests a fault applies to. Without fields it matches every request. */
export interface SandboxFaultMatch {
  /** HTTP method, any case. */
  method?: string;
  /** Start of the request path after the sandbox's base URL, such as `/bookings`. */
  pathPrefix?: string;
}

/**
 * A failure for the next matching requests. Each request takes at most one fault, the oldest
 * matching one, and a fault is used up after `times` requests (default 1).
 *
 * - `latency`: waits `ms` milliseconds of real time, then handles the request normally.
 * - `rateLimit`: returns 429 with `Retry-After: retryAfterSeconds`.
 * - `serverError`: answers `status` (default 503).
 * - `reset`: destroys the connection without handling the request.
 * - `lostResponse`: handles the request, so its effect is committed, then destroys the
 *   connection without responding.
 */
export type ConformanceFault = { match?: SandboxFaultMatch; times?: number } & (
  | { kind: 'latency'; ms: number }
  | { kind: 'rateLimit'; retryAfterSeconds: number }
  | { kind: 'serverError'; status?: number }
  | { kind: 'reset' }
  | { kind: 'lostResponse' }
);

/** One request the sandbox received. */
export interface SandboxRequest {
  method: string;
  /** Path after the base URL, without the query string. */
  path: string;
  /** Real time of arrival, ISO 8601 in UTC. */
  at: string;
  /** Opaque id of the credentials the request carried, equal to `SandboxVendor.credentialId`. */
  credentialId?: string;
  /** HTTP status of the sandbox's response. It is absent when the connection was destroyed. */
  status?: number;
}

/** Filter of provider-side bookings. Every given field must match. */
export interface SandboxBookingFilter {
  /** Canonical session id, as the connector reports it in `Session.id`. */
  sessionId?: string;
  /** The reference the connector stamped on the provider booking, derived from the idempotency key. */
  externalReference?: string;
  /** Counts cancelled bookings too; false by default. */
  includeCancelled?: boolean;
}

/** A vendor account inside the sandbox, ready to hand to the connector. */
export interface SandboxVendor<Config = unknown, Credentials = unknown> {
  vendor: VendorContext<Config>;
  /** Valid credentials for this vendor. */
  credentials: Credentials;
  /** Credentials of the right shape that the provider rejects, for the `auth_failed` check. */
  badCredentials: Credentials;
  /** Value of `SandboxRequest.credentialId` on requests made with `credentials`. */
  credentialId: string;
}

/** A program and session of the seed, named by canonical ids. */
export interface SandboxTarget {
  programId: string;
  sessionId: string;
}

/**
 * Ground truth the seed was built from, so that checks compare what the connector returns with
 * what the provider holds. Optional entries are absent when the provider or the seed has no such case.
 */
export interface SandboxScenario {
  /** Every program id the vendor's catalog must list, each exactly once. */
  programIds: readonly string[];
  /**
   * Program id → every session id `listSessions` must return for it in the window
   * `sessionWindow`, each exactly once. At least one program spans several provider pages.
   */
  sessionIds: Readonly<Record<string, readonly string[]>>;
  /** Window of `sessionIds`; a check passes it to `listSessions` as `from` and `to`. */
  sessionWindow: { from: Date; to: Date };
  /** Provider page size the sandbox uses, so the kit can tell whether paging was exercised. */
  pageSize: number;
  /** A session with free seats that the connector books through the API (level `full`). */
  bookable?: SandboxTarget;
  /** A session with no seats left. */
  soldOut?: SandboxTarget;
  /** A session a registration is handed off for (level `handoff`). */
  handoff?: SandboxTarget;
  /** A session with a waiting list, when the connector declares `waitlist`. */
  waitlist?: SandboxTarget;
  /**
   * Requests that create a booking at the provider, so that fault checks can aim at the write.
   * Absent: every POST.
   */
  bookingRequest?: SandboxFaultMatch;
  /**
   * Session id → the price per participant the provider charges, in integer minor units of an
   * ISO 4217 currency (8550 and `USD` for 85.50 USD). The kit compares each listed session's
   * `price` with it, so a connector that reports 85.5 or 85 is caught. Leave it out only when
   * the connector's sessions carry no price: when they do and none is listed here, the kit
   * fails `catalog.money-minor-units`.
   */
  prices?: Readonly<Record<string, SandboxPrice>>;
}

/** A price as the provider's seed stores it, in integer minor units. */
export interface SandboxPrice {
  amountMinor: number;
  /** ISO 4217 currency code, such as `USD`. */
  currency: string;
}

/** The hand-off part of a `handoff_required` receipt. */
export interface HandoffLink {
  /** URL where the family finishes the registration. */
  url: string;
  /** Reference the connector gave the registration. */
  reference: string;
}

/** State a family's own registration at the provider can reach. */
export type HandoffOutcome = 'pending' | 'confirmed' | 'waitlisted' | 'cancelled';

/**
 * Operations a connector's sandbox offers the conformance kit. One running sandbox serves one
 * kit run, and `reset` returns it to its seed between checks.
 */
export interface ConformanceSandbox<Config = unknown, Credentials = unknown> {
  /** Base URL of the emulated API on 127.0.0.1. */
  readonly url: string;
  /** The test vendor the checks run as. */
  vendor(): SandboxVendor<Config, Credentials>;
  /** The seed's ground truth. */
  scenario(): SandboxScenario;
  /** Counts the provider-side bookings matching the filter. */
  bookingCount(filter?: SandboxBookingFilter): number;
  /** Returns the seats left in a session, after expiring holds. */
  seatsLeft(sessionId: string): number;
  /** Returns the logged requests, oldest first. */
  requests(filter?: { method?: string; pathPrefix?: string }): SandboxRequest[];
  /** Queues a fault for the next matching requests. */
  injectFault(fault: ConformanceFault): void;
  /** Removes every queued fault. */
  clearFaults(): void;
  /** The sandbox clock's current time. */
  now(): Date;
  /** Moves the sandbox clock forward, so holds and tokens expire without real waiting. */
  advanceClock(ms: number): void;
  /** Restores the seed and clears bookings, holds, faults and the request log. */
  reset(): Promise<void>;
  /**
   * For hand-off connectors: plays the family finishing the provider's own form, reached
   * through the hand-off link the connector returned, and moves that registration to `status`.
   * The sandbox reads what it needs (session, prefilled answers) from `handoff.url`.
   */
  completeHandoff?(handoff: HandoffLink, status: HandoffOutcome): Promise<void>;
  /** Stops the server and closes its connections. */
  stop(): Promise<void>;
}

/** Options of `startConformanceSandbox`. */
export interface ConformanceSandboxOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Start time of the sandbox clock; default the real time at start. */
  startAt?: Date;
}

/**
 * Start function of a connector's sandbox. A connector package's `./sandbox` export has a
 * `startConformanceSandbox` function of this type, which the kit calls.
 */
export type StartConformanceSandbox<Config = unknown, Credentials = unknown> = (
  options?: ConformanceSandboxOptions,
) => Promise<ConformanceSandbox<Config, Credentials>>;

export * from './loopback-server.js';
