import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bookeoBookingSchema, bookeoErrorSchema } from '../src/bookeo-api.js';
import {
  createSandboxClock,
  startBookeoSandbox,
  type BookeoSandbox,
} from '../src/sandbox/index.js';

const SWIM = 'RIVERSIDESWIM';
const START = new Date('2026-06-01T16:00:00Z');
const FIRST_LTS58 = 'LTS58_202606061000';

let sandbox: BookeoSandbox;

async function post(path: string, body: unknown) {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'X-Bookeo-secretKey': sandbox.secretKey,
      'X-Bookeo-apiKey': sandbox.credentials(SWIM).apiKey,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

async function get(path: string) {
  const response = await fetch(`${sandbox.url}${path}`, {
    headers: {
      'X-Bookeo-secretKey': sandbox.secretKey,
      'X-Bookeo-apiKey': sandbox.credentials(SWIM).apiKey,
    },
  });
  return (await response.json()) as unknown;
}

const cardPayment = {
  receivedTime: '2026-06-01T12:00:00-04:00',
  reason: 'Program fee',
  comment: 'reference 9f2c4e1a',
  amount: { amount: '85.00', currency: 'USD' },
  paymentMethod: 'creditCard',
};

/** Builds a booking of one child (85.00 USD) in the first LTS58 class, with these payments. */
function paidBooking(initialPayments: unknown[]) {
  return {
    productId: 'LTS58',
    eventId: FIRST_LTS58,
    customer: {
      firstName: 'Maya',
      lastName: 'Lopez',
      emailAddress: 'maya.lopez@example.com',
      customFields: [{ id: 'EMERGENCYPHONE', value: '+1 518 555 0199' }],
    },
    participants: { numbers: [{ peopleCategoryId: 'Cchildren', number: 1 }] },
    options: [{ id: 'SWIMLEVEL', value: 'Beginner' }],
    initialPayments,
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

describe('sandbox initial payments', () => {
  it('keeps payments and reports totalPaid', async () => {
    const cash = { amount: { amount: '10', currency: 'USD' }, paymentMethod: 'cash' };
    const created = await post('/bookings', paidBooking([cardPayment, cash]));

    expect(created.status).toBe(201);
    const booking = bookeoBookingSchema.parse(created.body);
    expect(booking.price.totalGross).toEqual({ amount: '85.00', currency: 'USD' });
    expect(booking.price.totalPaid).toEqual({ amount: '95.00', currency: 'USD' });
    expect(booking.initialPayments).toEqual([
      {
        ...cardPayment,
        id: `${booking.bookingNumber}-1`,
        creationTime: '2026-06-01T12:00:00-04:00',
      },
      {
        ...cash,
        id: `${booking.bookingNumber}-2`,
        creationTime: '2026-06-01T12:00:00-04:00',
        receivedTime: '2026-06-01T12:00:00-04:00',
      },
    ]);

    const readBack = bookeoBookingSchema.parse(await get(`/bookings/${booking.bookingNumber}`));
    expect(readBack.price.totalPaid).toEqual({ amount: '95.00', currency: 'USD' });
    expect(readBack.initialPayments).toEqual(booking.initialPayments);
  });

  it('reports 0 paid without payments', async () => {
    const body: Record<string, unknown> = paidBooking([]);
    delete body.initialPayments;
    const created = await post('/bookings', body);

    const booking = bookeoBookingSchema.parse(created.body);
    expect(booking.price.totalPaid).toEqual({ amount: '0.00', currency: 'USD' });
    expect(booking.initialPayments).toBeUndefined();
  });

  it.each([
    [
      'another currency',
      { ...cardPayment, amount: { amount: '85.00', currency: 'EUR' } },
      'Invalid field initialPayments.0.amount.currency: "EUR"; this product is priced in USD.',
    ],
    [
      'a zero amount',
      { ...cardPayment, amount: { amount: '0.00', currency: 'USD' } },
      'Invalid field initialPayments.0.amount.amount: a payment must be more than 0.',
    ],
    [
      'a negative amount',
      { ...cardPayment, amount: { amount: '-5.00', currency: 'USD' } },
      'Invalid field initialPayments.0.amount.amount: "-5.00" is not a decimal such as "27.50".',
    ],
    [
      'too many decimals',
      { ...cardPayment, amount: { amount: '85.001', currency: 'USD' } },
      'Invalid field initialPayments.0.amount.amount: "85.001" is not a decimal such as "27.50".',
    ],
    [
      'an unknown method',
      { ...cardPayment, paymentMethod: 'stripe' },
      /^Invalid field initialPayments\.0\.paymentMethod: "stripe"; use one of creditCard, /,
    ],
    [
      'other without a name',
      { ...cardPayment, paymentMethod: 'other' },
      /^Missing required field initialPayments\.0\.paymentMethodOther/,
    ],
    [
      'no method',
      { amount: { amount: '85.00', currency: 'USD' } },
      'Missing required field initialPayments.0.paymentMethod.',
    ],
    [
      'a time without offset',
      { ...cardPayment, receivedTime: '2026-06-01T12:00:00' },
      'Invalid field initialPayments.0.receivedTime: expected ISO 8601 with an offset.',
    ],
  ])('rejects %s with 400', async (_, payment, message) => {
    const created = await post('/bookings', paidBooking([payment]));

    expect(created.status).toBe(400);
    expect(bookeoErrorSchema.parse(created.body).message).toMatch(message);
    expect(sandbox.bookingCount()).toBe(0);
    expect(sandbox.seatsLeft(SWIM, FIRST_LTS58)).toBe(8);
  });

  it('accepts other with a name', async () => {
    const payment = { ...cardPayment, paymentMethod: 'other', paymentMethodOther: 'Stripe' };
    const created = await post('/bookings', paidBooking([payment]));

    expect(created.status).toBe(201);
    expect(bookeoBookingSchema.parse(created.body).price.totalPaid.amount).toBe('85.00');
  });
});
