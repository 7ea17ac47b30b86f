import { isConnectorError, type BookingReceipt } from '@signupassist/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubStorage, NewRegistration, RegistrationLedger } from '../src/index.js';
import { FakeClock } from './helpers.js';
import type { StorageHarness } from './storage-harness.js';

const receipt: BookingReceipt = {
  bookingId: 'B-1001',
  status: 'confirmed',
  programId: 'swim-101',
  sessionId: 'swim-101_1',
  price: { total: { amountMinor: 8500, currency: 'USD' } },
  payment: { method: 'pay_later' },
};

/** Number of separate connections (pools on PostgreSQL) in the race tests. */
const CONNECTIONS = 8;

function registration(id: string, key: string): NewRegistration {
  return {
    id,
    idempotencyKey: key,
    vendorId: 'aqua-kids',
    connectorId: 'bookeo',
    fingerprint: 'f'.repeat(64),
    request: {
      programId: 'swim-101',
      sessionId: 'swim-101_1',
      guardian: { email: 'dana@example.com' },
      participants: [{ category: 'child', answers: { firstName: 'Sam' } }],
    },
    bookingMode: 'api',
    quote: { total: { amountMinor: 8500, currency: 'USD' } },
    expiresAt: new Date('2026-07-01T10:30:00Z'),
  };
}

/**
 * Registers the ledger tests that every engine must pass. Each test gets an empty database;
 * `openLedger` opens new connections to it, as another hub process would.
 */
