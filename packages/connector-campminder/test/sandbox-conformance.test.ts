import type { ConformanceSandbox } from '@signupassist/contract/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CampMinderConfigSchema, CampMinderCredentialsSchema } from '../src/index.js';
import {
  CONFORMANCE_PAGE_SIZE,
  credentialIdOf,
  startConformanceSandbox,
  UNLIMITED_SEATS,
  type CampMinderSandboxVendorConfig,
} from '../src/sandbox/index.js';

// 1 March 2027, so the conformance season is 2027.
const START = new Date('2027-03-01T17:00:00Z');
const REFERENCE = 'SAMFRGGZDFMZTWQ2LK';

let sandbox: ConformanceSandbox<
  CampMinderSandboxVendorConfig,
  { apiKey: string; subscriptionKey: string }
>;

beforeAll(async () => {
  sandbox = await startConformanceSandbox({ startAt: START });
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.stop());

function handoffUrl(sessionId: string, programId: string, family: Record<string, string>) {
  const url = new URL(
    sandbox
      .vendor()
      .vendor.config.registrationUrl.replace('{sessionId}', sessionId)
      .replace('{programId}', programId)
      .replace('{reference}', REFERENCE),
  );
  for (const [name, value] of Object.entries(family)) url.searchParams.set(name, value);
  return url.toString();
}

const FAMILY = {
  guardianFirstName: 'Alex',
  guardianLastName: 'Conformance',
  guardianEmail: 'conformance.family@example.com',
  camper1FirstName: 'Alex',
  camper1LastName: 'Conformance',
  camper1BirthDate: '2019-03-01',
};

describe('campminder conformance sandbox', () => {
  it('lists the canonical program ids of Pine Lake Camp', () => {
    expect(sandbox.scenario().programIds).toEqual([
      'group-11',
      'group-12',
      'group-13',
      'group-14',
      'session-1040',
      'session-1041',
    ]);
  });

  it('expands sessions with programs into one id per active program', () => {
    const { sessionIds } = sandbox.scenario();

    expect(sessionIds).toEqual({
      'group-11': ['1001-501', '1002-501', '1002-502', '1003'],
      'group-12': ['1010'],
      'group-13': ['1020-504', '1020-505'],
      'group-14': ['1030-506', '1031-506', '1032', '1033', '1034', '1035'],
      'session-1040': ['1040'],
      'session-1041': ['1041'],
    });
  });

  it('pages programs and the day camp group at the page size', () => {
    const scenario = sandbox.scenario();

    expect(scenario.pageSize).toBe(CONFORMANCE_PAGE_SIZE);
    expect(scenario.programIds.length).toBeGreaterThan(scenario.pageSize);
    expect(scenario.sessionIds['group-14']!.length).toBeGreaterThan(scenario.pageSize);
  });

  it('prices sessions from the vendor config in minor units', () => {
    const { prices } = sandbox.scenario();
    const { pricing } = sandbox.vendor().vendor.config;

    expect(prices?.['1002-502']).toEqual({ amountMinor: 425_000, currency: 'USD' });
    expect(prices?.['1040']).toEqual({ amountMinor: 187_550, currency: 'USD' });
    expect(prices?.['1032']).toEqual({ amountMinor: pricing.defaultTuition, currency: 'USD' });
    expect(Object.keys(prices ?? {}).sort()).toEqual(
      Object.values(sandbox.scenario().sessionIds).flat().sort(),
    );
  });

  it('names a hand-off target and a window of the whole season', () => {
    const scenario = sandbox.scenario();

    expect(scenario.handoff).toEqual({ programId: 'group-11', sessionId: '1002-502' });
    expect(scenario.bookable).toBeUndefined();
    expect(scenario.sessionWindow.from.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(scenario.sessionWindow.to.toISOString()).toBe('2028-01-01T00:00:00.000Z');
  });

  it('looks ahead to next season from June', async () => {
    const later = await startConformanceSandbox({ startAt: new Date('2027-06-01T12:00:00Z') });
    try {
      expect(later.vendor().vendor.config.seasonId).toBe(2028);
      expect(later.scenario().sessionWindow.from.getUTCFullYear()).toBe(2028);
    } finally {
      await later.stop();
    }
  });

  it('describes the vendor with a hand-off config and hashed credential id', () => {
    const account = sandbox.vendor();

    expect(account.vendor).toMatchObject({
      id: 'pine-lake-camp',
      displayName: 'Pine Lake Camp',
      timeZone: 'America/New_York',
    });
    expect(account.vendor.config).toMatchObject({
      baseUrl: sandbox.url,
      clientId: 4101,
      seasonId: 2027,
      prefill: true,
    });
    expect(account.credentialId).toBe(credentialIdOf(account.credentials.apiKey));
    expect(account.badCredentials.apiKey).not.toBe(account.credentials.apiKey);
  });

  it("passes the connector's config and credentials schemas", () => {
    const account = sandbox.vendor();

    expect(CampMinderConfigSchema.safeParse(account.vendor.config).success).toBe(true);
    expect(CampMinderCredentialsSchema.safeParse(account.credentials).success).toBe(true);
    expect(CampMinderCredentialsSchema.safeParse(account.badCredentials).success).toBe(true);
  });

  it('rejects the bad credentials at the token endpoint', async () => {
    const { badCredentials } = sandbox.vendor();
    const response = await fetch(`${sandbox.url}/auth/apikey`, {
      headers: {
        Authorization: badCredentials.apiKey,
        'Ocp-Apim-Subscription-Key': badCredentials.subscriptionKey,
      },
    });

    expect(response.status).toBe(401);
    const [record] = sandbox.requests();
    expect(record).toMatchObject({ method: 'GET', path: '/auth/apikey', status: 401 });
    expect(record?.credentialId).toBe(credentialIdOf(badCredentials.apiKey));
  });

  it('counts the registrations completeHandoff makes', async () => {
    const url = handoffUrl('1002', '502', FAMILY);
    await sandbox.completeHandoff!({ url, reference: REFERENCE }, 'pending');
    await sandbox.completeHandoff!({ url, reference: REFERENCE }, 'confirmed');

    expect(sandbox.bookingCount()).toBe(1);
    expect(sandbox.bookingCount({ sessionId: '1002-502' })).toBe(1);
    expect(sandbox.bookingCount({ externalReference: REFERENCE })).toBe(1);
    expect(sandbox.bookingCount({ sessionId: '1002-501' })).toBe(0);

    await sandbox.completeHandoff!({ url, reference: REFERENCE }, 'cancelled');
    expect(sandbox.bookingCount()).toBe(0);
    expect(sandbox.bookingCount({ includeCancelled: true })).toBe(1);
  });

  it('rejects a hand-off whose URL carries another reference', async () => {
    const url = handoffUrl('1041', '', FAMILY);

    await expect(
      sandbox.completeHandoff!({ url, reference: 'SAOTHERREFERENCE00' }, 'confirmed'),
    ).rejects.toThrow(/carries ref/);
    expect(sandbox.bookingCount({ includeCancelled: true })).toBe(0);
  });

  it('reports unlimited seats for known sessions only', () => {
    expect(sandbox.seatsLeft('1033')).toBe(UNLIMITED_SEATS);
    expect(() => sandbox.seatsLeft('1011')).toThrow(/Unknown session "1011"/);
  });

  it('resets the clock and the registrations', async () => {
    await sandbox.completeHandoff!(
      { url: handoffUrl('1041', '', FAMILY), reference: REFERENCE },
      'confirmed',
    );
    sandbox.advanceClock(7_200_000);
    await sandbox.reset();

    expect(sandbox.now().toISOString()).toBe(START.toISOString());
    expect(sandbox.bookingCount({ includeCancelled: true })).toBe(0);
  });

  it('applies injected faults to the API', async () => {
    sandbox.injectFault({ kind: 'rateLimit', retryAfterSeconds: 3 });
    const response = await fetch(`${sandbox.url}/auth/apikey`);

    expect(response.status).toBe(429);
    expect(sandbox.requests()).toEqual([
      { method: 'GET', path: '/auth/apikey', at: expect.any(String), status: 429 },
    ]);
  });
});
