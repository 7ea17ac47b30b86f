import type { ConformanceSandbox } from '@signupassist/contract/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BookeoConfigInput, BookeoCredentials } from '../src/index.js';
import { startConformanceSandbox } from '../src/sandbox/index.js';

// Monday 2026-03-02 12:00 in New York. The first LTS58 class is Saturday 7 March at 10:00.
const START = new Date('2026-03-02T17:00:00Z');
const FIRST_CLASS = 'LTS58_202603071000';
const SOLD_OUT = 'STROKE912_202603080900';

let sandbox: ConformanceSandbox<BookeoConfigInput, BookeoCredentials>;

function call(
  method: string,
  path: string,
  credentials: BookeoCredentials = sandbox.vendor().credentials,
  body?: unknown,
) {
  return fetch(`${sandbox.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      'X-Bookeo-secretKey': credentials.secretKey,
      'X-Bookeo-apiKey': credentials.apiKey,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function classBooking(externalRef: string) {
  return {
    productId: 'LTS58',
    eventId: FIRST_CLASS,
    customer: {
      firstName: 'Maya',
      lastName: 'Lopez',
      emailAddress: 'maya.lopez@example.com',
      customFields: [{ id: 'EMERGENCYPHONE', value: '+1 518 555 0199' }],
    },
    participants: { numbers: [{ peopleCategoryId: 'Cchildren', number: 2 }] },
    options: [{ id: 'SWIMLEVEL', value: 'Beginner' }],
    externalRef,
  };
}

beforeAll(async () => {
  sandbox = await startConformanceSandbox({ startAt: START });
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.stop());

describe('bookeo conformance sandbox', () => {
  it('describes the seed as ground truth', () => {
    const scenario = sandbox.scenario();

    expect(scenario.programIds).toEqual(['LTS58', 'STROKE912', 'PRIVLESSON', 'LIFEGUARD']);
    expect(scenario.sessionIds.LTS58).toHaveLength(10);
    expect(scenario.sessionIds.LTS58?.[0]).toBe(FIRST_CLASS);
    expect(scenario.sessionIds.STROKE912).toEqual([SOLD_OUT]);
    expect(scenario.pageSize).toBe(3);
    expect(scenario.sessionWindow.from).toEqual(START);
    expect(scenario.bookable).toEqual({ programId: 'LTS58', sessionId: FIRST_CLASS });
    expect(scenario.soldOut).toEqual({ programId: 'STROKE912', sessionId: SOLD_OUT });
    expect(scenario.bookingRequest).toEqual({ method: 'POST', pathPrefix: '/bookings' });
  });

  it('lists products over several pages', async () => {
    const response = await call('GET', '/settings/products');
    const page = (await response.json()) as { info: { totalPages: number }; data: unknown[] };

    expect(page.info.totalPages).toBe(2);
    expect(page.data).toHaveLength(3);
  });

  it('logs an opaque credential id and the status', async () => {
    const vendor = sandbox.vendor();
    await call('GET', '/settings/apikeyinfo');
    await call('GET', '/settings/apikeyinfo', vendor.badCredentials);

    const [good, bad] = sandbox.requests({ pathPrefix: '/settings/apikeyinfo' });
    expect(good?.credentialId).toBe(vendor.credentialId);
    expect(good?.status).toBe(200);
    expect(bad?.status).toBe(401);
    expect(bad?.credentialId).toBeDefined();
    expect(bad?.credentialId).not.toBe(vendor.credentialId);
    const logged = JSON.stringify(sandbox.requests());
    expect(logged).not.toContain(vendor.credentials.apiKey);
    expect(logged).not.toContain(vendor.badCredentials.apiKey);
  });

  it('gives the vendor a config pointing at the sandbox', () => {
    const vendor = sandbox.vendor();

    expect(vendor.vendor.config.baseUrl).toBe(sandbox.url);
    expect(vendor.vendor.timeZone).toBe('America/New_York');
    expect(vendor.credentialId).not.toContain(vendor.credentials.apiKey);
  });

  it('counts bookings and seats by canonical id', async () => {
    const response = await call('POST', '/bookings', undefined, classBooking('ref-1'));
    expect(response.status).toBe(201);

    expect(sandbox.bookingCount()).toBe(1);
    expect(sandbox.bookingCount({ sessionId: FIRST_CLASS })).toBe(1);
    expect(sandbox.bookingCount({ sessionId: SOLD_OUT })).toBe(0);
    expect(sandbox.bookingCount({ externalReference: 'ref-1' })).toBe(1);
    expect(sandbox.bookingCount({ externalReference: 'ref-2' })).toBe(0);
    expect(sandbox.seatsLeft(FIRST_CLASS)).toBe(6);
    expect(sandbox.seatsLeft(SOLD_OUT)).toBe(0);
  });

  it('counts cancelled bookings only on request', async () => {
    const created = await call('POST', '/bookings', undefined, classBooking('ref-1'));
    const { bookingNumber } = (await created.json()) as { bookingNumber: string };
    await call('DELETE', `/bookings/${bookingNumber}`);

    expect(sandbox.bookingCount({ externalReference: 'ref-1' })).toBe(0);
    expect(sandbox.bookingCount({ externalReference: 'ref-1', includeCancelled: true })).toBe(1);
    expect(sandbox.seatsLeft(FIRST_CLASS)).toBe(8);
  });

  it('expires holds when the clock advances', async () => {
    const holdResponse = await call('POST', '/holds?holdDurationSeconds=120', undefined, {
      productId: 'LTS58',
      eventId: FIRST_CLASS,
      participants: { numbers: [{ peopleCategoryId: 'Cchildren', number: 3 }] },
      options: [{ id: 'SWIMLEVEL', value: 'Beginner' }],
    });
    expect(holdResponse.status).toBe(201);
    expect(sandbox.seatsLeft(FIRST_CLASS)).toBe(5);

    sandbox.advanceClock(121_000);

    expect(sandbox.seatsLeft(FIRST_CLASS)).toBe(8);
    expect(sandbox.now()).toEqual(new Date(START.getTime() + 121_000));
  });

  it('resets the clock, bookings and log', async () => {
    await call('POST', '/bookings', undefined, classBooking('ref-1'));
    sandbox.advanceClock(86_400_000);
    sandbox.injectFault({ kind: 'serverError' });

    await sandbox.reset();

    expect(sandbox.now()).toEqual(START);
    expect(sandbox.bookingCount({ includeCancelled: true })).toBe(0);
    expect(sandbox.requests()).toEqual([]);
    expect((await call('GET', '/settings/apikeyinfo')).status).toBe(200);
    expect(sandbox.scenario().bookable?.sessionId).toBe(FIRST_CLASS);
  });

  it('logs no status for a lost response', async () => {
    sandbox.injectFault({
      kind: 'lostResponse',
      match: { method: 'POST', pathPrefix: '/bookings' },
    });

    await expect(call('POST', '/bookings', undefined, classBooking('ref-1'))).rejects.toThrow();

    const [post] = sandbox.requests({ method: 'POST' });
    expect(post?.status).toBeUndefined();
    expect(sandbox.bookingCount({ externalReference: 'ref-1' })).toBe(1);
  });
});
