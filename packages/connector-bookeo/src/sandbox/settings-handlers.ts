import { HttpResponse } from 'msw';
import { BOOKEO_LIMITS, type BookeoMoney, type BookeoSlot } from '../bookeo-api.js';
import { badRequest } from './errors.js';
import type { SandboxEvent } from './events.js';
import { fromMinorUnits, toMinorUnits } from './money.js';
import {
  pagedResponse,
  readJsonBody,
  readWindow,
  type EndpointHandler,
  type RequestContext,
} from './request-context.js';
import { formatBookeoTime } from './time.js';

// NOTE: Bookeo documents no default page size for products and bookings; 50 is assumed, the
// documented default of slots.
const DEFAULT_ITEMS_PER_PAGE = 50;

/** `GET /settings/apikeyinfo`: the account and permissions behind the apiKey. */
export const getApiKeyInfo: EndpointHandler = ({ business }) =>
  HttpResponse.json({
    accountId: business.accountId,
    permissions: [...business.permissions],
    creationTime: formatBookeoTime(business.apiKeyCreationTime, business.timeZone),
  });

/** `GET /settings/products`: the business's products, paginated. */
export const listProducts: EndpointHandler = (context) =>
  pagedResponse(
    context,
    'products',
    {
      defaultItemsPerPage: DEFAULT_ITEMS_PER_PAGE,
      maxItemsPerPage: BOOKEO_LIMITS.productsMaxItemsPerPage,
    },
    () => context.business.products,
  );

/** `GET /settings/peoplecategories`: every people category on one page. */
export const listPeopleCategories: EndpointHandler = ({ business }) =>
  HttpResponse.json({
    info: { totalItems: business.peopleCategories.length, totalPages: 1, currentPage: 1 },
    data: business.peopleCategories,
  });

/** `GET /settings/customercustomfields`: the customer custom fields, grouped by kind. */
export const getCustomerCustomFields: EndpointHandler = ({ business }) =>
  HttpResponse.json(business.customerCustomFields);

/**
 * `GET /availability/slots?productId&startTime&endTime`: sessions that start inside the window
 * and have not started yet, sold-out ones included. Not available for `flexibleTime` products.
 */
export const listSlots: EndpointHandler = (context) =>
  pagedResponse(context, 'slots', slotLimits, () => {
    const window = readWindow(context, 'startTime', 'endTime');
    if (!window) badRequest('Missing startTime and endTime: slots need a time window.');

    const events = eventsInWindow(context, context.query.get('productId'), window);
    return events.map((event) => slotOf(context, event));
  });

/**
 * `POST /availability/matchingslots` with `{productId, startTime, endTime, peopleNumbers}`:
 * sessions with enough seats for the party, each with the party's estimated price. Later
 * pages come from `GET /availability/matchingslots` with the page token.
 */
export const listMatchingSlots: EndpointHandler = async (context) => {
  if (context.request.method === 'GET') {
    if (!context.query.has('pageNavigationToken')) {
      badRequest('Missing pageNavigationToken: search matching slots with POST.');
    }
    return pagedResponse(context, 'matchingslots', slotLimits, () => []);
  }

  const search = await readMatchingSlotsBody(context);
  return pagedResponse(context, 'matchingslots', slotLimits, () => {
    const events = eventsInWindow(context, search.productId, search);
    const product = context.business.products.find((item) => item.productId === search.productId);
    const seatsNeeded = search.peopleNumbers.reduce((sum, entry) => {
      const category = context.business.peopleCategories.find(
        (item) => item.id === entry.peopleCategoryId,
      );
      return sum + entry.number * (category?.numSeats ?? 1);
    }, 0);
    return events
      .filter((event) => event.seatsAvailable >= seatsNeeded)
      .map((event) => ({
        ...slotOf(context, event),
        price: estimatePrice(product?.defaultRates ?? [], search.peopleNumbers),
      }));
  });
};

const slotLimits = {
  defaultItemsPerPage: BOOKEO_LIMITS.slotsDefaultItemsPerPage,
  maxItemsPerPage: BOOKEO_LIMITS.slotsMaxItemsPerPage,
};

function eventsInWindow(
  context: RequestContext,
  productId: string | null,
  window: { start: Date; end: Date },
): SandboxEvent[] {
  const { business, now } = context;
  if (productId !== null) {
    const product = business.products.find((item) => item.productId === productId);
    if (!product) badRequest(`Invalid productId: unknown product "${productId}".`);
    if (product.type === 'flexibleTime') {
      badRequest(`Invalid productId: ${productId} is a flexibleTime product, which has no slots.`);
    }
  }

  return [...business.events.values()].filter(
    (event) =>
      (productId === null || event.productId === productId) &&
      event.start >= window.start &&
      event.start < window.end &&
      event.start > now,
  );
}

function slotOf({ business }: RequestContext, event: SandboxEvent): BookeoSlot {
  return {
    eventId: event.eventId,
    productId: event.productId,
    startTime: formatBookeoTime(event.start, business.timeZone),
    endTime: formatBookeoTime(event.end, business.timeZone),
    numSeatsAvailable: event.seatsAvailable,
  };
}

interface MatchingSlotsSearch {
  productId: string;
  start: Date;
  end: Date;
  peopleNumbers: { peopleCategoryId: string; number: number }[];
}

async function readMatchingSlotsBody(context: RequestContext): Promise<MatchingSlotsSearch> {
  const body = (await readJsonBody(context.request)) as Record<string, unknown>;
  const query = new URLSearchParams();
  for (const name of ['startTime', 'endTime'] as const) {
    if (typeof body[name] === 'string') query.set(name, body[name]);
  }
  const window = readWindow({ ...context, query }, 'startTime', 'endTime');
  if (!window) badRequest('Missing startTime and endTime: matching slots need a time window.');
  if (typeof body.productId !== 'string') badRequest('Missing required field productId.');

  const peopleNumbers = Array.isArray(body.peopleNumbers) ? body.peopleNumbers : [];
  const valid = peopleNumbers.every(
    (entry) =>
      typeof entry?.peopleCategoryId === 'string' &&
      Number.isInteger(entry?.number) &&
      entry.number >= 0,
  );
  if (!valid || peopleNumbers.length === 0) {
    badRequest('Invalid field peopleNumbers: expected [{peopleCategoryId, number}].');
  }
  return { productId: body.productId, ...window, peopleNumbers };
}

function estimatePrice(
  rates: { peopleCategoryId: string; price: BookeoMoney }[],
  peopleNumbers: MatchingSlotsSearch['peopleNumbers'],
): BookeoMoney | undefined {
  const currency = rates[0]?.price.currency;
  if (!currency) return undefined;

  let total = 0;
  for (const { peopleCategoryId, number } of peopleNumbers) {
    const rate = rates.find((item) => item.peopleCategoryId === peopleCategoryId);
    if (rate) total += toMinorUnits(rate.price) * number;
  }
  return fromMinorUnits(total, currency);
}