export function describeLedgerContract(harness: StorageHarness): void {
  describe(`RegistrationLedger on ${harness.kind}`, () => {
    let clock: FakeClock;

    const openStorage = (leaseMs?: number): Promise<HubStorage> =>
      harness.open({ clock, ...(leaseMs === undefined ? {} : { leaseMs }) });
    const openLedger = async (leaseMs?: number): Promise<RegistrationLedger> =>
      (await openStorage(leaseMs)).ledger;
    const openLedgers = (count: number): Promise<RegistrationLedger[]> =>
      Promise.all(Array.from({ length: count }, () => openLedger()));

    beforeEach(async () => {
      clock = new FakeClock(new Date('2026-07-01T10:00:00Z'));
      await harness.create();
    });

    afterEach(() => harness.destroy());

    it('returns the row of a repeated key', async () => {
      const ledger = await openLedger();
      const first = await ledger.insertPrepared(registration('reg_a', 'key-00000001'));
      const second = await ledger.insertPrepared(registration('reg_b', 'key-00000001'));

      expect(first.inserted).toBe(true);
      expect(second.inserted).toBe(false);
      expect(second.record.id).toBe('reg_a');
      expect(await ledger.getRegistration('reg_b')).toBeUndefined();
    });

    it('round-trips a row with its JSON columns', async () => {
      const ledger = await openLedger();
      await ledger.insertPrepared(registration('reg_a', 'key-00000001'));
      const stored = await ledger.findByIdempotencyKey('key-00000001');

      expect(stored?.request).toEqual(registration('reg_a', 'key-00000001').request);
      expect(stored?.quote).toEqual({ total: { amountMinor: 8500, currency: 'USD' } });
      expect(stored?.state).toBe('prepared');
      expect(stored?.expiresAt.toISOString()).toBe('2026-07-01T10:30:00.000Z');
      expect(stored?.attempts).toBe(0);
    });

    it('grants one of 20 racing claims', async () => {
      const first = await openLedger();
      const second = await openLedger();
      await first.insertPrepared(registration('reg_a', 'key-00000001'));

      const claims = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          (index % 2 === 0 ? first : second).claimBooking('reg_a'),
        ),
      );

      expect(claims.filter((claim) => claim.claimed)).toHaveLength(1);
      const stored = await second.getRegistration('reg_a');
      expect(stored?.state).toBe('booking');
      expect(stored?.attempts).toBe(1);
    });

    it('lets a claim be taken over only after the lease', async () => {
      const ledger = await openLedger(60_000);
      await ledger.insertPrepared(registration('reg_a', 'key-00000001'));
      const original = await ledger.claimBooking('reg_a');

      clock.advance(59_000);
      const early = await ledger.claimBooking('reg_a');
      clock.advance(2_000);
      const late = await ledger.claimBooking('reg_a');

      expect(original.claimed).toBe(true);
      expect(early.claimed).toBe(false);
      expect(late.claimed).toBe(true);
      expect(late.record?.attempts).toBe(2);
    });

    it('ignores a failure from a claim that was taken over', async () => {
      const ledger = await openLedger(60_000);
      await ledger.insertPrepared(registration('reg_a', 'key-00000001'));
      const stale = await ledger.claimBooking('reg_a');
      clock.advance(61_000);
      const current = await ledger.claimBooking('reg_a');
      if (!stale.claimed || !current.claimed) throw new Error('expected both claims');

      const afterStale = await ledger.recordFailed('reg_a', stale.claimId, {
        code: 'timeout',
        message: 'timed out',
        retryable: true,
      });
      expect(afterStale.state).toBe('booking');

      const booked = await ledger.recordBooked('reg_a', current.claimId, receipt);
      expect(booked.state).toBe('booked');
      expect(booked.receipt).toEqual(receipt);
    });

    it('re-claims only retryable failures', async () => {
      const ledger = await openLedger();
      await ledger.insertPrepared(registration('reg_a', 'key-00000001'));
      await ledger.insertPrepared(registration('reg_b', 'key-00000002'));
      const claimA = await ledger.claimBooking('reg_a');
      const claimB = await ledger.claimBooking('reg_b');
      if (!claimA.claimed || !claimB.claimed) throw new Error('expected both claims');

      await ledger.recordFailed('reg_a', claimA.claimId, {
        code: 'provider_unavailable',
        message: 'down',
        retryable: true,
      });
      await ledger.recordFailed('reg_b', claimB.claimId, {
        code: 'sold_out',
        message: 'full',
        retryable: false,
      });

      expect((await ledger.claimBooking('reg_a')).claimed).toBe(true);
      const final = await ledger.claimBooking('reg_b');
      expect(final.claimed).toBe(false);
      expect(final.record?.error).toEqual({ code: 'sold_out', message: 'full', retryable: false });
    });

    it('re-claims a delayed failure only after its time', async () => {
      const ledger = await openLedger();
      await ledger.insertPrepared(registration('reg_a', 'key-00000001'));
      const claim = await ledger.claimBooking('reg_a');
      if (!claim.claimed) throw new Error('expected a claim');
      const retryNotBefore = new Date(clock.now().getTime() + 30_000);
      const failed = await ledger.recordFailed(
        'reg_a',
        claim.claimId,
        { code: 'outcome_unknown', message: 'unknown', retryable: true },
        retryNotBefore,
      );
      expect(failed.retryNotBefore).toEqual(retryNotBefore);

      clock.advance(29_999);
      expect((await ledger.claimBooking('reg_a')).claimed).toBe(false);
      clock.advance(1);
      const retried = await ledger.claimBooking('reg_a');
      expect(retried.claimed).toBe(true);
      if (!retried.claimed) return;
      const booked = await ledger.recordBooked('reg_a', retried.claimId, receipt);
      expect(booked.retryNotBefore).toBeUndefined();
    });

    it('reserves a key for one of two ledgers', async () => {
      const first = await openLedger();
      const second = await openLedger();
      const reservation = {
        idempotencyKey: 'key-00000001',
        registrationId: 'reg_a',
        fingerprint: 'f'.repeat(64),
      };

      const results = await Promise.all([
        first.reserveIdempotencyKey(reservation),
        second.reserveIdempotencyKey({ ...reservation, registrationId: 'reg_b' }),
      ]);
      expect(results.map((result) => result.kind).sort()).toEqual(['pending', 'reserved']);
      const pending = results.find((result) => result.kind === 'pending');
      expect(pending).toEqual({ kind: 'pending', fingerprint: 'f'.repeat(64) });

      const winner = results[0]!.kind === 'reserved' ? 'reg_a' : 'reg_b';
      await first.insertPrepared(registration(winner, 'key-00000001'));
      const after = await second.reserveIdempotencyKey({ ...reservation, registrationId: 'reg_c' });
      expect(after.kind).toBe('registered');
      if (after.kind === 'registered') expect(after.record.id).toBe(winner);
    });

    it('frees a released or stale key reservation', async () => {
      const ledger = await openLedger(60_000);
      const reservation = {
        idempotencyKey: 'key-00000001',
        registrationId: 'reg_a',
        fingerprint: 'f'.repeat(64),
      };
      await ledger.reserveIdempotencyKey(reservation);

      // Only the holder's own release drops the reservation.
      await ledger.releaseIdempotencyKey('key-00000001', 'reg_other');
      const held = await ledger.reserveIdempotencyKey({ ...reservation, registrationId: 'reg_b' });
      expect(held.kind).toBe('pending');
      await ledger.releaseIdempotencyKey('key-00000001', 'reg_a');
      const freed = await ledger.reserveIdempotencyKey({ ...reservation, registrationId: 'reg_b' });
      expect(freed.kind).toBe('reserved');

      // A holder that crashed leaves its reservation, which lapses after the lease.
      clock.advance(59_000);
      const early = await ledger.reserveIdempotencyKey({ ...reservation, registrationId: 'reg_c' });
      expect(early.kind).toBe('pending');
      clock.advance(2_000);
      const late = await ledger.reserveIdempotencyKey({ ...reservation, registrationId: 'reg_c' });
      expect(late.kind).toBe('reserved');
    });

    it('keeps the first receipt of a booked row', async () => {
      const ledger = await openLedger();
      await ledger.insertPrepared(registration('reg_a', 'key-00000001'));
      const claim = await ledger.claimBooking('reg_a');
      if (!claim.claimed) throw new Error('expected a claim');
      await ledger.recordBooked('reg_a', claim.claimId, receipt);

      const again = await ledger.recordBooked('reg_a', claim.claimId, {
        ...receipt,
        bookingId: 'B-2',
      });
      expect(again.receipt?.bookingId).toBe('B-1001');
    });

    it('never cancels a row during a claim', async () => {
      const ledger = await openLedger();
      await ledger.insertPrepared(registration('reg_a', 'key-00000001'));
      await ledger.claimBooking('reg_a');

      for (const from of ['booking', 'prepared'] as const) {
        const outcome = await ledger.recordCancelled('reg_a', from);
        expect(outcome.cancelled, from).toBe(false);
        expect(outcome.record.state, from).toBe('booking');
      }
    });

    it('cancels only from the state read', async () => {
      const ledger = await openLedger();
      await ledger.insertPrepared(registration('reg_a', 'key-00000001'));
      const claim = await ledger.claimBooking('reg_a');
      if (!claim.claimed) throw new Error('expected a claim');
      await ledger.recordBooked('reg_a', claim.claimId, receipt);

      // A cancel that read the row while it was prepared must not cancel the booked row.
      const stale = await ledger.recordCancelled('reg_a', 'prepared');
      expect(stale.cancelled).toBe(false);
      expect(stale.record.state).toBe('booked');
      expect(stale.record.receipt?.status).toBe('confirmed');

      const current = await ledger.recordCancelled('reg_a', 'booked', {
        bookingId: 'B-1001',
        status: 'cancelled',
      });
      expect(current.cancelled).toBe(true);
      expect(current.record.state).toBe('cancelled');
    });

    it('reports a missing row on cancel', async () => {
      const ledger = await openLedger();
      const error = await ledger.recordCancelled('reg_x', 'prepared').catch((caught) => caught);
      expect(isConnectorError(error)).toBe(true);
      expect((error as { code?: string }).code).toBe('not_found');
    });

    it('records an audit trail without personal data', async () => {
      const ledger = await openLedger();
      await ledger.insertPrepared(registration('reg_a', 'key-00000001'));
      const claim = await ledger.claimBooking('reg_a');
      if (!claim.claimed) throw new Error('expected a claim');
      await ledger.recordBooked('reg_a', claim.claimId, receipt);
      await ledger.recordCancelled('reg_a', 'booked', { bookingId: 'B-1001', status: 'cancelled' });
      await ledger.recordCancelled('reg_a', 'booked', { bookingId: 'B-1001', status: 'cancelled' });

      const events = await ledger.listEvents('reg_a');
      expect(events.map((event) => event.type)).toEqual([
        'prepared',
        'claimed',
        'booked',
        'cancelled',
      ]);
      expect(JSON.stringify(events)).not.toContain('dana@example.com');
    });

    it('gives the receipt the cancelled status', async () => {
      const ledger = await openLedger();
      await ledger.insertPrepared(registration('reg_a', 'key-00000001'));
      await ledger.insertPrepared(registration('reg_b', 'key-00000002'));
      const claim = await ledger.claimBooking('reg_a');
      if (!claim.claimed) throw new Error('expected a claim');
      await ledger.recordBooked('reg_a', claim.claimId, receipt);

      const cancelled = await ledger.recordCancelled('reg_a', 'booked', {
        bookingId: 'B-1001',
        status: 'cancelled',
      });
      const unbooked = await ledger.recordCancelled('reg_b', 'prepared');

      expect(cancelled.record.state).toBe('cancelled');
      expect(cancelled.record.receipt).toEqual({ ...receipt, status: 'cancelled' });
      expect((await ledger.getRegistration('reg_a'))?.receipt?.status).toBe('cancelled');
      expect(unbooked.record.receipt).toBeUndefined();
    });

    it('keeps rows after reopening', async () => {
      const ledger = await openLedger();
      await ledger.insertPrepared(registration('reg_a', 'key-00000001'));
      const claim = await ledger.claimBooking('reg_a');
      if (!claim.claimed) throw new Error('expected a claim');
      await ledger.recordBooked('reg_a', claim.claimId, receipt);
      await ledger.close();

      const reopened = await openLedger();
      const stored = await reopened.getRegistration('reg_a');
      expect(stored?.state).toBe('booked');
      expect(stored?.receipt).toEqual(receipt);
    });

    it('grants one claim across connections', async () => {
      const ledgers = await openLedgers(CONNECTIONS);
      await ledgers[0]!.insertPrepared(registration('reg_a', 'key-00000001'));

      const claims = await Promise.all(
        Array.from({ length: CONNECTIONS * 5 }, (_, index) =>
          ledgers[index % CONNECTIONS]!.claimBooking('reg_a'),
        ),
      );

      expect(claims.filter((claim) => claim.claimed)).toHaveLength(1);
      const stored = await ledgers[1]!.getRegistration('reg_a');
      expect(stored?.attempts).toBe(1);
      const events = await ledgers[2]!.listEvents('reg_a');
      expect(events.filter((event) => event.type === 'claimed')).toHaveLength(1);
    });

    it('inserts one row per key across connections', async () => {
      const ledgers = await openLedgers(CONNECTIONS);

      const results = await Promise.all(
        ledgers.map((ledger, index) =>
          ledger.insertPrepared(registration(`reg_${index}`, 'key-00000001')),
        ),
      );

      const inserted = results.filter((result) => result.inserted);
      expect(inserted).toHaveLength(1);
      const winner = inserted[0]!.record.id;
      for (const result of results) expect(result.record.id).toBe(winner);
    });

    it('reserves a key once across connections', async () => {
      const ledgers = await openLedgers(CONNECTIONS);

      const results = await Promise.all(
        ledgers.map((ledger, index) =>
          ledger.reserveIdempotencyKey({
            idempotencyKey: 'key-00000001',
            registrationId: `reg_${index}`,
            fingerprint: String(index).repeat(64),
          }),
        ),
      );

      const kinds = results.map((result) => result.kind);
      expect(kinds.filter((kind) => kind === 'reserved')).toHaveLength(1);
      expect(kinds.filter((kind) => kind === 'pending')).toHaveLength(CONNECTIONS - 1);
      const owner = kinds.indexOf('reserved');
      for (const result of results) {
        if (result.kind === 'pending') expect(result.fingerprint).toBe(String(owner).repeat(64));
      }
    });

    it('stores a failure with its error fields', async () => {
      const ledger = await openLedger();
      await ledger.insertPrepared(registration('reg_a', 'key-00000001'));
      const claim = await ledger.claimBooking('reg_a');
      if (!claim.claimed) throw new Error('expected a claim');

      const failed = await ledger.recordFailed('reg_a', claim.claimId, {
        code: 'rate_limited',
        message: 'Too many requests.',
        retryable: true,
      });

      expect(failed.state).toBe('failed');
      expect(failed.error).toEqual({
        code: 'rate_limited',
        message: 'Too many requests.',
        retryable: true,
      });
      const events = await ledger.listEvents('reg_a');
      expect(events.at(-1)).toMatchObject({
        type: 'failed',
        state: 'failed',
        errorCode: 'rate_limited',
      });
      expect(events[1]).toMatchObject({ type: 'claimed', attempt: 1 });
    });

    it('refreshes the receipt of a booked row only', async () => {
      const ledger = await openLedger();
      await ledger.insertPrepared(registration('reg_a', 'key-00000001'));
      const prepared = await ledger.updateReceipt('reg_a', receipt);
      expect(prepared.receipt).toBeUndefined();
      const claim = await ledger.claimBooking('reg_a');
      if (!claim.claimed) throw new Error('expected a claim');
      await ledger.recordBooked('reg_a', claim.claimId, receipt);

      const refreshed = await ledger.updateReceipt('reg_a', { ...receipt, status: 'pending' });

      expect(refreshed.receipt?.status).toBe('pending');
      const events = await ledger.listEvents('reg_a');
      expect(events.map((event) => event.type)).toEqual([
        'prepared',
        'claimed',
        'booked',
        'refreshed',
      ]);
    });

    it('reports a missing row on booking', async () => {
      const ledger = await openLedger();
      const error = await ledger.recordBooked('reg_x', 'claim', receipt).catch((caught) => caught);
      expect(isConnectorError(error)).toBe(true);
      expect((error as { code?: string }).code).toBe('not_found');
      expect(await ledger.claimBooking('reg_x')).toEqual({ claimed: false, record: undefined });
    });
  });
}
