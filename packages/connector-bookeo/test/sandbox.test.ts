import { setupServer } from 'msw/node';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  bookeoApiKeyInfoSchema,
  bookeoCustomerCustomFieldsSchema,
  bookeoErrorSchema,
  bookeoPage,
  bookeoProductSchema,
  bookeoSlotSchema,
} from '../src/bookeo-api.js';
import {
  createSandboxClock,
  paginationSeed,
  startBookeoSandbox,
  type BookeoSandbox,
} from '../src/sandbox/index.js';

interface CallOptions {
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  keysInQuery?: boolean;
}

async function call(
  sandbox: BookeoSandbox,
  apiKey: string | undefined,
  method: string,
  path: string,
  options: CallOptions = {},
) {
  const url = new URL(`${sandbox.url}${path}`);
  for (const [name, value] of Object.entries(options.query ?? {}))
    url.searchParams.set(name, value);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.keysInQuery) {
    url.searchParams.set('secretKey', sandbox.secretKey);
    if (apiKey) url.searchParams.set('apiKey', apiKey);
  } else {
    headers['X-Bookeo-secretKey'] = sandbox.secretKey;
    if (apiKey) headers['X-Bookeo-apiKey'] = apiKey;
  }
  Object.assign(headers, options.headers);

  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: text === '' ? undefined : JSON.parse(text),
  };
}

const SWIM = 'RIVERSIDESWIM';
const CAMP = 'PRAIRIECAMP';
const DAY_MS = 86_400_000;

describe('sandbox keys', () => {
  let sandbox: BookeoSandbox;
  beforeAll(async () => {
    sandbox = await startBookeoSandbox();
  });
  afterAll(() => sandbox.stop());

  it('serves on loopback under /v2', () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2$/);
  });

  it('rejects a missing apiKey with 401', async () => {
    const response = await call(sandbox, undefined, 'GET', '/settings/apikeyinfo');
    expect(response.status).toBe(401);
    expect(bookeoErrorSchema.parse(response.body).httpStatus).toBe(401);
  });

  it('rejects wrong keys without echoing them', async () => {
    const wrongApiKey = 'WRONG-APIKEY-123456';
    const wrongApiKeyResponse = await call(sandbox, wrongApiKey, 'GET', '/settings/products');
    expect(wrongApiKeyResponse.status).toBe(401);
    expect(wrongApiKeyResponse.text).not.toContain(wrongApiKey);
    expect(bookeoErrorSchema.parse(wrongApiKeyResponse.body).errorId).not.toBe('');

    const wrongSecret = 'WRONG-SECRET-654321';
    const apiKey = sandbox.credentials(SWIM).apiKey;
    const wrongSecretResponse = await call(sandbox, apiKey, 'GET', '/settings/products', {
      headers: { 'X-Bookeo-secretKey': wrongSecret },
    });
    expect(wrongSecretResponse.status).toBe(401);
    expect(wrongSecretResponse.text).not.toContain(wrongSecret);
    expect(wrongSecretResponse.text).not.toContain(apiKey);
  });

  it('accepts keys as query parameters', async () => {
    const { apiKey } = sandbox.credentials(CAMP);
    const response = await call(sandbox, apiKey, 'GET', '/settings/apikeyinfo', {
      keysInQuery: true,
    });
    expect(response.status).toBe(200);
    expect(bookeoApiKeyInfoSchema.parse(response.body).accountId).toBe(CAMP);
  });

  it('reports each business in apikeyinfo', async () => {
    for (const business of sandbox.businesses) {
      const response = await call(sandbox, business.apiKey, 'GET', '/settings/apikeyinfo');
      const info = bookeoApiKeyInfoSchema.parse(response.body);
      expect(info.accountId).toBe(business.accountId);
      expect(info.permissions).toContain('bookings_rw_all');
      expect(info.creationTime).not.toMatch(/Z$/);
    }
  });

  it('serves undici clients', async () => {
    const response = await request(`${sandbox.url}/settings/apikeyinfo`, {
      headers: {
        'X-Bookeo-secretKey': sandbox.secretKey,
        'X-Bookeo-apiKey': sandbox.credentials(SWIM).apiKey,
      },
    });
    expect(response.statusCode).toBe(200);
    expect(((await response.body.json()) as { accountId: string }).accountId).toBe(SWIM);
  });

  it('returns 404 for an unknown endpoint', async () => {
    const response = await call(sandbox, sandbox.credentials(SWIM).apiKey, 'GET', '/nothing/here');
    expect(response.status).toBe(404);
    expect(bookeoErrorSchema.parse(response.body).httpStatus).toBe(404);
  });

  it('rejects credentials of unknown account', () => {
    expect(() => sandbox.credentials('NOSUCHACCOUNT')).toThrow(RangeError);
  });
});

