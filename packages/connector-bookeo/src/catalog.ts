import {
  ConnectorError,
  ProgramSchema,
  SessionSchema,
  type Money,
  type Program,
  type ProgramQuery,
  type Session,
  type SessionQuery,
} from '@signupassist/contract';
import {
  BOOKEO_LIMITS,
  bookeoSlotSchema,
  parseAgeRange,
  type BookeoProduct,
  type BookeoSlot,
} from './bookeo-api.js';
import { checkOutput, type FailureScope } from './errors.js';
import type { BookeoClient } from './http-client.js';
import { toMoney } from './money.js';
import type { BookeoSettingsCache } from './settings.js';

const MS_PER_DAY = 86_400_000;

/** Max range `listSessions` accepts, in days, so one call sends at most 12 windows. */
export const MAX_SESSION_RANGE_DAYS = 366;

/**
 * Latest instant a Bookeo query can carry. Its times are `YYYY-MM-DDTHH:MM:SSZ`, and a later
 * instant would need a six-digit year, which Bookeo rejects with HTTP 400.
 */
export const MAX_QUERY_TIME = new Date('9999-12-31T23:59:59Z');

/** Returns the IANA time zone of the business: the config's, else the vendor's. */
export function businessTimeZone(client: BookeoClient): string {
  return client.config.timeZone ?? client.context.vendor.timeZone;
}

function formatAddress(address: unknown): string | undefined {
  if (typeof address === 'string') return address.trim() || undefined;
  if (typeof address !== 'object' || address === null) return undefined;

  const parts = Object.values(address).filter(
    (part): part is string => typeof part === 'string' && part.trim() !== '',
  );
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** Returns the lowest default rate of a product, in the currency of its first rate. */
function lowestRate(product: BookeoProduct, scope: FailureScope): Money | undefined {
  let lowest: Money | undefined;
  product.defaultRates.forEach((rate, index) => {
    const money = toMoney(rate.price, scope, `defaultRates.${index}.price`);
    if (lowest && money.currency !== lowest.currency) return;
    if (!lowest || money.amountMinor < lowest.amountMinor) lowest = money;
  });
  return lowest;
}

/** Returns the price per participant when every rate of the product is the same. */
function uniformRate(product: BookeoProduct, scope: FailureScope): Money | undefined {
  const rates = product.defaultRates.map((rate, index) =>
    toMoney(rate.price, scope, `defaultRates.${index}.price`),
  );
  const first = rates[0];
  if (!first) return undefined;
  const uniform = rates.every(
    (rate) => rate.currency === first.currency && rate.amountMinor === first.amountMinor,
  );
  return uniform ? first : undefined;
}

/**
 * Tells whether the connector can book a product. Products that Bookeo closes to API bookings
 * and `flexibleTime` products, which have no sessions to pick, are listed as hand-offs.
 */
export function isApiBookable(product: BookeoProduct): boolean {
  return product.apiBookingsAllowed && product.type !== 'flexibleTime';
}

function toProgram(client: BookeoClient, product: BookeoProduct): Program {
  const scope = client.failureScope({ endpoint: 'GET /settings/products' });
  const ages = parseAgeRange(product.name) ?? parseAgeRange(product.description);
  const address = formatAddress(product.location?.address);
  const fromPrice = lowestRate(product, scope);
  const program = {
    id: product.productId,
    vendorId: client.context.vendor.id,
    title: product.name,
    ...(product.description ? { description: product.description } : {}),
    ...(ages ? { ageRange: { minYears: ages.minAge, maxYears: ages.maxAge } } : {}),
    ...(product.location?.name || address
      ? {
          location: {
            ...(product.location?.name ? { name: product.location.name } : {}),
            ...(address ? { address } : {}),
          },
        }
      : {}),
    timeZone: businessTimeZone(client),
    ...(fromPrice ? { fromPrice } : {}),
    bookingMode: isApiBookable(product) ? 'api' : 'handoff',
  };
  return checkOutput(ProgramSchema, program, scope);
}

function matchesText(program: Program, text: string | undefined): boolean {
  const needle = text?.trim().toLowerCase();
  if (!needle) return true;
  return [program.title, program.description ?? ''].some((value) =>
    value.toLowerCase().includes(needle),
  );
}

/**
 * Lists the vendor's Bookeo products as programs. `query.text` keeps programs whose title or
 * description contains it, ignoring case.
 */
export async function listPrograms(
  client: BookeoClient,
  settings: BookeoSettingsCache,
  query: ProgramQuery = {},
): Promise<Program[]> {
  const products = await settings.products(client);
  return products
    .map((product) => toProgram(client, product))
    .filter((program) => matchesText(program, query.text));
}

/** Splits [from, to) into consecutive windows of at most Bookeo's 31-day limit. */
export function splitWindow(from: Date, to: Date): { start: Date; end: Date }[] {
  const span = BOOKEO_LIMITS.maxWindowDays * MS_PER_DAY;
  const windows: { start: Date; end: Date }[] = [];
  for (let start = from.getTime(); start < to.getTime(); start += span) {
    windows.push({ start: new Date(start), end: new Date(Math.min(start + span, to.getTime())) });
  }
  return windows;
}

/** Formats an instant for a Bookeo query, in UTC without milliseconds. */
export function formatQueryTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function sessionRange(client: BookeoClient, query: SessionQuery): { from: Date; to: Date } {
  const from = query.from ?? client.context.clock.now();
  const horizon = from.getTime() + client.config.catalogHorizonDays * MS_PER_DAY;
  // The default end stops at the latest time Bookeo can read; an explicit one is checked below.
  const to = query.to ?? new Date(Math.min(horizon, MAX_QUERY_TIME.getTime()));
  const invalid = (problem: string) =>
    new ConnectorError('invalid_request', `Invalid session range: ${problem}.`, {
      vendorId: client.context.vendor.id,
    });

  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    throw invalid('from and to must be valid dates');
  }
  if (to.getTime() > MAX_QUERY_TIME.getTime()) {
    throw invalid(`to must be at or before ${formatQueryTime(MAX_QUERY_TIME)}`);
  }
  if (to.getTime() <= from.getTime()) throw invalid('to must be after from');
  if (to.getTime() - from.getTime() > MAX_SESSION_RANGE_DAYS * MS_PER_DAY) {
    throw invalid(`it spans more than ${MAX_SESSION_RANGE_DAYS} days, so request a shorter range`);
  }
  return { from, to };
}

