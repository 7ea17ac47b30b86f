import type { BookeoBooking, BookeoBookingPrice } from '../bookeo-api.js';
import type { SandboxClock } from './clock.js';
import { buildEvents, type SandboxEvent } from './events.js';
import { FaultQueue } from './faults.js';
import { PageStore } from './pagination.js';
import type { BookeoSeed, BookeoSeedBusiness } from './seed.js';

/** A business as the sandbox runs it: its seed data and its sessions with live seat counts. */
export interface SandboxBusiness extends BookeoSeedBusiness {
  events: Map<string, SandboxEvent>;
  apiKeyCreationTime: Date;
}

/** Seats reserved by `POST /holds` until they expire, are released or become a booking. */
export interface SandboxHold {
  id: string;
  accountId: string;
  eventId: string | undefined;
  seats: number;
  price: BookeoBookingPrice;
  expiresAt: Date;
  status: 'active' | 'expired' | 'released' | 'consumed';
}

/** A booking and the bookkeeping that Bookeo does not return. */
export interface SandboxBookingRecord {
  accountId: string;
  seats: number;
  lastChange: Date;
  booking: BookeoBooking;
}

/** One request the sandbox received. It stores the apiKey sent, never the secret key. */
export interface SandboxRequestRecord {
  method: string;
  /** Path after the base URL, without the query string, such as `/bookings/41000001`. */
  path: string;
  apiKey?: string;
  /** Real time of arrival, ISO 8601 in UTC, not the sandbox clock. */
  at: string;
  /**
   * HTTP status of the response. It is absent while the request runs and when the connection
   * was destroyed.
   */
  status?: number;
}

/** Filters for {@link SandboxState.requestLog}. */
export interface SandboxRequestFilter {
  apiKey?: string;
  method?: string;
  pathPrefix?: string;
}

/** Filters for {@link SandboxState.countBookings}. */
export interface SandboxBookingFilter {
  accountId?: string;
  eventId?: string;
  externalRef?: string;
  /** Counts cancelled bookings too; false by default. */
  includeCanceled?: boolean;
}

/** Sandbox settings that are not part of the seed. */
export interface SandboxStateOptions {
  /** Max items per page on every list; overrides the seed's `pageSize`. */
  pageSize?: number;
  /** First booking number to hand out; default 41000001. */
  firstBookingNumber?: number;
}

const FIRST_BOOKING_NUMBER = 41_000_001;

/**
 * Everything a running sandbox stores: businesses, sessions, holds, bookings, list snapshots,
 * injected faults and the request log. Handlers read and change it; tests inspect it.
 */
export class SandboxState {
  readonly faults = new FaultQueue();
  readonly pages = new PageStore();
  readonly pageSize: number | undefined;
  businesses: SandboxBusiness[] = [];
  holds = new Map<string, SandboxHold>();
  bookings = new Map<string, SandboxBookingRecord>();
  #requestLog: SandboxRequestRecord[] = [];
  readonly #firstBookingNumber: number;
  #nextBookingNumber = FIRST_BOOKING_NUMBER;
  #nextHoldNumber = 1;

