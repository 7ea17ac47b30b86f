import type { RequestHandler } from 'msw';
import type { CampMinderAttendee, CampMinderPerson } from '../campminder-api.js';
import { createSandboxClock, type SandboxClock } from './clock.js';
import type { SandboxFault } from './faults.js';
import { createCampMinderHandlers } from './handlers.js';
import { PORTAL_PATH, readFamilyRegistration } from './portal-form.js';
import {
  listRegistrations,
  registerFamily,
  setAttendeeStatus,
  type AttendeeStatusChange,
  type RegistrationFilter,
} from './registrations.js';
import { demoSeed, type CampMinderSeed } from './seed.js';
import { startHandlerServer } from './server.js';
import {
  SandboxState,
  type SandboxRegistration,
  type SandboxRequestFilter,
  type SandboxRequestRecord,
} from './state.js';
import type { SandboxStatus } from './statuses.js';
import { registrationUrlTemplate, type CampMinderSandboxVendorConfig } from './vendor-config.js';

export { createLiveClock, createSandboxClock, type SandboxClock } from './clock.js';
export {
  CONFORMANCE_CLIENT_ID,
  CONFORMANCE_PAGE_SIZE,
  startConformanceSandbox,
  UNLIMITED_SEATS,
} from './conformance.js';
export { startDemo, type CampMinderDemo, type CampMinderDemoVendor } from './demo.js';
export type { SandboxFault, SandboxFaultMatch } from './faults.js';
export { createCampMinderHandlers } from './handlers.js';
export { PORTAL_PATH } from './portal-form.js';
export { OFFICE_PATH } from './portal-office.js';
export type { AttendeeStatusChange, RegistrationFilter } from './registrations.js';
export { canonicalCatalog, type CanonicalCatalog } from './scenario.js';
export { shiftSeason, upcomingSeason } from './season.js';
export {
  demoSeed,
  FIXTURE_SEASON,
  MAPLE_HOLLOW_CLIENT_ID,
  PINE_LAKE_CLIENT_ID,
  type CampMinderSeed,
  type CampMinderSeedCamp,
  type CampMinderSeedContact,
  type CampMinderSeedKey,
  type CampMinderSeedPricing,
} from './seed.js';
export type { SandboxRegistration, SandboxRequestFilter, SandboxRequestRecord } from './state.js';
export type { SandboxStatus } from './statuses.js';
export { credentialIdOf } from './tokens.js';
export { registrationUrlTemplate, type CampMinderSandboxVendorConfig } from './vendor-config.js';

/** Options of {@link startCampMinderSandbox}. */
export interface CampMinderSandboxOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Address to listen on; default `127.0.0.1`. */
  host?: string;
  /** Initial data; default {@link demoSeed} for `season`. */
  seed?: CampMinderSeed;
  /** Season of the default seed; ignored with `seed`. Default the fixtures' season, 2027. */
  season?: number;
  /** Clock of token expiry, the auth rate limit and status row dates; default a manual clock. */
  clock?: SandboxClock;
  /** Max items per page on every list, below CampMinder's 1000; overrides the seed's. */
  pageSize?: number;
}

/** A camp (CampMinder client) of the sandbox. */
export interface CampMinderSandboxCamp {
  clientId: number;
  name: string;
  /** IANA time zone, such as `America/New_York`. */
  timeZone: string;
}

