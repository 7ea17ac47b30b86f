import type { RequestHandler } from 'msw';
import type { BookeoBooking } from '../bookeo-api.js';
import { createSandboxClock, type SandboxClock } from './clock.js';
import type { SandboxFault } from './faults.js';
import { createBookeoHandlers } from './handlers.js';
import { demoSeed, type BookeoSeed } from './seed.js';
import { startHandlerServer } from './server.js';
import {
  SandboxState,
  type SandboxBookingFilter,
  type SandboxRequestFilter,
  type SandboxRequestRecord,
} from './state.js';

export { createLiveClock, createSandboxClock, type SandboxClock } from './clock.js';
export type { SandboxFault, SandboxFaultMatch } from './faults.js';
export {
  CONFORMANCE_PAGE_SIZE,
  CONFORMANCE_WINDOW_DAYS,
  conformanceSeed,
  credentialIdOf,
  startConformanceSandbox,
} from './conformance.js';
export { createBookeoHandlers } from './handlers.js';
export {
  demoSeed,
  paginationSeed,
  FULL_PERMISSIONS,
  PAGINATION_SEED_PAGE_SIZE,
  PAGINATION_SEED_PRODUCTS,
  SANDBOX_SECRET_KEY,
  type BookeoSeed,
  type BookeoSeedBusiness,
  type BookeoSeedSchedule,
} from './seed.js';
export {
  SandboxState,
  type SandboxBookingFilter,
  type SandboxRequestFilter,
  type SandboxRequestRecord,
  type SandboxStateOptions,
} from './state.js';

/** Options of {@link startBookeoSandbox}. */
export interface BookeoSandboxOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Address to listen on; default `127.0.0.1`. */
  host?: string;
  /** Initial data; default {@link demoSeed}. */
  seed?: BookeoSeed;
  /** Clock for hold expiry, timestamps and slot dates; default a manual clock at the start time. */
  clock?: SandboxClock;
  /** Max items per page on every list, below Bookeo's own maxima; overrides the seed's. */
  pageSize?: number;
  /** First booking number to hand out; default 41000001. */
  firstBookingNumber?: number;
}

/** A business of the sandbox and the apiKey it issued to the application. */
export interface BookeoSandboxBusiness {
  accountId: string;
  apiKey: string;
  name: string;
  /** IANA time zone, such as `America/New_York`. */
  timeZone: string;
}

/** A running Bookeo API v2 emulator on a loopback HTTP server. */
export interface BookeoSandbox {
  /** Base URL including `/v2`, such as `http://127.0.0.1:41234/v2`. */
  readonly url: string;
  /** The application's secret key, shared by every business. */
  readonly secretKey: string;
  /** The businesses that installed the application. */
  readonly businesses: readonly BookeoSandboxBusiness[];
  /** Returns the keys a connector needs for one business. Throws for an unknown accountId. */
  credentials(accountId: string): { apiKey: string; secretKey: string };
  /** The clock behind hold expiry and timestamps; advance it to expire holds. */
  readonly clock: SandboxClock;
  /** The msw handlers behind the server, matching `url`, for in-process use with setupServer. */
  readonly handlers: RequestHandler[];
  /** Counts bookings matching every given filter, without cancelled ones by default. */
  bookingCount(filter?: SandboxBookingFilter): number;
  /** Returns deep copies of the bookings of one account, or of all, in creation order. */
  bookings(accountId?: string): BookeoBooking[];
  /** Returns the seats left in a session, after expiring holds. Throws for unknown ids. */
  seatsLeft(accountId: string, eventId: string): number;
  /** Returns the logged requests matching every given filter, oldest first. */
  requests(filter?: SandboxRequestFilter): SandboxRequestRecord[];
  /** Queues a fault for the next matching request or requests. */
  injectFault(fault: SandboxFault): void;
  /** Removes every queued fault. */
  clearFaults(): void;
  /**
   * Restores the seed, with sessions made afresh relative to the clock's current time, and
   * clears holds, bookings, page tokens, faults and logged requests.
   */
  reset(): void;
  /** Stops the server and closes open connections. */
  stop(): Promise<void>;
}

/**
 * Starts the Bookeo API v2 emulator on a real HTTP server, by default on a random port of
 * 127.0.0.1, so that connectors using undici can call it. The sandbox writes nothing to the console.
 */
export async function startBookeoSandbox(
  options: BookeoSandboxOptions = {},
): Promise<BookeoSandbox> {
  const seed = options.seed ?? demoSeed();
  const clock = options.clock ?? createSandboxClock();
  const state = new SandboxState(seed, clock, {
    pageSize: options.pageSize,
    firstBookingNumber: options.firstBookingNumber,
  });

  let handlers: RequestHandler[] = [];
  const server = await startHandlerServer(
    options.host ?? '127.0.0.1',
    options.port ?? 0,
    () => handlers,
  );
  const url = `${server.origin}/v2`;
  handlers = createBookeoHandlers(state, url);

  const businesses = seed.businesses.map(({ accountId, apiKey, name, timeZone }) =>
    Object.freeze({ accountId, apiKey, name, timeZone }),
  );

  return {
    url,
    secretKey: seed.secretKey,
    businesses: Object.freeze(businesses),
    credentials(accountId) {
      return { apiKey: state.business(accountId).apiKey, secretKey: seed.secretKey };
    },
    clock,
    handlers,
    bookingCount: (filter) => state.countBookings(filter),
    bookings: (accountId) => state.listBookings(accountId),
    seatsLeft: (accountId, eventId) => state.seatsLeft(accountId, eventId),
    requests: (filter) => state.requestLog(filter),
    injectFault: (fault) => state.faults.add(fault),
    clearFaults: () => state.faults.clear(),
    reset: () => state.reset(),
    stop: () => server.close(),
  };
}
export { startDemo, type BookeoDemo, type BookeoDemoVendor } from './demo.js';