  constructor(
    readonly seed: BookeoSeed,
    readonly clock: SandboxClock,
    options: SandboxStateOptions = {},
  ) {
    this.pageSize = options.pageSize ?? seed.pageSize;
    if (this.pageSize !== undefined && !(Number.isInteger(this.pageSize) && this.pageSize > 0)) {
      throw new RangeError(`Invalid pageSize ${this.pageSize}: expected an integer >= 1.`);
    }
    this.#firstBookingNumber = options.firstBookingNumber ?? FIRST_BOOKING_NUMBER;
    if (!Number.isSafeInteger(this.#firstBookingNumber) || this.#firstBookingNumber < 1) {
      throw new RangeError(
        `Invalid firstBookingNumber ${this.#firstBookingNumber}: expected an integer >= 1.`,
      );
    }
    checkSeed(seed);
    this.reset();
  }

  /**
   * Restores the seed's businesses with fresh sessions made relative to the clock's current
   * time, and clears holds, bookings, list tokens, faults and logged requests.
   */
  reset(): void {
    const now = this.clock.now();
    this.businesses = structuredClone(this.seed.businesses).map((business) => ({
      ...business,
      events: new Map(buildEvents(business, now).map((event) => [event.eventId, event])),
      apiKeyCreationTime: now,
    }));
    this.holds.clear();
    this.bookings.clear();
    this.pages.clear();
    this.faults.clear();
    this.#requestLog = [];
    this.#nextBookingNumber = this.#firstBookingNumber;
    this.#nextHoldNumber = 1;
  }

  /** Returns the business that owns `apiKey`, if any. */
  businessByApiKey(apiKey: string): SandboxBusiness | undefined {
    return this.businesses.find((business) => business.apiKey === apiKey);
  }

  /** Returns the business with `accountId`, or throws a RangeError naming the known ids. */
  business(accountId: string): SandboxBusiness {
    const business = this.businesses.find((item) => item.accountId === accountId);
    if (!business) {
      const known = this.businesses.map((item) => item.accountId).join(', ');
      throw new RangeError(`Unknown accountId "${accountId}": the sandbox has ${known}.`);
    }
    return business;
  }

  /** Allocates the next booking number, unique across businesses. */
  allocateBookingNumber(): string {
    const number = this.#nextBookingNumber;
    this.#nextBookingNumber += 1;
    return String(number);
  }

  /** Allocates the next hold id. */
  allocateHoldId(): string {
    const id = `HOLD${String(this.#nextHoldNumber).padStart(6, '0')}`;
    this.#nextHoldNumber += 1;
    return id;
  }

  /** Marks holds past their expiry on the sandbox clock as expired and frees their seats. */
  expireHolds(): void {
    const now = this.clock.now().getTime();
    for (const hold of this.holds.values()) {
      if (hold.status === 'active' && hold.expiresAt.getTime() <= now) {
        this.releaseHold(hold, 'expired');
      }
    }
  }

  /** Ends an active hold and gives its seats back to its session. */
  releaseHold(hold: SandboxHold, status: 'expired' | 'released' | 'consumed'): void {
    if (hold.status !== 'active') return;

    hold.status = status;
    const event = hold.eventId ? this.business(hold.accountId).events.get(hold.eventId) : undefined;
    if (event) event.seatsAvailable += hold.seats;
  }

  /** Returns the seats left in a session after expiring old holds. Throws for unknown ids. */
  seatsLeft(accountId: string, eventId: string): number {
    this.expireHolds();
    const event = this.business(accountId).events.get(eventId);
    if (!event) throw new RangeError(`Unknown eventId "${eventId}" in account ${accountId}.`);
    return event.seatsAvailable;
  }

  /** Counts the bookings that match every given filter, without cancelled ones by default. */
  countBookings(filter: SandboxBookingFilter = {}): number {
    let count = 0;
    for (const record of this.bookings.values()) {
      const { booking } = record;
      if (filter.accountId !== undefined && record.accountId !== filter.accountId) continue;
      if (filter.eventId !== undefined && booking.eventId !== filter.eventId) continue;
      if (filter.externalRef !== undefined && booking.externalRef !== filter.externalRef) continue;
      if (!filter.includeCanceled && booking.canceled) continue;
      count += 1;
    }
    return count;
  }

  /** Returns deep copies of the bookings, of one account or of all, in creation order. */
  listBookings(accountId?: string): BookeoBooking[] {
    const records = [...this.bookings.values()].filter(
      (record) => accountId === undefined || record.accountId === accountId,
    );
    return records.map((record) => structuredClone(record.booking));
  }

  /** Appends a request to the log and returns the stored entry, so its status can be set later. */
  recordRequest(record: SandboxRequestRecord): SandboxRequestRecord {
    const stored = { ...record };
    this.#requestLog.push(stored);
    return stored;
  }

  /** Returns copies of the logged requests that match every given filter, oldest first. */
  requestLog(filter: SandboxRequestFilter = {}): SandboxRequestRecord[] {
    return this.#requestLog
      .filter((record) => filter.apiKey === undefined || record.apiKey === filter.apiKey)
      .filter((record) => !filter.method || record.method === filter.method.toUpperCase())
      .filter((record) => !filter.pathPrefix || record.path.startsWith(filter.pathPrefix))
      .map((record) => ({ ...record }));
  }
}

function checkSeed(seed: BookeoSeed): void {
  const apiKeys = new Set<string>();
  const accountIds = new Set<string>();
  for (const business of seed.businesses) {
    if (apiKeys.has(business.apiKey) || accountIds.has(business.accountId)) {
      throw new RangeError(`Invalid seed: business ${business.accountId} repeats an id or apiKey.`);
    }
    apiKeys.add(business.apiKey);
    accountIds.add(business.accountId);
    // Throws a RangeError when the time zone is not a known IANA name.
    new Intl.DateTimeFormat('en', { timeZone: business.timeZone });
  }
}
