import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { ConnectorError, type AnyConnector } from '@signupassist/contract';
import { describe, expect, it } from 'vitest';
import { sandboxVendor, SWIM_ACCOUNT } from './bookeo-fixtures.js';
import { CAMP_ACCOUNT, rejection, useBookeoHarness } from './bookeo-harness.js';
import { FakeClock } from './helpers.js';

const DAY_MS = 86_400_000;

describe('search date filters', () => {
  const harness = useBookeoHarness();

  function searchHub() {
    const clock = new FakeClock(new Date());
    const hub = harness.hubWith(
      [sandboxVendor(harness.sandbox, SWIM_ACCOUNT), sandboxVendor(harness.sandbox, CAMP_ACCOUNT)],
      { clock },
    );
    return { hub, now: clock.now().getTime() };
  }

  function slotRequests() {
    return harness.sandbox.requests({ method: 'GET', pathPrefix: '/availability/slots' });
  }

  it('rejects a reversed window naming both fields', async () => {
    const { hub, now } = searchHub();
    const error = await rejection(
      hub.searchPrograms({
        startsAfter: new Date(now + 20 * DAY_MS),
        startsBefore: new Date(now + 10 * DAY_MS),
      }),
    );

    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('startsBefore');
    expect(error.message).toContain('startsAfter');
    expect(harness.sandbox.requests()).toEqual([]);
  });

  it('returns nothing for a past window', async () => {
    const { hub } = searchHub();
    const result = await hub.searchPrograms({ startsBefore: new Date('2020-01-01T00:00:00Z') });

    expect(result.programs).toEqual([]);
    expect(result.unavailableVendors).toEqual([]);
    expect(result.notes).toEqual([
      'startsBefore (2020-01-01) is in the past, and search lists only upcoming sessions. ' +
        'Leave it out or give a future date.',
    ]);
    expect(harness.sandbox.requests()).toEqual([]);
  });

  it('returns nothing past the last searchable day', async () => {
    const { hub } = searchHub();
    const result = await hub.searchPrograms({ startsAfter: new Date('9999-12-31T00:00:00Z') });

    expect(result.programs).toEqual([]);
    expect(result.unavailableVendors).toEqual([]);
    expect(result.notes?.[0]).toContain('startsAfter (9999-12-31) is more than 365 days ahead');
  });

  it('clamps a window of two years', async () => {
    const { hub, now } = searchHub();
    const result = await hub.searchPrograms({
      query: 'swim',
      startsAfter: new Date(now + DAY_MS),
      startsBefore: new Date(now + 2 * 366 * DAY_MS),
    });

    expect(result.unavailableVendors).toEqual([]);
    expect(result.programs.map((match) => match.program.id)).toContain('LTS58');
    const horizon = new Date(now + 365 * DAY_MS).toISOString().slice(0, 10);
    expect(result.notes).toEqual([
      `Sessions were searched up to ${horizon}, 365 days ahead, instead of up to startsBefore ` +
        `(${new Date(now + 2 * 366 * DAY_MS).toISOString().slice(0, 10)}).`,
    ]);
    expect(slotRequests().length).toBeGreaterThan(0);
  });

  it('tells a rejected range from a misconfigured vendor', async () => {
    // A connector whose provider takes at most 60 days of sessions per request.
    const bookeo = createBookeoConnector() as AnyConnector;
    const shortRange: AnyConnector = {
      ...bookeo,
      listSessions: async (context, query) => {
        const span = (query.to?.getTime() ?? Infinity) - (query.from?.getTime() ?? 0);
        if (span > 60 * DAY_MS) {
          throw new ConnectorError('invalid_request', 'Invalid session range: over 60 days.', {
            vendorId: context.vendor.id,
          });
        }
        return bookeo.listSessions(context, query);
      },
    };
    const broken = sandboxVendor(harness.sandbox, CAMP_ACCOUNT, {
      credentials: { secretKey: harness.sandbox.secretKey },
    });
    const hub = harness.hubWith([sandboxVendor(harness.sandbox, SWIM_ACCOUNT), broken], {
      connectors: [shortRange],
    });
    const result = await hub.searchPrograms({
      query: 'swim',
      startsBefore: new Date(Date.now() + 200 * DAY_MS),
    });

    const reasons = Object.fromEntries(
      result.unavailableVendors.map((vendor) => [vendor.vendorId, vendor.reason]),
    );
    expect(reasons.riversideswim).toBe(
      "The vendor's booking system rejected this search, for example a date range longer " +
        'than it supports. Try a shorter date range.',
    );
    expect(reasons.prairiecamp).toBe('This vendor is not available in the hub right now.');
  });

  it('lists nothing instead of querying past year 9999', async () => {
    const hub = harness.hubWith();
    const routed = hub.router.route(sandboxVendor(harness.sandbox, SWIM_ACCOUNT));
    const list = (query: { from: Date; to?: Date }) =>
      hub.router.call(routed, 'listSessions', { requestId: 'r1' }, (connector, context) =>
        connector.listSessions(context, { programId: 'LTS58', ...query }),
      );

    // The default end would fall after 9999-12-31, which Bookeo's query format cannot carry.
    expect(await list({ from: new Date('9999-12-31T00:00:00Z') })).toEqual([]);
    const sent = slotRequests().length;
    const error = await rejection(
      list({ from: new Date('9999-12-01T00:00:00Z'), to: new Date('+010000-01-31T00:00:00Z') }),
    );
    expect(error.code).toBe('invalid_request');
    const logged = harness.logger.entries.find(
      (entry) => entry.fields.errorCode === 'invalid_request',
    );
    expect(logged?.fields.errorMessage).toBe(
      'Invalid session range: to must be at or before 9999-12-31T23:59:59Z.',
    );
    expect(slotRequests()).toHaveLength(sent);
  });
});
