import { describe, expect, it } from 'vitest';
import {
  StaticVendorSource,
  type Hub,
  type VendorRecord,
  type VendorSource,
} from '../src/index.js';
import { sandboxVendor, SWIM_ACCOUNT, swimAnswers } from './bookeo-fixtures.js';
import { rejection, useBookeoHarness } from './bookeo-harness.js';
import { FakeClock, waitUntil } from './helpers.js';

/**
 * A vendor source that can hold back one `getVendor` call. A cancel looks its vendor up right
 * after reading the registration, so holding that call keeps the cancel between its read and
 * its write while a confirm runs.
 */
class GatedVendorSource implements VendorSource {
  private gate: { reached: () => void; opened: Promise<void> } | undefined;

  constructor(private readonly inner: VendorSource) {}

  /** Holds the next `getVendor` call until `release` is called. */
  holdNextLookup(): { reached: Promise<void>; release: () => void } {
    let reached!: () => void;
    let release!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    const opened = new Promise<void>((resolve) => (release = resolve));
    this.gate = { reached, opened };
    return { reached: reachedPromise, release };
  }

  listVendors(): Promise<VendorRecord[]> {
    return this.inner.listVendors();
  }

  async getVendor(id: string): Promise<VendorRecord | undefined> {
    const gate = this.gate;
    this.gate = undefined;
    if (gate) {
      gate.reached();
      await gate.opened;
    }
    return this.inner.getVendor(id);
  }
}

