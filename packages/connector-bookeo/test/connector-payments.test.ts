import type { RegistrationRequest } from '@signupassist/contract';
import { getResponse, http, type RequestHandler } from 'msw';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BookeoBookingRequest } from '../src/bookeo-api.js';
import { createBookeoConnector } from '../src/index.js';
import { toBookeoMoney } from '../src/money.js';
import {
  createBookeoHandlers,
  createSandboxClock,
  demoSeed,
  SandboxState,
  type BookeoSandbox,
} from '../src/sandbox/index.js';
import { startHandlerServer, type HandlerServer } from '../src/sandbox/server.js';
import { createConnectorHarness, sandboxSecrets, startSandbox } from './connector-harness.js';

// The sandbox clock starts on Monday 2026-03-02 at 12:00 in New York. The first LTS58 class is
// on Saturday 7 March at 10:00 and costs 85.00 USD per child.
const START = new Date('2026-03-02T17:00:00Z');
const SWIM = 'RIVERSIDESWIM';
const FIRST_CLASS = 'LTS58_202603071000';
const REFERENCE = '3f9a2c7e11b04d58';

const { contextFor, failure, logLines, expectNotLeaked } = createConnectorHarness();

function paidRequest(
  idempotencyKey: string,
  overrides: Partial<RegistrationRequest> = {},
): RegistrationRequest {
  return {
    programId: 'LTS58',
    sessionId: FIRST_CLASS,
    guardian: {
      firstName: 'Dana',
      lastName: 'Rivera',
      email: 'dana.rivera@example.com',
      custom_EMERGENCYPHONE: '+1 555 010 0142',
    },
    participants: [{ category: 'Cchildren', answers: { firstName: 'Samira', lastName: 'Rivera' } }],
    booking: { option_SWIMLEVEL: 'Beginner' },
    idempotencyKey,
    payment: { amount: { amountMinor: 8_500, currency: 'USD' }, reference: REFERENCE },
    ...overrides,
  };
}

