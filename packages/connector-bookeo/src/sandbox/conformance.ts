import { createHash } from 'node:crypto';
import { decimalToMinor } from '@signupassist/contract';
import type {
  SandboxPrice,
  ConformanceSandbox,
  ConformanceSandboxOptions,
  SandboxRequest,
  SandboxScenario,
  SandboxTarget,
} from '@signupassist/contract/testing';
import type { BookeoConfigInput, BookeoCredentials } from '../config.js';
import { createSandboxClock } from './clock.js';
import { buildEvents } from './events.js';
import { startBookeoSandbox } from './index.js';
import { demoSeed, type BookeoSeed, type BookeoSeedBusiness } from './seed.js';

/** Items per page in the conformance seed: 4 products make 2 pages, 10 sessions make 4. */
export const CONFORMANCE_PAGE_SIZE = 3;

/** Days of the session window the scenario lists, from the sandbox clock's start. */
export const CONFORMANCE_WINDOW_DAYS = 90;

/** Business of the demo seed that the conformance vendor is. */
const CONFORMANCE_ACCOUNT = 'RIVERSIDESWIM';

const MS_PER_DAY = 86_400_000;

/**
 * Builds the conformance seed: the demo seed at a page size of 3, so that products and the
 * sessions of `LTS58` span several pages. The swim school `RIVERSIDESWIM` is the vendor under
 * test. Its `LTS58` sessions have 8 free seats and its `STROKE912` session is sold out. The day
 * camp stays in the seed as a second business on the same application.
 */
export function conformanceSeed(): BookeoSeed {
  return { ...demoSeed(), pageSize: CONFORMANCE_PAGE_SIZE };
}

/** Returns the opaque id the request log shows for an apiKey: a hash, never the key. */
export function credentialIdOf(apiKey: string): string {
  return `apikey-${createHash('sha256').update(apiKey).digest('hex').slice(0, 12)}`;
}

function seedBusiness(seed: BookeoSeed): BookeoSeedBusiness {
  const business = seed.businesses.find((item) => item.accountId === CONFORMANCE_ACCOUNT);
  if (!business) throw new RangeError(`The conformance seed lacks ${CONFORMANCE_ACCOUNT}.`);
  return business;
}

function firstSession(sessionIds: Record<string, string[]>, programId: string): SandboxTarget {
  const sessionId = sessionIds[programId]?.[0];
  if (!sessionId) throw new RangeError(`The conformance seed has no session of ${programId}.`);
  return { programId, sessionId };
}

/**
 * Returns the price per participant of a product's sessions: its default rate when every
 * people category pays the same, as Bookeo's slots carry no price of their own. Undefined when
 * the rates differ, because a session then has no single price.
 */
function uniformPrice(product: BookeoSeedBusiness['products'][number]): SandboxPrice | undefined {
  const prices = product.defaultRates.map((rate) =>
    decimalToMinor(rate.price.amount, rate.price.currency),
  );
  const first = prices[0];
  const uniform = prices.every(
    (price) => price.amountMinor === first?.amountMinor && price.currency === first.currency,
  );
  return first && uniform
    ? { amountMinor: first.amountMinor, currency: first.currency }
    : undefined;
}

/**
 * Builds the ground truth of the seed as of `start`: every product is a program, and a session
 * is a Bookeo event starting inside the window. Canonical ids equal Bookeo ids, because the
 * connector reports `productId` as `Program.id` and `eventId` as `Session.id`.
 */
function scenarioOf(business: BookeoSeedBusiness, start: Date): SandboxScenario {
  const window = {
    from: start,
    to: new Date(start.getTime() + CONFORMANCE_WINDOW_DAYS * MS_PER_DAY),
  };
  const events = buildEvents(business, start).filter(
    (event) => event.start >= window.from && event.start < window.to,
  );

  const sessionIds: Record<string, string[]> = {};
  const prices: Record<string, SandboxPrice> = {};
  for (const product of business.products) {
    if (product.type === 'flexibleTime') continue;
    sessionIds[product.productId] = events
      .filter((event) => event.productId === product.productId)
      .map((event) => event.eventId);
    const price = uniformPrice(product);
    if (!price) continue;
    for (const sessionId of sessionIds[product.productId]!) prices[sessionId] = price;
  }

  return {
    programIds: business.products.map((product) => product.productId),
    sessionIds,
    sessionWindow: window,
    pageSize: CONFORMANCE_PAGE_SIZE,
    bookable: firstSession(sessionIds, 'LTS58'),
    soldOut: firstSession(sessionIds, 'STROKE912'),
    bookingRequest: { method: 'POST', pathPrefix: '/bookings' },
    prices,
  };
}

/**
 * Starts the Bookeo sandbox on the conformance seed and offers it through the interface the
 * conformance kit drives. The sandbox clock stays at `startAt` until a check advances
 * it, and `reset` puts it back there, so every check gets the same sessions.
 */
export async function startConformanceSandbox(
  options: ConformanceSandboxOptions = {},
): Promise<ConformanceSandbox<BookeoConfigInput, BookeoCredentials>> {
  const startAt = new Date(options.startAt ?? Date.now());
  const clock = createSandboxClock(startAt);
  const seed = conformanceSeed();
  const sandbox = await startBookeoSandbox({
    seed,
    clock,
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  const business = seedBusiness(seed);
  const credentials = sandbox.credentials(CONFORMANCE_ACCOUNT);
  const scenario = scenarioOf(business, startAt);
  const vendorId = CONFORMANCE_ACCOUNT.toLowerCase();

  return {
    url: sandbox.url,
    vendor: () => ({
      vendor: {
        id: vendorId,
        displayName: business.name,
        timeZone: business.timeZone,
        config: { baseUrl: sandbox.url },
      },
      credentials: { ...credentials },
      badCredentials: {
        apiKey: `${CONFORMANCE_ACCOUNT}-APIKEY-REVOKED`,
        secretKey: seed.secretKey,
      },
      credentialId: credentialIdOf(credentials.apiKey),
    }),
    scenario: () => structuredClone(scenario),
    bookingCount: (filter = {}) =>
      sandbox.bookingCount({
        accountId: CONFORMANCE_ACCOUNT,
        ...(filter.sessionId === undefined ? {} : { eventId: filter.sessionId }),
        ...(filter.externalReference === undefined
          ? {}
          : { externalRef: filter.externalReference }),
        includeCanceled: filter.includeCancelled ?? false,
      }),
    seatsLeft: (sessionId) => sandbox.seatsLeft(CONFORMANCE_ACCOUNT, sessionId),
    requests: (filter = {}) =>
      sandbox.requests(filter).map((record): SandboxRequest => ({
        method: record.method,
        path: record.path,
        at: record.at,
        ...(record.apiKey === undefined ? {} : { credentialId: credentialIdOf(record.apiKey) }),
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
    stop: () => sandbox.stop(),
  };
}
