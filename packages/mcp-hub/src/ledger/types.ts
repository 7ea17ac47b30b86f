import type {
  BookingReceipt,
  CancellationResult,
  ConnectorErrorCode,
  Hold,
  PriceBreakdownSchema,
  RegistrationRequest,
} from '@signupassist/contract';
import type { z } from 'zod';

/** Price of a booking, as quoted before it is made. */
export type PriceBreakdown = z.infer<typeof PriceBreakdownSchema>;

/**
 * Life cycle of a registration: `prepared` (answers checked, maybe held) → `booking` (one
 * request holds the claim) → `booked` or `failed`; `cancelled` from any state but `booking`.
 * A `failed` row with a retryable error may be claimed again.
 */
export type RegistrationState = 'prepared' | 'booking' | 'booked' | 'failed' | 'cancelled';

/** Completion mode of a registration: by the hub through the API, or by the family. */
export type BookingMode = 'api' | 'handoff';

/** The answers and target of a registration, without the idempotency key and hold id. */
export type StoredRequest = Omit<RegistrationRequest, 'idempotencyKey' | 'holdId'>;

/** The error stored with a failed registration. */
export interface StoredError {
  code: ConnectorErrorCode;
  /** Plain message, safe to show to the family. */
  message: string;
  /** Whether a repeated confirm may succeed; such rows can be claimed again. */
  retryable: boolean;
}

/** A new registration, as `insertPrepared` takes it. */
export interface NewRegistration {
  /** Unguessable token the client uses to confirm. */
  id: string;
  idempotencyKey: string;
  vendorId: string;
  connectorId: string;
  /** SHA-256 of the canonical request, to tell a repeat from a different request. */
  fingerprint: string;
  request: StoredRequest;
  bookingMode: BookingMode;
  quote?: PriceBreakdown;
  hold?: Hold;
  /** When the prepared registration (or its hold) lapses. */
  expiresAt: Date;
}

/** One row of the ledger. */
export interface RegistrationRecord extends Omit<NewRegistration, 'expiresAt'> {
  programId: string;
  sessionId: string;
  state: RegistrationState;
  expiresAt: Date;
  /** Number of booking claims made so far. */
  attempts: number;
  receipt?: BookingReceipt;
  cancellation?: CancellationResult;
  error?: StoredError;
  createdAt: Date;
  updatedAt: Date;
  /** When the current or last booking claim was taken. */
  claimedAt?: Date;
  /** Earliest time a `failed` row may be claimed again, when its failure asked for a delay. */
  retryNotBefore?: Date;
}

/** Result of `insertPrepared`: the new row, or the row that already had the key. */
export type InsertResult =
  { inserted: true; record: RegistrationRecord } | { inserted: false; record: RegistrationRecord };

/** Result of `claimBooking`: the claim and its id, or the row as another request left it. */
export type ClaimResult =
  | { claimed: true; claimId: string; record: RegistrationRecord }
  | { claimed: false; record: RegistrationRecord | undefined };

/** Result of `recordCancelled`: whether this call cancelled the row, and the row as it is now. */
export interface CancelOutcome {
  cancelled: boolean;
  record: RegistrationRecord;
}

/** A prepare's claim on a client's idempotency key, taken before any provider call. */
export interface KeyReservation {
  idempotencyKey: string;
  /** Id the registration will have once prepared. */
  registrationId: string;
  /** Fingerprint of the request, to tell a repeat from a different request. */
  fingerprint: string;
}

/** Result of `reserveIdempotencyKey`. */
export type ReserveResult =
  /** The caller owns the key and prepares the registration. */
  | { kind: 'reserved' }
  /** A registration with the key exists already. */
  | { kind: 'registered'; record: RegistrationRecord }
  /** Another prepare owns the key, and `fingerprint` is that prepare's request fingerprint. */
  | { kind: 'pending'; fingerprint: string };

/** An entry of a registration's audit trail. It contains no personal data. */
export interface LedgerEvent {
  registrationId: string;
  at: Date;
  /** Event name: `prepared`, `claimed`, `booked`, `failed`, `refreshed` or `cancelled`. */
  type: string;
  state: RegistrationState;
  errorCode?: string;
  attempt?: number;
}

/**
 * Durable store of registrations. Methods are async so that a networked database (PostgreSQL)
 * can implement the same interface. Every state change is one transaction, and the booking
 * claim is one conditional update, so several hub processes may share one database.
 */
export interface RegistrationLedger {
  /**
   * Age after which a `booking` claim or a key reservation counts as abandoned and may be
   * taken over, in milliseconds. The hub requires it to be at least twice its operation
   * deadline.
   */
  readonly leaseMs: number;
  /**
   * Reserves a client's idempotency key for one prepare, with an insert that fails on the
   * unique key. Exactly one of several concurrent callers, in any process, gets `reserved`.
   * The others get the registration once it exists, or `pending` while the owner prepares.
   * A reservation older than the lease may be taken over.
   */
  reserveIdempotencyKey(reservation: KeyReservation): Promise<ReserveResult>;
  /** Drops a reservation this caller owns, after its prepare failed. */
  releaseIdempotencyKey(idempotencyKey: string, registrationId: string): Promise<void>;
  /**
   * Inserts a `prepared` row and drops the key's reservation; when the idempotency key exists,
   * returns that row instead.
   */
  insertPrepared(registration: NewRegistration): Promise<InsertResult>;
  /** Returns a row by registration id. */
  getRegistration(id: string): Promise<RegistrationRecord | undefined>;
  /** Returns a row by idempotency key. */
  findByIdempotencyKey(key: string): Promise<RegistrationRecord | undefined>;
  /**
   * Claims the right to book: atomically moves the row to `booking` when it is `prepared`,
   * `failed` with a retryable error whose `retryNotBefore` has passed, or `booking` under a
   * claim older than the lease. Exactly one of several concurrent callers gets `claimed: true`.
   */
  claimBooking(id: string): Promise<ClaimResult>;
  /**
   * Stores the provider's receipt and moves the row to `booked`. A receipt is the provider's
   * record, so it is stored even when the claim has since passed to another request. A row
   * that is already booked keeps its first receipt.
   */
  recordBooked(id: string, claimId: string, receipt: BookingReceipt): Promise<RegistrationRecord>;
  /**
   * Moves the row to `failed` with the error, only while `claimId` still owns the claim. A
   * `retryNotBefore` keeps a retryable row from being claimed again before that time.
   */
  recordFailed(
    id: string,
    claimId: string,
    error: StoredError,
    retryNotBefore?: Date,
  ): Promise<RegistrationRecord>;
  /** Replaces the stored receipt of a booked row, after a read-back from the provider. */
  updateReceipt(id: string, receipt: BookingReceipt): Promise<RegistrationRecord>;
  /**
   * Moves the row to `cancelled` only while it is still in `from`, the state the caller read
   * and decided on. This compare-and-set leaves a row that was claimed or booked meanwhile as
   * it is, and returns it with `cancelled: false`. `from` is `prepared`, `failed` or `booked`,
   * never `booking`. The provider's result is stored when there was a booking, and a stored
   * receipt takes its status, so receipt and state agree.
   */
  recordCancelled(
    id: string,
    from: RegistrationState,
    cancellation?: CancellationResult,
  ): Promise<CancelOutcome>;
  /** Lists a registration's audit trail, oldest first. */
  listEvents(id: string): Promise<LedgerEvent[]>;
  /** Closes the connection. */
  close(): Promise<void>;
}
