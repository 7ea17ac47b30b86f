import type {
  ConformanceSandbox,
  ConformanceSandboxOptions,
  HandoffOutcome,
  SandboxRequest,
  SandboxScenario,
} from '@signupassist/contract/testing';
import { createSandboxClock } from './clock.js';
import { startCampMinderSandbox } from './index.js';
import { canonicalCatalog } from './scenario.js';
import { upcomingSeason } from './season.js';
import { demoSeed, PINE_LAKE_CLIENT_ID } from './seed.js';
import type { SandboxStatus } from './statuses.js';
import { credentialIdOf } from './tokens.js';
import type { CampMinderSandboxVendorConfig } from './vendor-config.js';

/**
 * Items per page in the conformance sandbox: the 6 programs and 11 custom fields of Pine Lake
 * Camp span several pages, and so do the 6 sessions of its Day Camp Weeks group.
 */
export const CONFORMANCE_PAGE_SIZE = 3;

/** Client id of the camp under test: Pine Lake Camp of the demo seed. */
export const CONFORMANCE_CLIENT_ID = PINE_LAKE_CLIENT_ID;

/** Seat count of every session in `seatsLeft`, because CampMinder reports no seat counts. */
export const UNLIMITED_SEATS = Number.MAX_SAFE_INTEGER;

/** CampMinder status the camp gives a registration for each outcome the kit requests. */
const OUTCOME_STATUS: Record<HandoffOutcome, SandboxStatus> = {
  pending: 'Applied',
  confirmed: 'Enrolled',
  waitlisted: 'WaitList',
  cancelled: 'Withdrawn',
};

/** Credentials of the conformance vendor, as the connector's credentials schema takes them. */
interface CampMinderSandboxCredentials {
  apiKey: string;
  subscriptionKey: string;
}

/**
 * Builds the ground truth of Pine Lake Camp in `season`: its catalog under the connector's
 * canonical ids, priced from the vendor config, listed in a window of the whole season year.
 * The hand-off target is the Horseback Riding program of the Second Session.
 */
function scenarioOf(season: number): SandboxScenario {
  const camp = demoSeed(season).camps.find((item) => item.clientId === CONFORMANCE_CLIENT_ID)!;
  const catalog = canonicalCatalog(camp, season);
  return {
    programIds: catalog.programIds,
    sessionIds: catalog.sessionIds,
    sessionWindow: {
      from: new Date(Date.UTC(season, 0, 1)),
      to: new Date(Date.UTC(season + 1, 0, 1)),
    },
    pageSize: CONFORMANCE_PAGE_SIZE,
    handoff: { programId: 'group-11', sessionId: '1002-502' },
    prices: catalog.prices,
  };
}

/**
 * Starts the CampMinder sandbox for the conformance kit: the demo seed moved to the season
 * after `startAt`, a page size of 3, and Pine Lake Camp as the vendor under test. The sandbox
 * clock stays at `startAt` until a check advances it, and `reset` puts it back there.
 * `completeHandoff` registers the family through the hand-off URL with the CampMinder status
 * of the outcome (pending Applied, confirmed Enrolled, waitlisted WaitList, cancelled
 * Withdrawn).
 */
export async function startConformanceSandbox(
  options: ConformanceSandboxOptions = {},
): Promise<ConformanceSandbox<CampMinderSandboxVendorConfig, CampMinderSandboxCredentials>> {
  const startAt = new Date(options.startAt ?? Date.now());
  const clock = createSandboxClock(startAt);
  const season = upcomingSeason(startAt);
  const sandbox = await startCampMinderSandbox({
    season,
    clock,
    pageSize: CONFORMANCE_PAGE_SIZE,
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  const camp = sandbox.camps.find((item) => item.clientId === CONFORMANCE_CLIENT_ID)!;
  const credentials = sandbox.credentials(CONFORMANCE_CLIENT_ID);
  const config = sandbox.vendorConfig(CONFORMANCE_CLIENT_ID);
  const scenario = scenarioOf(season);
  const knownSessions = new Set(Object.values(scenario.sessionIds).flat());

  return {
    url: sandbox.url,
    vendor: () => ({
      vendor: {
        id: 'pine-lake-camp',
        displayName: camp.name,
        timeZone: camp.timeZone,
        config: structuredClone(config),
      },
      credentials: { ...credentials },
      badCredentials: {
        apiKey: 'PINELAKE-APIKEY-REVOKED',
        subscriptionKey: credentials.subscriptionKey,
      },
      credentialId: credentialIdOf(credentials.apiKey),
    }),
    scenario: () => structuredClone(scenario),
    bookingCount: (filter = {}) =>
      sandbox.registrations({
        clientId: CONFORMANCE_CLIENT_ID,
        ...(filter.sessionId === undefined ? {} : { sessionId: filter.sessionId }),
        ...(filter.externalReference === undefined ? {} : { reference: filter.externalReference }),
        includeCancelled: filter.includeCancelled ?? false,
      }).length,
    seatsLeft: (sessionId) => {
      if (!knownSessions.has(sessionId)) {
        throw new RangeError(`Unknown session "${sessionId}": it is not in scenario().sessionIds.`);
      }
      return UNLIMITED_SEATS;
    },
    requests: (filter = {}) =>
      sandbox.requests(filter).map((record): SandboxRequest => ({
        method: record.method,
        path: record.path,
        at: record.at,
        ...(record.credentialId === undefined ? {} : { credentialId: record.credentialId }),
        ...(record.status === undefined ? {} : { status: record.status }),
      })),
    injectFault: (fault) => sandbox.injectFault(fault),
    clearFaults: () => sandbox.clearFaults(),
    now: () => clock.now(),
    advanceClock: (ms) => clock.advance(ms),
    reset: async () => {
      clock.set(startAt);
      sandbox.reset();
    },
    completeHandoff: async (handoff, outcome) => {
      const reference = new URL(handoff.url).searchParams.get('ref');
      if (reference !== handoff.reference) {
        throw new RangeError(
          `The hand-off URL carries ref "${reference}" but the receipt's reference is ` +
            `"${handoff.reference}": the family would register under another reference.`,
        );
      }
      sandbox.completeRegistration(handoff.url, OUTCOME_STATUS[outcome]);
    },
    stop: () => sandbox.stop(),
  };
}
