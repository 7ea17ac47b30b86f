import { describe, expect, it } from 'vitest';
import type { Hub } from '../src/index.js';
import { sandboxVendor, SWIM_ACCOUNT, swimAnswers } from './bookeo-fixtures.js';
import { rejection, useBookeoHarness } from './bookeo-harness.js';

const GONE = 'The booking this registration made no longer exists at Riverside Swim School';

describe('booking identity on read-back and cancel', () => {
  const harness = useBookeoHarness();

  async function book(hub: Hub, firstName = 'Sam') {
    const details = await hub.getProgram({ vendorId: 'riversideswim', programId: 'LTS58' });
    const answers = swimAnswers();
    const prepared = await hub.prepareRegistration({
      vendorId: 'riversideswim',
      programId: 'LTS58',
      sessionId: details.sessions[0]!.id,
      ...answers,
      participants: [{ category: 'Cchildren', answers: { firstName, lastName: 'Whitfield' } }],
    });
    return hub.confirmRegistration({ registrationId: prepared.registrationId });
  }

  it('refuses another family’s booking with the same id', async () => {
    const hub = harness.hubWith();
    const ours = await book(hub);
    // The provider restarts and hands the same booking number to another family.
    harness.sandbox.reset();
    const theirs = await book(hub, 'Ada');
    expect(theirs.receipt?.bookingId).toBe(ours.receipt?.bookingId);
    expect(theirs.receipt?.externalReference).not.toBe(ours.receipt?.externalReference);

    const read = await rejection(hub.getRegistration({ registrationId: ours.registrationId }));
    expect(read.code).toBe('not_found');
    expect(read.message).toContain(GONE);

    const cancel = await rejection(hub.cancelRegistration({ registrationId: ours.registrationId }));
    expect(cancel.code).toBe('not_found');
    expect(cancel.message).toContain(GONE);
    expect(harness.sandbox.requests({ method: 'DELETE' })).toEqual([]);
    expect(harness.sandbox.bookingCount()).toBe(1);

    const still = await hub.getRegistration({ registrationId: theirs.registrationId });
    expect(still.state).toBe('booked');
    expect(still.receipt?.status).toBe('confirmed');
    const logged = harness.logger.entries.filter(
      (entry) => entry.fields.reason === 'reference_mismatch',
    );
    expect(logged).toHaveLength(2);
    expect(logged[0]?.level).toBe('error');
    expect(logged[0]?.fields).toMatchObject({
      vendorId: 'riversideswim',
      connectorId: 'bookeo',
      bookingId: ours.receipt?.bookingId,
    });
    expect(logged[0]?.fields.registration).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reports a booking the provider no longer has', async () => {
    const hub = harness.hubWith();
    const ours = await book(hub);
    harness.sandbox.reset();

    const read = await rejection(hub.getRegistration({ registrationId: ours.registrationId }));
    expect(read.code).toBe('not_found');
    expect(read.message).toContain(GONE);
    expect(read.message).not.toMatch(/could not be reached|HTTP|\/bookings/);

    const cancel = await rejection(hub.cancelRegistration({ registrationId: ours.registrationId }));
    expect(cancel.message).toContain(GONE);
    expect(harness.sandbox.requests({ method: 'DELETE' })).toEqual([]);
    expect(harness.logger.entries.some((entry) => entry.fields.reason === 'not_found')).toBe(true);

    // A repeated confirm reads the booking back too, instead of repeating "confirmed".
    const confirm = await rejection(
      hub.confirmRegistration({ registrationId: ours.registrationId }),
    );
    expect(confirm.code).toBe('not_found');
    expect(confirm.message).toContain(GONE);
    expect(harness.sandbox.requests({ method: 'POST', pathPrefix: '/bookings' })).toEqual([]);
  });

  it('gives the stale status with the reason', async () => {
    const hub = harness.hubWith();
    const ours = await book(hub);
    harness.sandbox.injectFault({ kind: 'serverError', match: { method: 'GET' }, times: 10 });

    const stale = await hub.getRegistration({ registrationId: ours.registrationId });
    expect(stale.state).toBe('booked');
    expect(stale.warnings).toEqual([
      "Riverside Swim School's booking system could not be reached. Try again in a few " +
        'minutes. This is the last known status.',
    ]);

    const cancel = await rejection(hub.cancelRegistration({ registrationId: ours.registrationId }));
    expect(cancel.code).toBe('provider_unavailable');
    expect(harness.sandbox.requests({ method: 'DELETE' })).toEqual([]);
  });

  it('stores a cancelled receipt on cancel', async () => {
    const hub = harness.hubWith();
    const ours = await book(hub);
    const cancelled = await hub.cancelRegistration({ registrationId: ours.registrationId });

    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.receipt?.status).toBe('cancelled');
    const again = await hub.getRegistration({ registrationId: ours.registrationId });
    expect(again.receipt?.status).toBe('cancelled');
  });

  it('records a booking cancelled at the provider', async () => {
    const hub = harness.hubWith();
    const ours = await book(hub);
    const routed = hub.router.route(sandboxVendor(harness.sandbox, SWIM_ACCOUNT));
    const bookingId = ours.receipt!.bookingId;
    await hub.router.call(routed, 'cancel', { requestId: 'vendor-side' }, (connector, context) =>
      connector.cancel(context, { bookingId }),
    );

    const cancelled = await hub.cancelRegistration({ registrationId: ours.registrationId });
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.receipt?.status).toBe('cancelled');
    expect(harness.sandbox.requests({ method: 'DELETE' })).toHaveLength(1);
  });

  it('cancels by id when the receipt has no reference', async () => {
    const ledger = harness.openLedger();
    const hub = harness.hubWith(undefined, { ledger });
    const ours = await book(hub);
    const { externalReference, ...withoutReference } = ours.receipt!;
    expect(externalReference).toMatch(/^sa-/);
    await ledger.updateReceipt(ours.registrationId, withoutReference);

    const cancelled = await hub.cancelRegistration({ registrationId: ours.registrationId });
    expect(cancelled.state).toBe('cancelled');
    expect(harness.sandbox.bookingCount()).toBe(0);
  });
});
