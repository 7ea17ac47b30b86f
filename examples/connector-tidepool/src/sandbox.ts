import { randomBytes } from 'node:crypto';
import type {
  ConformanceSandbox,
  SandboxRequest,
  SandboxScenario,
  StartConformanceSandbox,
} from '@signupassist/contract/testing';
import type { TidepoolConfig, TidepoolCredentials } from './config.js';
import { FaultQueue } from './sandbox/faults.js';
import { CURRENCY, PAGE_SIZE, TidepoolRoutes } from './sandbox/routes.js';
import { tidepoolSeed } from './sandbox/seed.js';
import { startServer } from './sandbox/server.js';
import { TidepoolState } from './sandbox/state.js';

const DAY_MS = 86_400_000;
const CREDENTIAL_ID = 'key_harbor_1';

/** A running Tidepool sandbox, typed with the connector's config and credentials. */
export type TidepoolSandbox = ConformanceSandbox<TidepoolConfig, TidepoolCredentials>;

/**
 * Starts a stateful emulator of the Tidepool Lessons API v1 on 127.0.0.1, for the conformance
 * kit and for tests. Its clock does not move until `advanceClock` moves it. Each sandbox issues
 * a fresh random API key, so a leaked key is easy to spot in messages and logs.
 */
export const startConformanceSandbox: StartConformanceSandbox<
  TidepoolConfig,
  TidepoolCredentials
> = async (options = {}) => {
  let clockMs = (options.startAt ?? new Date()).getTime();
  const now = () => new Date(clockMs);
  const seed = tidepoolSeed(now());
  const state = new TidepoolState(seed, now);
  const faults = new FaultQueue();
  let log: SandboxRequest[] = [];
  const apiKey = `tp_test_${randomBytes(12).toString('hex')}`;

  let origin = '';
  const routes = new TidepoolRoutes(state, seed, () => origin);
  const server = await startServer(options.port ?? 0, {
    faults,
    authenticate: (key, accountId) =>
      key === apiKey && accountId === seed.account.id ? CREDENTIAL_ID : undefined,
    handle: (request) => routes.handle(request),
    log: (request) => log.push(request),
  });
  origin = server.origin;
  const url = `${origin}/v1`;

  const scenario: SandboxScenario = {
    programIds: seed.programs.map((program) => program.id),
    sessionIds: Object.fromEntries(
      seed.programs.map((program) => [
        program.id,
        seed.sessions.filter((item) => item.programId === program.id).map((item) => item.id),
      ]),
    ),
    sessionWindow: { from: new Date(clockMs - DAY_MS), to: new Date(clockMs + 120 * DAY_MS) },
    pageSize: PAGE_SIZE,
    bookable: { programId: 'prog_guppy', sessionId: 'ses_guppy_1' },
    soldOut: { programId: 'prog_dolphin', sessionId: 'ses_dolphin_2' },
    bookingRequest: { method: 'POST', pathPrefix: '/bookings' },
    prices: Object.fromEntries(
      seed.sessions.map((item) => [item.id, { amountMinor: item.priceCents, currency: CURRENCY }]),
    ),
  };

  return {
    url,
    vendor: () => ({
      vendor: {
        id: 'harbor-swim',
        displayName: seed.account.name,
        timeZone: seed.account.timeZone,
        config: { baseUrl: url, catalogHorizonDays: 90 },
      },
      credentials: { accountId: seed.account.id, apiKey },
      badCredentials: {
        accountId: seed.account.id,
        apiKey: `tp_test_${randomBytes(12).toString('hex')}`,
      },
      credentialId: CREDENTIAL_ID,
    }),
    scenario: () => structuredClone(scenario),
    bookingCount: (filter = {}) =>
      state.bookings.filter(
        (booking) =>
          (filter.includeCancelled || booking.status !== 'cancelled') &&
          (filter.sessionId === undefined || booking.sessionId === filter.sessionId) &&
          (filter.externalReference === undefined ||
            booking.reference === filter.externalReference),
      ).length,
    seatsLeft: (sessionId) => {
      const session = state.session(sessionId);
      if (!session) throw new RangeError(`Unknown session "${sessionId}" in the Tidepool sandbox.`);
      return session.seatsLeft;
    },
    requests: (filter = {}) =>
      log
        .filter(
          (request) =>
            (!filter.method || request.method === filter.method.toUpperCase()) &&
            (!filter.pathPrefix || request.path.startsWith(filter.pathPrefix)),
        )
        .map((request) => ({ ...request })),
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    now,
    advanceClock: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(`Invalid clock advance ${ms}: expected a finite number of ms >= 0.`);
      }
      clockMs += ms;
    },
    reset: async () => {
      state.reset();
      faults.clear();
      log = [];
    },
    stop: () => server.close(),
  };
};
