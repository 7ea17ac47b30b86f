import { createBookeoConnector } from '@signupassist/connector-bookeo';
import type { AnyConnector, BookingReceipt } from '@signupassist/contract';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../src/index.js';
import { sandboxVendor, SWIM_ACCOUNT, swimAnswers } from './bookeo-fixtures.js';
import { rejection, useBookeoHarness } from './bookeo-harness.js';

const REGISTER_PAGE = 'https://riverside-swim.example/register';

/**
 * The Bookeo connector as a provider without a booking endpoint would ship it: catalog and
 * forms from the sandbox, `book: "handoff"`, and a `book` that returns a hand-off receipt.
 */
function handoffConnector(): AnyConnector {
  const bookeo = createBookeoConnector() as AnyConnector;
  return {
    ...bookeo,
    manifest: {
      ...bookeo.manifest,
      capabilities: { ...bookeo.manifest.capabilities, book: 'handoff', holds: 'absent' },
    },
    book: async (_context, request): Promise<BookingReceipt> => ({
      bookingId: `handoff-${request.idempotencyKey}`,
      status: 'handoff_required',
      programId: request.programId,
      sessionId: request.sessionId,
      price: { total: { amountMinor: 0, currency: 'USD' } },
      payment: { method: 'none' },
      handoff: {
        url: REGISTER_PAGE,
        reference: request.idempotencyKey,
        instructions: 'Finish on the swim school page.',
      },
    }),
  };
}

describe('programs the vendor takes only through its own channels', () => {
  const harness = useBookeoHarness();

  async function prepareLifeguard(hub: Hub) {
    const details = await hub.getProgram({ vendorId: 'riversideswim', programId: 'LIFEGUARD' });
    expect(details.program.bookingMode).toBe('handoff');
    // The lifeguard course has no swim-level option to answer.
    return hub.prepareRegistration({
      vendorId: 'riversideswim',
      programId: 'LIFEGUARD',
      sessionId: details.sessions[0]!.id,
      ...swimAnswers(),
      booking: {},
    });
  }

  it('gives no form for a closed program', async () => {
    const hub = harness.hubWith();
    const error = await rejection(
      hub.getRegistrationForm({ vendorId: 'riversideswim', programId: 'LIFEGUARD' }),
    );

    expect(error.code).toBe('unsupported');
    expect(error.message).toContain('Contact Riverside Swim School to register.');
    const open = await hub.getRegistrationForm({ vendorId: 'riversideswim', programId: 'LTS58' });
    expect(open.form.fields.length).toBeGreaterThan(0);
  });

  it('rejects a closed program at prepare', async () => {
    const hub = harness.hubWith();
    const error = await rejection(prepareLifeguard(hub));

    expect(error.code).toBe('unsupported');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      'Riverside Swim School takes registrations for Junior Lifeguard Course (ages 13-15) only ' +
        'through its own channels, not through the hub. Contact Riverside Swim School to register.',
    );
    expect(harness.sandbox.requests({ method: 'POST' })).toEqual([]);
  });

  it('rejects a vendor narrowed to hand-off', async () => {
    const vendor = sandboxVendor(harness.sandbox, SWIM_ACCOUNT, {
      capabilityOverrides: { book: 'handoff' },
    });
    const hub = harness.hubWith([vendor]);
    const details = await hub.getProgram({ vendorId: 'riversideswim', programId: 'LTS58' });
    const error = await rejection(
      hub.prepareRegistration({
        vendorId: 'riversideswim',
        programId: 'LTS58',
        sessionId: details.sessions[0]!.id,
        ...swimAnswers(),
      }),
    );

    expect(error.code).toBe('unsupported');
    expect(harness.sandbox.requests({ method: 'POST' })).toEqual([]);
  });

  it('keeps the connector’s own hand-off', async () => {
    const hub = harness.hubWith(undefined, { connectors: [handoffConnector()] });
    const prepared = await prepareLifeguard(hub);
    expect(prepared.state).toBe('prepared');
    expect(prepared.bookingMode).toBe('handoff');
    expect(prepared.hold).toBeUndefined();

    const confirmed = await hub.confirmRegistration({ registrationId: prepared.registrationId });
    expect(confirmed.state).toBe('booked');
    expect(confirmed.receipt?.status).toBe('handoff_required');
    expect(confirmed.receipt?.handoff?.url).toBe(REGISTER_PAGE);
    expect(harness.sandbox.requests({ method: 'POST' })).toEqual([]);
  });
});
