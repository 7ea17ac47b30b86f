import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bookeoErrorSchema } from '../src/bookeo-api.js';
import { startBookeoSandbox, type BookeoSandbox } from '../src/sandbox/index.js';

const SWIM = 'RIVERSIDESWIM';
const CAMP = 'PRAIRIECAMP';

let sandbox: BookeoSandbox;

function request(method: string, path: string, accountId = SWIM, body?: unknown) {
  return fetch(`${sandbox.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      'X-Bookeo-secretKey': sandbox.secretKey,
      'X-Bookeo-apiKey': sandbox.credentials(accountId).apiKey,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function firstSwimEventId(): Promise<string> {
  const start = sandbox.clock.now();
  const end = new Date(start.getTime() + 14 * 86_400_000);
  const query = `productId=LTS58&startTime=${start.toISOString()}&endTime=${end.toISOString()}`;
  const response = await request('GET', `/availability/slots?${query}`);
  const page = (await response.json()) as { data: { eventId: string }[] };
  return page.data[0]!.eventId;
}

function swimBooking(eventId: string, externalRef: string) {
  return {
    productId: 'LTS58',
    eventId,
    customer: {
      firstName: 'Maya',
      lastName: 'Lopez',
      emailAddress: 'maya.lopez@example.com',
      customFields: [{ id: 'EMERGENCYPHONE', value: '+1 518 555 0199' }],
    },
    participants: { numbers: [{ peopleCategoryId: 'Cchildren', number: 1 }] },
    options: [{ id: 'SWIMLEVEL', value: 'Intermediate' }],
    externalRef,
  };
}

beforeAll(async () => {
  sandbox = await startBookeoSandbox();
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.stop());

describe('sandbox faults', () => {
  it('returns 429 with Retry-After', async () => {
    sandbox.injectFault({ kind: 'rateLimit', retryAfterSeconds: 7 });

    const limited = await request('GET', '/settings/products');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    const body = bookeoErrorSchema.parse(await limited.json());
    expect(body.httpStatus).toBe(429);

    const next = await request('GET', '/settings/products');
    expect(next.status).toBe(200);
  });

  it('returns 503 for a server error by default', async () => {
    sandbox.injectFault({ kind: 'serverError', times: 2 });
    expect((await request('GET', '/settings/products')).status).toBe(503);
    expect((await request('GET', '/settings/products')).status).toBe(503);
    expect((await request('GET', '/settings/products')).status).toBe(200);
  });

  it('uses a given server error status', async () => {
    sandbox.injectFault({ kind: 'serverError', status: 502 });
    expect((await request('GET', '/settings/products')).status).toBe(502);
  });

  it('applies faults only to matching requests', async () => {
    sandbox.injectFault({
      kind: 'serverError',
      match: { method: 'POST', pathPrefix: '/bookings' },
    });
    expect((await request('GET', '/bookings/1')).status).toBe(404);
    expect((await request('GET', '/settings/products')).status).toBe(200);

    const response = await request('POST', '/bookings', SWIM, {});
    expect(response.status).toBe(503);
  });

  it('delays a response by the latency', async () => {
    sandbox.injectFault({ kind: 'latency', ms: 200 });
    const started = performance.now();
    const response = await request('GET', '/settings/apikeyinfo');
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('drops the connection on reset without booking', async () => {
    const eventId = await firstSwimEventId();
    sandbox.injectFault({ kind: 'reset', match: { pathPrefix: '/bookings' } });

    await expect(
      request('POST', '/bookings', SWIM, swimBooking(eventId, 'reset-1')),
    ).rejects.toThrow();
    expect(sandbox.bookingCount({ externalRef: 'reset-1' })).toBe(0);
    expect(sandbox.seatsLeft(SWIM, eventId)).toBe(8);
  });

  it('commits then drops the response on lostResponse', async () => {
    const eventId = await firstSwimEventId();
    sandbox.injectFault({
      kind: 'lostResponse',
      match: { method: 'POST', pathPrefix: '/bookings' },
    });

    await expect(
      request('POST', '/bookings', SWIM, swimBooking(eventId, 'lost-1')),
    ).rejects.toThrow();
    expect(sandbox.bookingCount({ externalRef: 'lost-1' })).toBe(1);
    expect(sandbox.seatsLeft(SWIM, eventId)).toBe(7);

    const start = new Date(sandbox.clock.now().getTime() - 60_000).toISOString();
    const end = new Date(sandbox.clock.now().getTime() + 60_000).toISOString();
    const lookup = await request(
      'GET',
      `/bookings?lastUpdatedStartTime=${start}&lastUpdatedEndTime=${end}`,
    );
    const page = (await lookup.json()) as { data: { externalRef?: string }[] };
    expect(page.data.map((booking) => booking.externalRef)).toEqual(['lost-1']);
  });

  it('forgets faults on clearFaults', async () => {
    sandbox.injectFault({ kind: 'serverError' });
    sandbox.clearFaults();
    expect((await request('GET', '/settings/products')).status).toBe(200);
  });

  it('rejects a fault with invalid numbers', () => {
    expect(() => sandbox.injectFault({ kind: 'latency', ms: -1 })).toThrow(RangeError);
    expect(() => sandbox.injectFault({ kind: 'reset', times: 0 })).toThrow(RangeError);
    expect(() => sandbox.injectFault({ kind: 'serverError', status: 404 })).toThrow(RangeError);
  });
});

describe('sandbox request log', () => {
  it('records requests per apiKey', async () => {
    await request('GET', '/settings/products', SWIM);
    await request('GET', '/settings/peoplecategories', SWIM);
    await request('GET', '/settings/products', CAMP);

    const swimKey = sandbox.credentials(SWIM).apiKey;
    const swimRequests = sandbox.requests({ apiKey: swimKey });
    expect(swimRequests.map((entry) => entry.path)).toEqual([
      '/settings/products',
      '/settings/peoplecategories',
    ]);
    expect(swimRequests[0]!.method).toBe('GET');
    expect(Number.isNaN(Date.parse(swimRequests[0]!.at))).toBe(false);
    expect(sandbox.requests({ apiKey: sandbox.credentials(CAMP).apiKey })).toHaveLength(1);
    expect(sandbox.requests({ pathPrefix: '/settings/products' })).toHaveLength(2);
    expect(sandbox.requests({ method: 'post' })).toHaveLength(0);
  });

  it('never stores the secret key', async () => {
    await request('GET', `/settings/products?secretKey=${sandbox.secretKey}`);
    expect(JSON.stringify(sandbox.requests())).not.toContain(sandbox.secretKey);
  });

  it('logs requests that a fault fails', async () => {
    sandbox.injectFault({ kind: 'rateLimit', retryAfterSeconds: 1 });
    await request('GET', '/settings/products');
    await request('GET', '/settings/products');
    expect(sandbox.requests({ pathPrefix: '/settings/products' })).toHaveLength(2);
  });
});
