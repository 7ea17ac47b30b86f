import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  bookeoBookingSchema,
  bookeoErrorSchema,
  bookeoHoldSchema,
  isHoldExpiredError,
  isInsufficientSeatsError,
} from '../src/bookeo-api.js';
import {
  createSandboxClock,
  startBookeoSandbox,
  type BookeoSandbox,
} from '../src/sandbox/index.js';

const SWIM = 'RIVERSIDESWIM';
const START = new Date('2026-06-01T16:00:00Z');
const DAY_MS = 86_400_000;
const FIRST_LTS58 = 'LTS58_202606061000';
const SOLD_OUT = 'STROKE912_202606070900';

let sandbox: BookeoSandbox;

async function call(
  method: string,
  path: string,
  options: { query?: Record<string, string>; body?: unknown } = {},
) {
  const url = new URL(`${sandbox.url}${path}`);
  for (const [name, value] of Object.entries(options.query ?? {}))
    url.searchParams.set(name, value);
  const response = await fetch(url, {
    method,
    headers: {
      'content-type': 'application/json',
      'X-Bookeo-secretKey': sandbox.secretKey,
      'X-Bookeo-apiKey': sandbox.credentials(SWIM).apiKey,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : JSON.parse(text),
  };
}

function swimBooking(overrides: Record<string, unknown> = {}) {
  return {
    productId: 'LTS58',
    eventId: FIRST_LTS58,
    customer: {
      firstName: 'Maya',
      lastName: 'Lopez',
      emailAddress: 'maya.lopez@example.com',
      phoneNumbers: [{ number: '+1 518 555 0142', type: 'mobile' }],
      customFields: [{ id: 'EMERGENCYPHONE', value: '+1 518 555 0199' }],
    },
    participants: {
      numbers: [{ peopleCategoryId: 'Cchildren', number: 2 }],
      details: [
        {
          peopleCategoryId: 'Cchildren',
          personDetails: { firstName: 'Lia', lastName: 'Lopez', birthDate: '2019-04-02' },
        },
      ],
    },
    options: [{ id: 'SWIMLEVEL', value: 'Beginner' }],
    externalRef: 'signup-0001',
    ...overrides,
  };
}

beforeAll(async () => {
  sandbox = await startBookeoSandbox({ clock: createSandboxClock(START) });
});
beforeEach(() => {
  sandbox.clock.set(START);
  sandbox.reset();
});
afterAll(() => sandbox.stop());

describe('sandbox bookings', () => {
  it('books seats and returns 201 with Location', async () => {
    const response = await call('POST', '/bookings', {
      query: { notifyCustomer: 'false', mode: 'backend' },
      body: swimBooking(),
    });
    expect(response.status).toBe(201);
    const booking = bookeoBookingSchema.parse(response.body);
    expect(response.headers.get('location')).toBe(
      `${sandbox.url}/bookings/${booking.bookingNumber}`,
    );
    expect(booking.price.totalGross).toEqual({ amount: '170.00', currency: 'USD' });
    expect(booking.price.totalPaid).toEqual({ amount: '0.00', currency: 'USD' });
    expect(booking.startTime).toBe('2026-06-06T10:00:00-04:00');
    expect(booking.accepted).toBe(true);
    expect(booking.canceled).toBe(false);
    expect(booking.externalRef).toBe('signup-0001');
    expect(sandbox.seatsLeft(SWIM, FIRST_LTS58)).toBe(6);
    expect(sandbox.bookingCount({ externalRef: 'signup-0001' })).toBe(1);
  });

  it('cancels and returns the seats', async () => {
    const created = await call('POST', '/bookings', { body: swimBooking() });
    const path = `/bookings/${created.body.bookingNumber}`;

    const cancel = await call('DELETE', path, { query: { notifyCustomer: 'false' } });
    expect(cancel.status).toBe(204);
    expect(sandbox.seatsLeft(SWIM, FIRST_LTS58)).toBe(8);
    expect(sandbox.bookingCount()).toBe(0);
    expect(sandbox.bookingCount({ includeCanceled: true })).toBe(1);

    const read = await call('GET', path);
    expect(read.body.canceled).toBe(true);
  });

  it('cancels twice with 204 and no seat change', async () => {
    const created = await call('POST', '/bookings', { body: swimBooking() });
    const path = `/bookings/${created.body.bookingNumber}`;
    await call('DELETE', path);

    const again = await call('DELETE', path);
    expect(again.status).toBe(204);
    expect(sandbox.seatsLeft(SWIM, FIRST_LTS58)).toBe(8);
  });

  it('returns 404 for an unknown booking', async () => {
    expect((await call('GET', '/bookings/99999999')).status).toBe(404);
    expect((await call('DELETE', '/bookings/99999999')).status).toBe(404);
  });

  it('rejects a sold-out session with 409', async () => {
    const response = await call('POST', '/bookings', {
      body: swimBooking({
        productId: 'STROKE912',
        eventId: SOLD_OUT,
        options: [],
        participants: { numbers: [{ peopleCategoryId: 'Cchildren', number: 1 }] },
      }),
    });
    expect(response.status).toBe(409);
    expect(response.body.message).toContain('seats');
    expect(isInsufficientSeatsError(response.status, bookeoErrorSchema.parse(response.body))).toBe(
      true,
    );
    expect(sandbox.bookingCount({ includeCanceled: true })).toBe(0);
  });

  it('marks acceptDeny bookings as not accepted', async () => {
    const response = await call('POST', '/bookings', {
      body: swimBooking({
        productId: 'PRIVLESSON',
        eventId: 'PRIVLESSON_202606031600',
        options: [{ id: 'GOALS', value: 'Breathing on both sides' }],
        participants: { numbers: [{ peopleCategoryId: 'Cchildren', number: 1 }] },
      }),
    });
    expect(response.status).toBe(201);
    expect(response.body.accepted).toBe(false);
    expect(response.body.price.totalGross).toEqual({ amount: '62.50', currency: 'USD' });
  });

  it('forbids a product closed to API bookings', async () => {
    const response = await call('POST', '/bookings', {
      body: swimBooking({
        productId: 'LIFEGUARD',
        eventId: 'LIFEGUARD_202606071300',
        options: [],
        participants: { numbers: [{ peopleCategoryId: 'Cchildren', number: 1 }] },
      }),
    });
    expect(response.status).toBe(403);
    expect(response.body.message).toContain('apiBookingsAllowed');
  });

  it.each([
    [
      'missing customer email',
      {
        customer: {
          firstName: 'Maya',
          lastName: 'Lopez',
          customFields: [{ id: 'EMERGENCYPHONE', value: '1' }],
        },
      },
      'customer.emailAddress',
    ],
    [
      'missing required custom field',
      { customer: { firstName: 'Maya', lastName: 'Lopez', emailAddress: 'm@example.com' } },
      'Emergency contact phone',
    ],
    ['missing required option', { options: [] }, 'Swim level'],
    ['unknown choice', { options: [{ id: 'SWIMLEVEL', value: 'Expert' }] }, 'Swim level'],
    [
      'too many children',
      { participants: { numbers: [{ peopleCategoryId: 'Cchildren', number: 5 }] } },
      'participants.numbers',
    ],
    [
      'category without a rate',
      { participants: { numbers: [{ peopleCategoryId: 'Cadults', number: 1 }] } },
      'Cadults',
    ],
    ['missing eventId', { eventId: undefined }, 'eventId'],
    ['unknown eventId', { eventId: 'LTS58_209901011000' }, 'eventId'],
    ['long externalRef', { externalRef: 'x'.repeat(65) }, 'externalRef'],
  ])('rejects %s with 400', async (_case, overrides, field) => {
    const response = await call('POST', '/bookings', { body: swimBooking(overrides) });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain(field);
    expect(sandbox.bookingCount({ includeCanceled: true })).toBe(0);
  });

  it('rejects a malformed JSON body', async () => {
    const response = await fetch(`${sandbox.url}/bookings`, {
      method: 'POST',
      headers: {
        'X-Bookeo-secretKey': sandbox.secretKey,
        'X-Bookeo-apiKey': sandbox.credentials(SWIM).apiKey,
      },
      body: '{"productId":',
    });
    expect(response.status).toBe(400);
  });

  it('lists bookings changed in a window', async () => {
    await call('POST', '/bookings', { body: swimBooking({ externalRef: 'signup-a' }) });
    sandbox.clock.advance(60_000);
    await call('POST', '/bookings', { body: swimBooking({ externalRef: 'signup-b' }) });

    const response = await call('GET', '/bookings', {
      query: {
        lastUpdatedStartTime: new Date(START.getTime() - DAY_MS).toISOString(),
        lastUpdatedEndTime: new Date(START.getTime() + DAY_MS).toISOString(),
      },
    });
    expect(response.status).toBe(200);
    const refs = response.body.data.map((booking: { externalRef: string }) => booking.externalRef);
    expect(refs).toEqual(['signup-a', 'signup-b']);
    expect(response.body.info.pageNavigationToken).toBeTruthy();
  });

  it('lists bookings by event time', async () => {
    await call('POST', '/bookings', { body: swimBooking() });
    const response = await call('GET', '/bookings', {
      query: { startTime: '2026-06-06T00:00:00-04:00', endTime: '2026-06-07T00:00:00-04:00' },
    });
    expect(response.body.data).toHaveLength(1);
  });

  it('rejects a bookings window over 31 days', async () => {
    const response = await call('GET', '/bookings', {
      query: {
        lastUpdatedStartTime: START.toISOString(),
        lastUpdatedEndTime: new Date(START.getTime() + 32 * DAY_MS).toISOString(),
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('31 days');
  });

  it('restores the seed on reset', async () => {
    await call('POST', '/bookings', { body: swimBooking() });
    sandbox.reset();
    expect(sandbox.bookingCount({ includeCanceled: true })).toBe(0);
    expect(sandbox.seatsLeft(SWIM, FIRST_LTS58)).toBe(8);
    expect(sandbox.requests()).toHaveLength(0);
  });

  it('returns deep copies of bookings', async () => {
    await call('POST', '/bookings', { body: swimBooking() });
    const [copy] = sandbox.bookings(SWIM);
    copy!.canceled = true;
    expect(sandbox.bookings(SWIM)[0]!.canceled).toBe(false);
  });
});

describe('sandbox holds', () => {
  const holdBody = () => {
    const body: Partial<ReturnType<typeof swimBooking>> = swimBooking();
    delete body.customer;
    return body;
  };

  it('reserves seats until the clock passes expiry', async () => {
    const response = await call('POST', '/holds', {
      query: { holdDurationSeconds: '120' },
      body: holdBody(),
    });
    expect(response.status).toBe(201);
    const hold = bookeoHoldSchema.parse(response.body);
    expect(response.headers.get('location')).toBe(`${sandbox.url}/holds/${hold.id}`);
    expect(hold.expiration).toBe('2026-06-01T12:02:00-04:00');
    expect(hold.price.totalGross.amount).toBe('170.00');
    expect(sandbox.seatsLeft(SWIM, FIRST_LTS58)).toBe(6);

    sandbox.clock.advance(119_000);
    expect(sandbox.seatsLeft(SWIM, FIRST_LTS58)).toBe(6);
    sandbox.clock.advance(1_000);
    expect(sandbox.seatsLeft(SWIM, FIRST_LTS58)).toBe(8);
  });

  it('books from an active hold without double counting', async () => {
    const hold = await call('POST', '/holds', { body: holdBody() });
    const booking = await call('POST', '/bookings', {
      query: { previousHoldId: hold.body.id },
      body: swimBooking(),
    });
    expect(booking.status).toBe(201);
    expect(sandbox.seatsLeft(SWIM, FIRST_LTS58)).toBe(6);

    const reused = await call('POST', '/bookings', {
      query: { previousHoldId: hold.body.id },
      body: swimBooking(),
    });
    expect(reused.status).toBe(409);
  });

  it('rejects a booking on an expired hold with 409', async () => {
    const hold = await call('POST', '/holds', { body: holdBody() });
    sandbox.clock.advance(301_000);

    const response = await call('POST', '/bookings', {
      query: { previousHoldId: hold.body.id },
      body: swimBooking(),
    });
    expect(response.status).toBe(409);
    expect(response.body.message).toContain('expired');
    expect(isHoldExpiredError(response.status, bookeoErrorSchema.parse(response.body))).toBe(true);
    expect(isInsufficientSeatsError(response.status, response.body)).toBe(false);
    expect(sandbox.bookingCount()).toBe(0);
  });

  it('releases a hold with DELETE, then 404', async () => {
    const hold = await call('POST', '/holds', { body: holdBody() });
    const first = await call('DELETE', `/holds/${hold.body.id}`);
    expect(first.status).toBe(204);
    expect(sandbox.seatsLeft(SWIM, FIRST_LTS58)).toBe(8);

    const second = await call('DELETE', `/holds/${hold.body.id}`);
    expect(second.status).toBe(404);
  });

  it('rejects holdDurationSeconds above 600', async () => {
    const response = await call('POST', '/holds', {
      query: { holdDurationSeconds: '601' },
      body: holdBody(),
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('holdDurationSeconds');
  });

  it('rejects a hold larger than the seats left', async () => {
    await call('POST', '/holds', { body: holdBody() });
    await call('POST', '/holds', { body: holdBody() });
    await call('POST', '/holds', { body: holdBody() });
    expect(sandbox.seatsLeft(SWIM, FIRST_LTS58)).toBe(2);

    const big = {
      ...holdBody(),
      participants: { numbers: [{ peopleCategoryId: 'Cchildren', number: 3 }] },
    };
    const response = await call('POST', '/holds', { body: big });
    expect(response.status).toBe(409);
    expect(response.body.message).toContain('seats');
  });
});