/** A running CampMinder API emulator and camp registration portal on a loopback HTTP server. */
export interface CampMinderSandbox {
  /** Base URL of the API, the server's origin, such as `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The season (year) of the seed. */
  readonly season: number;
  readonly camps: readonly CampMinderSandboxCamp[];
  /** Returns the keys of a camp: the key that reads that camp alone, else one that reads it. */
  credentials(clientId: number): { apiKey: string; subscriptionKey: string };
  /** Returns a connector config for a camp: hand-off into the sandbox's portal, with prefill. */
  vendorConfig(clientId: number): CampMinderSandboxVendorConfig;
  /** The clock behind token expiry and the auth rate limit. */
  readonly clock: SandboxClock;
  /** The msw handlers behind the server, matching `url`, for in-process use with setupServer. */
  readonly handlers: RequestHandler[];
  /**
   * Plays the family finishing the camp's form reached through a hand-off URL of this
   * sandbox, and the camp giving it `status` (such as `Applied` or `Enrolled`). Reads the
   * session, program, reference and prefilled answers from the URL; creates the guardian
   * (or reuses the one with that email) and the campers, and their status rows. Throws for a
   * URL of another server, a missing answer, or a session the camp does not offer.
   */
  completeRegistration(url: string, status: SandboxStatus | string): SandboxRegistration;
  /**
   * Sets the status rows of the campers of the guardian with `email` for a session, as camp
   * staff do. Creates no persons. Returns the number of rows changed.
   */
  setAttendeeStatus(change: AttendeeStatusChange): number;
  /** Returns portal registrations matching every given filter, without ended ones by default. */
  registrations(filter?: RegistrationFilter): SandboxRegistration[];
  /** Returns deep copies of a camp's persons, by id. */
  persons(clientId: number): CampMinderPerson[];
  /** Returns deep copies of a camp's attendees with their status rows. */
  attendees(clientId: number): CampMinderAttendee[];
  /** Returns the logged API requests matching every given filter, oldest first. */
  requests(filter?: SandboxRequestFilter): SandboxRequestRecord[];
  /** Queues a fault for the next matching API request or requests. */
  injectFault(fault: SandboxFault): void;
  /** Removes every queued fault. */
  clearFaults(): void;
  /**
   * Restores the seed's persons and rows and clears registrations, faults, the auth rate-limit
   * count and logged requests. Tokens already issued stay valid until they expire.
   */
  reset(): void;
  /** Stops the server and closes open connections. */
  stop(): Promise<void>;
}

/**
 * Starts the CampMinder emulator on a real HTTP server, by default on a random port of
 * 127.0.0.1, so that connectors using undici can call it. It serves the endpoints the
 * connector calls under the server's origin, the camp portal at `/portal/register` and the
 * camp office step at `/portal/office`, which plays the camp staff in demos. The sandbox
 * writes nothing to the console.
 */
export async function startCampMinderSandbox(
  options: CampMinderSandboxOptions = {},
): Promise<CampMinderSandbox> {
  const seed = options.seed ?? demoSeed(options.season);
  const clock = options.clock ?? createSandboxClock();
  const state = new SandboxState(seed, clock, { pageSize: options.pageSize });

  let handlers: RequestHandler[] = [];
  const server = await startHandlerServer(
    options.host ?? '127.0.0.1',
    options.port ?? 0,
    () => handlers,
  );
  const url = server.origin;
  handlers = createCampMinderHandlers(state, url);

  const credentials = (clientId: number) => {
    state.camp(clientId);
    const keys = seed.keys.filter((key) => key.clientIds.includes(clientId));
    const key = keys.find((item) => item.clientIds.length === 1) ?? keys[0];
    if (!key) throw new RangeError(`No API key of the seed reads clientId ${clientId}.`);
    return { apiKey: key.apiKey, subscriptionKey: key.subscriptionKey };
  };

  return {
    url,
    season: seed.season,
    camps: Object.freeze(
      seed.camps.map(({ clientId, name, timeZone }) => Object.freeze({ clientId, name, timeZone })),
    ),
    credentials,
    vendorConfig(clientId) {
      const camp = state.camp(clientId).seed;
      return {
        baseUrl: url,
        clientId,
        seasonId: seed.season,
        registrationUrl: registrationUrlTemplate(url, clientId),
        prefill: true,
        pricing: structuredClone(camp.pricing),
        contact: { ...camp.contact },
      };
    },
    clock,
    handlers,
    completeRegistration(handoffUrl, status) {
      return registerFamily(state, readHandoffUrl(url, handoffUrl), status);
    },
    setAttendeeStatus: (change) => setAttendeeStatus(state, change),
    registrations: (filter) => listRegistrations(state, filter),
    persons: (clientId) => structuredClone([...state.camp(clientId).persons.values()]),
    attendees: (clientId) => structuredClone(state.camp(clientId).attendees),
    requests: (filter) => state.requestLog(filter),
    injectFault: (fault) => state.faults.add(fault),
    clearFaults: () => state.faults.clear(),
    reset: () => state.reset(),
    stop: () => server.close(),
  };
}

/** Reads a hand-off URL, which must point at this sandbox's portal. */
function readHandoffUrl(origin: string, handoffUrl: string) {
  let parsed: URL;
  try {
    parsed = new URL(handoffUrl);
  } catch {
    throw new RangeError('Invalid hand-off URL: it does not parse as a URL.');
  }
  if (parsed.origin !== origin || parsed.pathname !== PORTAL_PATH) {
    throw new RangeError(
      `Invalid hand-off URL: it points at ${parsed.origin}${parsed.pathname}, not at this ` +
        `sandbox's portal ${origin}${PORTAL_PATH}. Check the vendor's registrationUrl.`,
    );
  }
  return readFamilyRegistration(parsed.searchParams);
}
