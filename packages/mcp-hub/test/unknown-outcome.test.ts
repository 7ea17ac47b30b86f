import { describe, expect, it } from 'vitest';
import type { CreateHubOptions, Hub } from '../src/index.js';
import { sandboxVendor, SWIM_ACCOUNT, swimAnswers } from './bookeo-fixtures.js';
import { rejection, useBookeoHarness } from './bookeo-harness.js';
import { FakeClock, waitUntil } from './helpers.js';

describe('booking requests that time out', () => {
  const harness = useBookeoHarness();

  /** Creates a hub for the swim school without holds, so only the key stops a second booking. */
  function holdlessHub(options: Partial<CreateHubOptions>): Hub {
    const vendor = sandboxVendor(harness.sandbox, SWIM_ACCOUNT, {
      capabilityOverrides: { holds: 'absent' },
    });
    return harness.hubWith([vendor], options);
  }

  async function prepareSwim(hub: Hub) {
    const details = await hub.getProgram({ vendorId: 'riversideswim', programId: 'LTS58' });
    return hub.prepareRegistration({
      vendorId: 'riversideswim',
      programId: 'LTS58',
      sessionId: details.sessions[0]!.id,
      ...swimAnswers(),
    });
  }

  function postedBookings(): number {
    return harness.sandbox.requests({ method: 'POST', pathPrefix: '/bookings' }).length;
  }

  it('finds a slow booking before the deadline', async () => {
    // Each request may take 500 ms, and the operation 2 × 500 ms + 5 s. Bookeo saves the
    // booking after 1.2 s, between the connector's lookups at about 1 s and 2.5 s.
    const hub = holdlessHub({ requestTimeoutMs: 500 });
    const prepared = await prepareSwim(hub);
    harness.sandbox.injectFault({
      kind: 'latency',
      ms: 1_200,
      match: { method: 'POST', pathPrefix: '/bookings' },
    });

    const confirmed = await hub.confirmRegistration({ registrationId: prepared.registrationId });
    expect(confirmed.state).toBe('booked');
    expect(harness.sandbox.bookingCount()).toBe(1);
    expect(postedBookings()).toBe(1);
    const lookups = harness.logger.entries.filter(
      (entry) => entry.message === 'Looking up a Bookeo booking whose request timed out',
    );
    expect(lookups.length).toBeGreaterThan(0);
  });

  it('waits before retrying an unknown outcome', async () => {
    const clock = new FakeClock(new Date());
    const ledger = harness.openLedger('retry.sqlite', { clock });
    const hub = holdlessHub({ ledger, clock, requestTimeoutMs: 300 });
    const prepared = await prepareSwim(hub);
    // Bookeo saves the booking after 3 s, after the connector's last lookup at about 2.3 s.
    harness.sandbox.injectFault({
      kind: 'latency',
      ms: 3_000,
      match: { method: 'POST', pathPrefix: '/bookings' },
    });

    const unknown = await rejection(
      hub.confirmRegistration({ registrationId: prepared.registrationId }),
    );
    expect(unknown.code).toBe('outcome_unknown');
    expect(unknown.retryable).toBe(true);
    expect(unknown.retryAfterMs).toBe(30_000);

    // A client that retries at once gets a retryable conflict, and nothing is posted again.
    const early = await rejection(
      hub.confirmRegistration({ registrationId: prepared.registrationId }),
    );
    expect(early.code).toBe('conflict');
    expect(early.retryable).toBe(true);
    expect(early.retryAfterMs).toBe(30_000);
    expect(early.message).toContain('in 30 seconds');
    expect(postedBookings()).toBe(1);

    await waitUntil(() => harness.sandbox.bookingCount() === 1, 5_000, 'the late booking');
    clock.advance(29_000);
    const stillEarly = await rejection(
      hub.confirmRegistration({ registrationId: prepared.registrationId }),
    );
    expect(stillEarly.retryAfterMs).toBe(1_000);

    clock.advance(1_000);
    const confirmed = await hub.confirmRegistration({ registrationId: prepared.registrationId });
    expect(confirmed.state).toBe('booked');
    expect(harness.sandbox.bookingCount()).toBe(1);
    expect(postedBookings()).toBe(1);
  });

  it('keeps the delay across processes', async () => {
    const clock = new FakeClock(new Date());
    const first = holdlessHub({
      ledger: harness.openLedger('shared.sqlite', { clock }),
      clock,
      requestTimeoutMs: 300,
    });
    const second = holdlessHub({
      ledger: harness.openLedger('shared.sqlite', { clock }),
      clock,
      unknownOutcomeRetryDelayMs: 0,
    });
    const prepared = await prepareSwim(first);
    harness.sandbox.injectFault({
      kind: 'latency',
      ms: 3_000,
      match: { method: 'POST', pathPrefix: '/bookings' },
    });
    await rejection(first.confirmRegistration({ registrationId: prepared.registrationId }));

    // The delay is stored with the failure, so a hub configured without one still waits.
    const early = await rejection(
      second.confirmRegistration({ registrationId: prepared.registrationId }),
    );
    expect(early.code).toBe('conflict');
    expect(postedBookings()).toBe(1);
    await waitUntil(() => harness.sandbox.bookingCount() === 1, 5_000, 'the late booking');
  });
  it('stops retrying after the retry window', async () => {
    const clock = new FakeClock(new Date());
    const ledger = harness.openLedger('window.sqlite', { clock });
    const hub = holdlessHub({ ledger, clock, requestTimeoutMs: 300 });
    const prepared = await prepareSwim(hub);
    harness.sandbox.injectFault({
      kind: 'latency',
      ms: 3_000,
      match: { method: 'POST', pathPrefix: '/bookings' },
    });
    await rejection(hub.confirmRegistration({ registrationId: prepared.registrationId }));
    await waitUntil(() => harness.sandbox.bookingCount() === 1, 5_000, 'the late booking');

    // Four days on, the connector's lookup no longer reaches the first booking, so a retry
    // could book twice: both confirm and cancel send the family to the vendor instead.
    clock.advance(4 * 24 * 60 * 60 * 1000);
    const late = await rejection(
      hub.confirmRegistration({ registrationId: prepared.registrationId }),
    );
    expect(late.code).toBe('outcome_unknown');
    expect(late.retryable).toBe(false);
    expect(late.message).toMatch(/Contact Riverside Swim School/);
    const cancel = await rejection(
      hub.cancelRegistration({ registrationId: prepared.registrationId }),
    );
    expect(cancel.code).toBe('outcome_unknown');
    expect(postedBookings()).toBe(1);
    expect(harness.sandbox.bookingCount()).toBe(1);
  });

  it('cancels a booking the provider rate-limited', async () => {
    const hub = holdlessHub({});
    const prepared = await prepareSwim(hub);
    harness.sandbox.injectFault({
      kind: 'rateLimit',
      retryAfterSeconds: 120,
      match: { method: 'POST', pathPrefix: '/bookings' },
    });
    const limited = await rejection(
      hub.confirmRegistration({ registrationId: prepared.registrationId }),
    );
    expect(limited.code).toBe('rate_limited');

    // A 429 means Bookeo did not act on the request, so no booking can exist to look for.
    const cancelled = await hub.cancelRegistration({ registrationId: prepared.registrationId });
    expect(cancelled.state).toBe('cancelled');
    expect(harness.sandbox.bookingCount()).toBe(0);
  });
});