describe('sandbox businesses', () => {
  let sandbox: BookeoSandbox;
  beforeAll(async () => {
    sandbox = await startBookeoSandbox();
  });
  afterAll(() => sandbox.stop());

  it('keeps catalogs apart per apiKey', async () => {
    const swim = await call(sandbox, sandbox.credentials(SWIM).apiKey, 'GET', '/settings/products');
    const camp = await call(sandbox, sandbox.credentials(CAMP).apiKey, 'GET', '/settings/products');
    const swimIds = bookeoPage(bookeoProductSchema)
      .parse(swim.body)
      .data.map((p) => p.productId);
    const campIds = bookeoPage(bookeoProductSchema)
      .parse(camp.body)
      .data.map((p) => p.productId);

    expect(swimIds).toEqual(['LTS58', 'STROKE912', 'PRIVLESSON', 'LIFEGUARD']);
    expect(campIds).toEqual(['CAMP612', 'EXTCARE']);
  });

  it('keeps bookings apart per apiKey', async () => {
    const swimKey = sandbox.credentials(SWIM).apiKey;
    const campKey = sandbox.credentials(CAMP).apiKey;
    const slots = await call(sandbox, campKey, 'GET', '/availability/slots', {
      query: windowQuery(new Date(), 30, { productId: 'CAMP612' }),
    });
    const eventId = slots.body.data[0].eventId;
    const created = await call(sandbox, campKey, 'POST', '/bookings', {
      body: {
        productId: 'CAMP612',
        eventId,
        customer: {
          firstName: 'Noah',
          lastName: 'Berg',
          emailAddress: 'noah.berg@example.com',
          customFields: [
            { id: 'TSHIRT', value: 'Youth M' },
            { id: 'PICKUP', value: 'Ada Berg' },
          ],
        },
        participants: { numbers: [{ peopleCategoryId: 'Cchildren', number: 2 }] },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.price.totalGross).toEqual({ amount: '700.00', currency: 'USD' });

    const bookingNumber = created.body.bookingNumber;
    const fromSwim = await call(sandbox, swimKey, 'GET', `/bookings/${bookingNumber}`);
    const fromCamp = await call(sandbox, campKey, 'GET', `/bookings/${bookingNumber}`);
    expect(fromSwim.status).toBe(404);
    expect(fromCamp.status).toBe(200);
    expect(sandbox.bookingCount({ accountId: SWIM })).toBe(0);
    expect(sandbox.bookingCount({ accountId: CAMP })).toBe(1);
  });

  it('rejects another business eventId', async () => {
    const campKey = sandbox.credentials(CAMP).apiKey;
    const swimKey = sandbox.credentials(SWIM).apiKey;
    const slots = await call(sandbox, campKey, 'GET', '/availability/slots', {
      query: windowQuery(new Date(), 30, { productId: 'CAMP612' }),
    });
    const response = await call(sandbox, swimKey, 'POST', '/holds', {
      body: {
        productId: 'CAMP612',
        eventId: slots.body.data[0].eventId,
        participants: { numbers: [{ peopleCategoryId: 'Cchildren', number: 1 }] },
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('productId');
  });

  it('serves people categories and custom fields', async () => {
    const apiKey = sandbox.credentials(SWIM).apiKey;
    const categories = await call(sandbox, apiKey, 'GET', '/settings/peoplecategories');
    const fields = await call(sandbox, apiKey, 'GET', '/settings/customercustomfields');

    expect(categories.body.data.map((category: { id: string }) => category.id)).toContain(
      'Cchildren',
    );
    const parsed = bookeoCustomerCustomFieldsSchema.parse(fields.body);
    expect(parsed.textFields).toContainEqual(
      expect.objectContaining({ id: 'EMERGENCYPHONE', required: true }),
    );
  });
});

function windowQuery(start: Date, days: number, extra: Record<string, string> = {}) {
  return {
    startTime: start.toISOString(),
    endTime: new Date(start.getTime() + days * DAY_MS).toISOString(),
    ...extra,
  };
}

describe('sandbox slots', () => {
  const start = new Date('2026-10-20T12:00:00Z');
  let sandbox: BookeoSandbox;
  beforeAll(async () => {
    sandbox = await startBookeoSandbox({ clock: createSandboxClock(start) });
  });
  afterAll(() => sandbox.stop());

  it('lists weekly slots with local offsets across DST', async () => {
    const apiKey = sandbox.credentials(SWIM).apiKey;
    const response = await call(sandbox, apiKey, 'GET', '/availability/slots', {
      query: windowQuery(start, 31, { productId: 'LTS58' }),
    });
    expect(response.status).toBe(200);
    const slots = bookeoPage(bookeoSlotSchema).parse(response.body).data;

    expect(slots.map((slot) => slot.startTime).slice(0, 3)).toEqual([
      '2026-10-24T10:00:00-04:00',
      '2026-10-31T10:00:00-04:00',
      '2026-11-07T10:00:00-05:00',
    ]);
    expect(slots[0]?.endTime).toBe('2026-10-24T10:45:00-04:00');
    expect(slots[0]?.eventId).toBe('LTS58_202610241000');
    expect(slots[0]?.numSeatsAvailable).toBe(8);
  });

  it('reads -00:00 as the business local time', async () => {
    const apiKey = sandbox.credentials(SWIM).apiKey;
    const response = await call(sandbox, apiKey, 'GET', '/availability/slots', {
      query: {
        productId: 'LTS58',
        startTime: '2026-10-24T10:00:00-00:00',
        endTime: '2026-10-24T10:00:01-00:00',
      },
    });
    expect(response.body.data).toHaveLength(1);
  });

  it('shows the sold-out session with 0 seats', async () => {
    const apiKey = sandbox.credentials(SWIM).apiKey;
    const response = await call(sandbox, apiKey, 'GET', '/availability/slots', {
      query: windowQuery(start, 31, { productId: 'STROKE912' }),
    });
    expect(response.body.data).toHaveLength(1);
    expect(response.body.data[0].numSeatsAvailable).toBe(0);
  });

  it('runs the camp course Monday to Friday in Chicago time', async () => {
    const apiKey = sandbox.credentials(CAMP).apiKey;
    const response = await call(sandbox, apiKey, 'GET', '/availability/slots', {
      query: windowQuery(start, 10, { productId: 'CAMP612' }),
    });
    expect(response.body.data[0].startTime).toBe('2026-10-26T08:30:00-05:00');
    expect(response.body.data[0].endTime).toBe('2026-10-30T15:30:00-05:00');
  });

  it('rejects a window over 31 days', async () => {
    const apiKey = sandbox.credentials(SWIM).apiKey;
    const response = await call(sandbox, apiKey, 'GET', '/availability/slots', {
      query: windowQuery(start, 32, { productId: 'LTS58' }),
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('31 days');
  });

  it('rejects slots of a flexibleTime product', async () => {
    const apiKey = sandbox.credentials(CAMP).apiKey;
    const response = await call(sandbox, apiKey, 'GET', '/availability/slots', {
      query: windowQuery(start, 7, { productId: 'EXTCARE' }),
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('flexibleTime');
  });

  it('rejects itemsPerPage above 300', async () => {
    const apiKey = sandbox.credentials(SWIM).apiKey;
    const response = await call(sandbox, apiKey, 'GET', '/availability/slots', {
      query: windowQuery(start, 7, { itemsPerPage: '301' }),
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('itemsPerPage');
  });

  it('finds matching slots with a price estimate', async () => {
    const apiKey = sandbox.credentials(SWIM).apiKey;
    const response = await call(sandbox, apiKey, 'POST', '/availability/matchingslots', {
      body: {
        productId: 'LTS58',
        startTime: start.toISOString(),
        endTime: new Date(start.getTime() + 14 * DAY_MS).toISOString(),
        peopleNumbers: [{ peopleCategoryId: 'Cchildren', number: 3 }],
      },
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toHaveLength(2);
    expect(response.body.data[0].price).toEqual({ amount: '255.00', currency: 'USD' });
  });
});

describe('sandbox pagination', () => {
  let sandbox: BookeoSandbox;
  beforeAll(async () => {
    sandbox = await startBookeoSandbox({ seed: paginationSeed() });
  });
  afterAll(() => sandbox.stop());

  it('spans 3 pages with one token', async () => {
    const apiKey = sandbox.businesses[0]!.apiKey;
    const pageSchema = bookeoPage(bookeoProductSchema);
    const first = pageSchema.parse((await call(sandbox, apiKey, 'GET', '/settings/products')).body);
    const token = first.info.pageNavigationToken;
    expect(token).toBeTruthy();
    expect(first.info.totalPages).toBe(3);
    expect(first.info.totalItems).toBe(25);
    expect(first.info.currentPage).toBe(1);

    const ids = first.data.map((product) => product.productId);
    for (const pageNumber of [2, 3]) {
      const response = await call(sandbox, apiKey, 'GET', '/settings/products', {
        query: { pageNavigationToken: token!, pageNumber: String(pageNumber) },
      });
      const page = pageSchema.parse(response.body);
      expect(page.info.pageNavigationToken).toBe(token);
      expect(page.info.currentPage).toBe(pageNumber);
      ids.push(...page.data.map((product) => product.productId));
    }

    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
  });

  it('caps pages at the seed page size', async () => {
    const apiKey = sandbox.businesses[0]!.apiKey;
    const response = await call(sandbox, apiKey, 'GET', '/settings/products', {
      query: { itemsPerPage: '100' },
    });
    expect(response.body.data).toHaveLength(10);
  });

  it('rejects an unknown token with 400', async () => {
    const apiKey = sandbox.businesses[0]!.apiKey;
    const response = await call(sandbox, apiKey, 'GET', '/settings/products', {
      query: { pageNavigationToken: 'nosuchtoken', pageNumber: '2' },
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('pageNavigationToken');
  });

  it('rejects an expired token with 400', async () => {
    const apiKey = sandbox.businesses[0]!.apiKey;
    const first = await call(sandbox, apiKey, 'GET', '/settings/products');
    sandbox.clock.advance(31 * 60_000);
    const response = await call(sandbox, apiKey, 'GET', '/settings/products', {
      query: { pageNavigationToken: first.body.info.pageNavigationToken, pageNumber: '2' },
    });
    expect(response.status).toBe(400);
  });

  it('rejects a page out of range', async () => {
    const apiKey = sandbox.businesses[0]!.apiKey;
    const first = await call(sandbox, apiKey, 'GET', '/settings/products');
    const response = await call(sandbox, apiKey, 'GET', '/settings/products', {
      query: { pageNavigationToken: first.body.info.pageNavigationToken, pageNumber: '4' },
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('pageNumber');
  });

  it('rejects pageNumber without a token', async () => {
    const apiKey = sandbox.businesses[0]!.apiKey;
    const response = await call(sandbox, apiKey, 'GET', '/settings/products', {
      query: { pageNumber: '2' },
    });
    expect(response.status).toBe(400);
  });
});

describe('sandbox handlers in-process', () => {
  let sandbox: BookeoSandbox;
  let server: ReturnType<typeof setupServer>;
  beforeAll(async () => {
    sandbox = await startBookeoSandbox();
    await sandbox.stop();
    server = setupServer(...sandbox.handlers);
    server.listen({ onUnhandledFrame: 'error' });
  });
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('serves fetch with the server stopped', async () => {
    const response = await call(
      sandbox,
      sandbox.credentials(SWIM).apiKey,
      'GET',
      '/settings/apikeyinfo',
    );
    expect(response.status).toBe(200);
    expect(response.body.accountId).toBe(SWIM);
  });
});