describe('cancel against concurrent and unknown bookings', () => {
  const harness = useBookeoHarness();

  async function prepareSwim(hub: Hub) {
    const details = await hub.getProgram({ vendorId: 'riversideswim', programId: 'LTS58' });
    return hub.prepareRegistration({
      vendorId: 'riversideswim',
      programId: 'LTS58',
      sessionId: details.sessions[0]!.id,
      ...swimAnswers(),
    });
  }

  function gatedHub() {
    const vendors = new GatedVendorSource(
      new StaticVendorSource([sandboxVendor(harness.sandbox, SWIM_ACCOUNT)]),
    );
    const ledger = harness.openLedger();
    return { vendors, ledger, hub: harness.hubWith(undefined, { vendors, ledger }) };
  }

  it('cancels a booking made after its read', async () => {
    const { vendors, ledger, hub } = gatedHub();
    const prepared = await prepareSwim(hub);

    const gate = vendors.holdNextLookup();
    const cancelling = hub.cancelRegistration({ registrationId: prepared.registrationId });
    await gate.reached;
    // The cancel has read the row as prepared; a confirm books it before the cancel writes.
    const confirmed = await hub.confirmRegistration({ registrationId: prepared.registrationId });
    expect(confirmed.state).toBe('booked');
    expect(harness.sandbox.bookingCount()).toBe(1);
    gate.release();
    const cancelled = await cancelling;

    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.cancellation?.status).toBe('cancelled');
    expect(cancelled.receipt?.bookingId).toBe(confirmed.receipt?.bookingId);
    expect(harness.sandbox.bookingCount()).toBe(0);
    expect(harness.sandbox.requests({ method: 'DELETE', pathPrefix: '/bookings' })).toHaveLength(1);
    // The booking consumed the hold, so the cancel does not try to release it.
    expect(harness.sandbox.requests({ method: 'DELETE', pathPrefix: '/holds' })).toEqual([]);
    const events = await ledger.listEvents(prepared.registrationId);
    expect(events.map((event) => event.type)).toEqual([
      'prepared',
      'claimed',
      'booked',
      'cancelled',
    ]);
  });

  it('rejects a cancel that meets a running booking', async () => {
    const { vendors, ledger, hub } = gatedHub();
    const prepared = await prepareSwim(hub);

    const gate = vendors.holdNextLookup();
    const cancelling = hub.cancelRegistration({ registrationId: prepared.registrationId });
    await gate.reached;
    // Another process claims the booking while the cancel waits.
    const claim = await ledger.claimBooking(prepared.registrationId);
    expect(claim.claimed).toBe(true);
    gate.release();
    const error = await rejection(cancelling);

    expect(error.code).toBe('conflict');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('being booked right now');
    const stored = await ledger.getRegistration(prepared.registrationId);
    expect(stored?.state).toBe('booking');
    expect(harness.sandbox.requests({ method: 'DELETE' })).toEqual([]);
  });

  it('cancels a prepared registration, then its hold', async () => {
    const hub = harness.hubWith();
    const prepared = await prepareSwim(hub);
    const seatsHeld = harness.sandbox.seatsLeft(SWIM_ACCOUNT, prepared.sessionId);

    const cancelled = await hub.cancelRegistration({ registrationId: prepared.registrationId });
    expect(cancelled.state).toBe('cancelled');
    expect(harness.sandbox.seatsLeft(SWIM_ACCOUNT, prepared.sessionId)).toBe(seatsHeld + 1);
    const error = await rejection(
      hub.confirmRegistration({ registrationId: prepared.registrationId }),
    );
    expect(error.code).toBe('conflict');
    expect(harness.sandbox.bookingCount()).toBe(0);
  });

  it('cancels a registration that failed for good', async () => {
    const hub = harness.hubWith([
      sandboxVendor(harness.sandbox, SWIM_ACCOUNT, { capabilityOverrides: { holds: 'absent' } }),
    ]);
    const details = await hub.getProgram({ vendorId: 'riversideswim', programId: 'PRIVLESSON' });
    const request = {
      vendorId: 'riversideswim',
      programId: 'PRIVLESSON',
      sessionId: details.sessions[0]!.id,
      ...swimAnswers(),
      booking: {},
    };
    const winner = await hub.prepareRegistration(request);
    const loser = await hub.prepareRegistration(request);
    await hub.confirmRegistration({ registrationId: winner.registrationId });
    const soldOut = await rejection(
      hub.confirmRegistration({ registrationId: loser.registrationId }),
    );
    expect(soldOut.code).toBe('sold_out');

    const cancelled = await hub.cancelRegistration({ registrationId: loser.registrationId });
    expect(cancelled.state).toBe('cancelled');
    expect(harness.sandbox.bookingCount()).toBe(1);
  });

  it('rejects cancel while the outcome is unknown', async () => {
    const clock = new FakeClock(new Date());
    const ledger = harness.openLedger('unknown.sqlite', { clock });
    // A short request limit makes the booking request time out, and the latency outlasts the
    // connector's two lookups, so the hub stores outcome_unknown while Bookeo still books.
    const hub = harness.hubWith(undefined, { ledger, clock, requestTimeoutMs: 300 });
    const prepared = await prepareSwim(hub);
    harness.sandbox.injectFault({
      kind: 'latency',
      ms: 3_000,
      match: { method: 'POST', pathPrefix: '/bookings' },
    });
    const unknown = await rejection(
      hub.confirmRegistration({ registrationId: prepared.registrationId }),
    );
    expect(unknown.code).toBe('outcome_unknown');

    const early = await rejection(
      hub.cancelRegistration({ registrationId: prepared.registrationId }),
    );
    expect(early.code).toBe('conflict');
    expect(early.retryable).toBe(true);
    expect(early.message).toContain('not known yet');
    expect(early.message).toContain('confirm_registration');
    expect(early.retryAfterMs).toBeGreaterThan(0);
    expect((await ledger.getRegistration(prepared.registrationId))?.state).toBe('failed');

    await waitUntil(() => harness.sandbox.bookingCount() === 1, 5_000, 'the late booking');
    const late = await rejection(
      hub.cancelRegistration({ registrationId: prepared.registrationId }),
    );
    expect(late.code).toBe('conflict');
    expect(harness.sandbox.bookingCount()).toBe(1);

    clock.advance(early.retryAfterMs!);
    const confirmed = await hub.confirmRegistration({ registrationId: prepared.registrationId });
    expect(confirmed.state).toBe('booked');
    expect(harness.sandbox.bookingCount()).toBe(1);
    const cancelled = await hub.cancelRegistration({ registrationId: prepared.registrationId });
    expect(cancelled.state).toBe('cancelled');
    expect(harness.sandbox.bookingCount()).toBe(0);
  });
});
