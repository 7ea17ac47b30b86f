import { createBookeoConnector } from '@signupassist/connector-bookeo';
import type {
  AnyConnector,
  BookingLookup,
  BookingReceipt,
  BookingStatus,
} from '@signupassist/contract';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../src/index.js';
import { StatusRefreshLimiter } from '../src/registration/refresh-limit.js';
import { swimAnswers } from './bookeo-fixtures.js';
import { useBookeoHarness } from './bookeo-harness.js';
import { FakeClock } from './helpers.js';

/**
 * Returns a hand-off connector over the Bookeo sandbox whose read-back reports the status a test
 * sets, as a provider does once the family finished its own form, and records each lookup.
 */
function handoffConnector(state: { status: BookingStatus; lookups: BookingLookup[] }) {
  const bookeo = createBookeoConnector() as AnyConnector;
  const receipt = (bookingId: string, status: BookingStatus): BookingReceipt => ({
    bookingId,
    status,
    programId: 'LIFEGUARD',
    sessionId: 'any',
    price: { total: { amountMinor: 0, currency: 'USD' } },
    payment: { method: 'none' },
    handoff: { url: 'https://riverside-swim.example/register', reference: bookingId },
  });
  const connector: AnyConnector = {
    ...bookeo,
    manifest: {
      ...bookeo.manifest,
      capabilities: { ...bookeo.manifest.capabilities, book: 'handoff', holds: 'absent' },
    },
    book: async (_context, request) =>
      receipt(`handoff-${request.idempotencyKey}`, 'handoff_required'),
    getBooking: async (_context, lookup) => {
      state.lookups.push(lookup);
      return receipt(lookup.bookingId, state.status);
    },
  };
  return connector;
}

describe('status read-back of hand-off registrations', () => {
  const harness = useBookeoHarness();

  async function booked(hub: Hub): Promise<string> {
    const details = await hub.getProgram({ vendorId: 'riversideswim', programId: 'LIFEGUARD' });
    const prepared = await hub.prepareRegistration({
      vendorId: 'riversideswim',
      programId: 'LIFEGUARD',
      sessionId: details.sessions[0]!.id,
      ...swimAnswers(),
      booking: {},
    });
    const confirmed = await hub.confirmRegistration({ registrationId: prepared.registrationId });
    expect(confirmed.receipt?.status).toBe('handoff_required');
    return prepared.registrationId;
  }

  it('passes the stored registration and follows the provider to confirmed and cancelled', async () => {
    const state = { status: 'handoff_required' as BookingStatus, lookups: [] as BookingLookup[] };
    const hub = harness.hubWith(undefined, { connectors: [handoffConnector(state)] });
    const registrationId = await booked(hub);

    expect((await hub.getRegistration({ registrationId })).receipt?.status).toBe(
      'handoff_required',
    );
    expect(state.lookups.at(-1)?.registration?.guardian).toEqual(swimAnswers().guardian);
    expect(state.lookups.at(-1)?.registration?.participants).toEqual(swimAnswers().participants);

    state.status = 'confirmed';
    const confirmed = await hub.getRegistration({ registrationId });
    expect(confirmed.state).toBe('booked');
    expect(confirmed.receipt?.status).toBe('confirmed');

    state.status = 'cancelled';
    const cancelled = await hub.getRegistration({ registrationId });
    expect(cancelled.state).toBe('cancelled');
  });

  it('limits read-backs per vendor', async () => {
    const state = { status: 'handoff_required' as BookingStatus, lookups: [] as BookingLookup[] };
    const clock = new FakeClock(new Date());
    const hub = harness.hubWith(undefined, {
      connectors: [handoffConnector(state)],
      clock,
      statusRefresh: { burst: 3, perSecond: 0.5 },
    });
    const registrationId = await booked(hub);

    for (let call = 0; call < 3; call += 1) {
      const view = await hub.getRegistration({ registrationId });
      expect(view.warnings?.filter((warning) => warning.includes('last known')) ?? []).toEqual([]);
    }
    expect(state.lookups).toHaveLength(3);

    state.status = 'confirmed';
    const limited = await hub.getRegistration({ registrationId });
    expect(state.lookups).toHaveLength(3);
    expect(limited.receipt?.status).toBe('handoff_required');
    expect(limited.warnings).toContain(
      'Riverside Swim School was asked for many updates just now, so this is the last known ' +
        'status. Check again in 2 seconds.',
    );

    clock.advance(2_000);
    const fresh = await hub.getRegistration({ registrationId });
    expect(state.lookups).toHaveLength(4);
    expect(fresh.receipt?.status).toBe('confirmed');
  });
});

describe('StatusRefreshLimiter', () => {
  it('keeps one bucket per vendor and refills with time', () => {
    const clock = new FakeClock(new Date('2027-01-01T00:00:00Z'));
    const limiter = new StatusRefreshLimiter(clock, { burst: 2, perSecond: 1 });

    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect(limiter.take('b')).toEqual({ allowed: true });

    clock.advance(500);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterMs: 500 });
    clock.advance(500);
    expect(limiter.take('a')).toEqual({ allowed: true });
  });

  it('rejects settings that would never allow a read-back', () => {
    const clock = new FakeClock(new Date());
    expect(() => new StatusRefreshLimiter(clock, { burst: 0 })).toThrow(
      /Invalid statusRefresh.burst 0: set it to 1 or more/,
    );
    expect(() => new StatusRefreshLimiter(clock, { perSecond: 0 })).toThrow(
      /Invalid statusRefresh.perSecond 0: set it above 0/,
    );
  });
});