describe('bookeo connector payments', () => {
  let sandbox: BookeoSandbox;
  let connector: ReturnType<typeof createBookeoConnector>;

  beforeAll(async () => {
    sandbox = await startSandbox(START);
  });

  beforeEach(() => {
    sandbox.clock.set(START);
    sandbox.reset();
    connector = createBookeoConnector();
  });

  afterAll(async () => {
    await sandbox.stop();
    expectNotLeaked([...sandboxSecrets(sandbox), 'Samira', 'dana.rivera@example.com']);
  });

  it('declares connectPayments', () => {
    expect(connector.manifest.capabilities.connectPayments).toBe('native');
  });

  it('records the payment on the booking', async () => {
    const receipt = await connector.book(contextFor(sandbox, SWIM), paidRequest('key-paid-0001'));

    expect(receipt.price).toMatchObject({
      total: { amountMinor: 8_500, currency: 'USD' },
      paid: { amountMinor: 8_500, currency: 'USD' },
    });
    expect(receipt.payment).toEqual({ method: 'paid' });
    const [booking] = sandbox.bookings(SWIM);
    expect(booking?.initialPayments).toEqual([
      {
        id: `${booking?.bookingNumber}-1`,
        creationTime: '2026-03-02T12:00:00-05:00',
        receivedTime: '2026-03-02T17:00:00Z',
        reason: 'Program fee',
        description: 'Paid by card online through SignupAssist',
        comment: `SignupAssist payment reference ${REFERENCE}`,
        amount: { amount: '85.00', currency: 'USD' },
        paymentMethod: 'creditCard',
      },
    ]);
    expect(booking?.price.totalPaid).toEqual({ amount: '85.00', currency: 'USD' });
    expect(logLines.some((line) => line.message.startsWith('Bookeo recorded less'))).toBe(false);
  });

  it('reads the paid amount back', async () => {
    const receipt = await connector.book(contextFor(sandbox, SWIM), paidRequest('key-paid-0002'));
    const requestsBefore = sandbox.requests({ method: 'GET', pathPrefix: '/bookings/' }).length;

    const readBack = await connector.getBooking(contextFor(sandbox, SWIM), {
      bookingId: receipt.bookingId,
    });

    expect(sandbox.requests({ method: 'GET', pathPrefix: '/bookings/' })).toHaveLength(
      requestsBefore + 1,
    );
    expect(readBack.price.paid).toEqual({ amountMinor: 8_500, currency: 'USD' });
    expect(readBack.payment).toEqual({ method: 'paid' });
  });

  it('records a partial payment as partly paid', async () => {
    const request = paidRequest('key-paid-0003', {
      payment: { amount: { amountMinor: 2_550, currency: 'USD' }, reference: REFERENCE },
    });
    const receipt = await connector.book(contextFor(sandbox, SWIM), request);

    expect(receipt.price.paid).toEqual({ amountMinor: 2_550, currency: 'USD' });
    expect(receipt.payment).toEqual({ method: 'pay_later' });
    expect(sandbox.bookings(SWIM)[0]?.initialPayments?.[0]?.amount).toEqual({
      amount: '25.50',
      currency: 'USD',
    });
  });

  it('sends no payment without one', async () => {
    const request = paidRequest('key-unpaid-001');
    delete request.payment;
    const receipt = await connector.book(contextFor(sandbox, SWIM), request);

    expect(receipt.price.paid).toEqual({ amountMinor: 0, currency: 'USD' });
    expect(sandbox.bookings(SWIM)[0]?.initialPayments).toBeUndefined();
  });

  it('records the payment once on a replay', async () => {
    const context = contextFor(sandbox, SWIM);
    const first = await connector.book(context, paidRequest('key-replay-paid'));
    const second = await createBookeoConnector().book(context, paidRequest('key-replay-paid'));

    expect(second.bookingId).toBe(first.bookingId);
    expect(second.price.paid).toEqual({ amountMinor: 8_500, currency: 'USD' });
    expect(sandbox.requests({ method: 'POST', pathPrefix: '/bookings' })).toHaveLength(1);
    expect(sandbox.bookingCount({ accountId: SWIM })).toBe(1);
    expect(sandbox.bookings(SWIM)[0]?.initialPayments).toHaveLength(1);
  });

  it('records the payment once after a lost response', async () => {
    sandbox.injectFault({
      kind: 'lostResponse',
      match: { method: 'POST', pathPrefix: '/bookings' },
    });
    const receipt = await connector.book(contextFor(sandbox, SWIM), paidRequest('key-lost-paid'));

    expect(receipt.price.paid).toEqual({ amountMinor: 8_500, currency: 'USD' });
    expect(sandbox.requests({ method: 'POST', pathPrefix: '/bookings' })).toHaveLength(1);
    expect(sandbox.bookingCount({ accountId: SWIM })).toBe(1);
    expect(sandbox.bookings(SWIM)[0]?.initialPayments).toHaveLength(1);
  });

  it('rejects a card number as reference', async () => {
    const request = paidRequest('key-card-ref1', {
      payment: { amount: { amountMinor: 8_500, currency: 'USD' }, reference: '4242424242424242' },
    });
    const error = await failure(connector.book(contextFor(sandbox, SWIM), request));

    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/payment\.reference looks like a card number/);
    expect(error.message).not.toContain('4242424242424242');
    expect(sandbox.requests()).toEqual([]);
  });

  it('rejects a payment in another currency', async () => {
    const request = paidRequest('key-euro-paid', {
      payment: { amount: { amountMinor: 8_500, currency: 'EUR' }, reference: REFERENCE },
    });
    const error = await failure(connector.book(contextFor(sandbox, SWIM), request));

    expect(error.code).toBe('invalid_request');
    expect(sandbox.bookingCount({ accountId: SWIM })).toBe(0);
  });
  describe('when Bookeo drops the payment', () => {
    let server: HandlerServer;
    let handlers: RequestHandler[] = [];
    let baseUrl = '';

    beforeAll(async () => {
      server = await startHandlerServer('127.0.0.1', 0, () => handlers);
      baseUrl = `${server.origin}/v2`;
      const state = new SandboxState(demoSeed(), createSandboxClock(START));
      const bookeo = createBookeoHandlers(state, baseUrl);
      const dropPayments = http.post(`${baseUrl}/bookings`, async ({ request }) => {
        const body = (await request.json()) as BookeoBookingRequest;
        delete body.initialPayments;
        const forwarded = new Request(request.url, {
          method: 'POST',
          headers: request.headers,
          body: JSON.stringify(body),
        });
        return getResponse(bookeo, forwarded);
      });
      handlers = [dropPayments, ...bookeo];
    });

    afterAll(() => server.close());

    it('logs a warning', async () => {
      const context = contextFor(sandbox, SWIM, { config: { baseUrl } });
      const receipt = await connector.book(context, paidRequest('key-dropped-paid'));

      expect(receipt.price.paid).toEqual({ amountMinor: 0, currency: 'USD' });
      const warning = logLines.find((line) => line.message.startsWith('Bookeo recorded less'));
      expect(warning?.level).toBe('warn');
      expect(warning?.fields).toMatchObject({
        bookingId: receipt.bookingId,
        paymentSent: { amountMinor: 8_500, currency: 'USD' },
        paidRecorded: { amountMinor: 0, currency: 'USD' },
      });
    });
  });
});

describe('bookeo payment money', () => {
  it.each([
    [{ amountMinor: 8_500, currency: 'USD' }, '85.00'],
    [{ amountMinor: 5, currency: 'USD' }, '0.05'],
    [{ amountMinor: 500, currency: 'JPY' }, '500'],
    [{ amountMinor: 1_005, currency: 'KWD' }, '1.005'],
  ])('converts %o exactly', (money, amount) => {
    expect(toBookeoMoney(money)).toEqual({ amount, currency: money.currency });
  });
});