function toSession(
  client: BookeoClient,
  product: BookeoProduct,
  slot: BookeoSlot,
  scope: FailureScope,
): Session {
  const seatsLeft = Math.max(0, Math.floor(slot.numSeatsAvailable));
  const price = slot.price ? toMoney(slot.price, scope, 'data.price') : uniformRate(product, scope);
  const session = {
    id: slot.eventId,
    programId: product.productId,
    vendorId: client.context.vendor.id,
    title: product.name,
    // Bookeo's offsets are kept as sent, because they are the business's local offsets.
    start: slot.startTime,
    end: slot.endTime,
    timeZone: businessTimeZone(client),
    availability: { status: seatsLeft > 0 ? 'open' : 'full', seatsLeft },
    ...(price ? { price, priceSource: 'provider' } : {}),
  };
  return checkOutput(SessionSchema, session, scope);
}

/**
 * Lists the sessions of a program that start in [from, to): by default from now to the
 * configured horizon. Bookeo's 31-day window limit is met by splitting the range, and each
 * window's pages are followed to the end. `flexibleTime` products have no sessions.
 */
export async function listSessions(
  client: BookeoClient,
  settings: BookeoSettingsCache,
  query: SessionQuery,
): Promise<Session[]> {
  const { from, to } = sessionRange(client, query);
  const product = await settings.product(client, query.programId);
  if (product.type === 'flexibleTime') {
    client.context.logger.debug(
      { ...client.logFields, productId: product.productId },
      'Bookeo flexibleTime product has no slots; returning no sessions',
    );
    return [];
  }

  const endpoint = 'GET /availability/slots';
  const scope = client.failureScope({ endpoint });
  const slots = new Map<string, BookeoSlot>();
  for (const window of splitWindow(from, to)) {
    const page = await client.sendForAllPages(
      {
        method: 'GET',
        path: '/availability/slots',
        endpoint,
        query: {
          productId: product.productId,
          startTime: formatQueryTime(window.start),
          endTime: formatQueryTime(window.end),
        },
      },
      bookeoSlotSchema,
      BOOKEO_LIMITS.slotsMaxItemsPerPage,
    );
    for (const slot of page) slots.set(slot.eventId, slot);
  }

  return [...slots.values()]
    .map((slot) => toSession(client, product, slot, scope))
    .sort((left, right) => Date.parse(left.start) - Date.parse(right.start));
}
