import { join } from 'node:path';
import { isConnectorError, type BookingReceipt } from '@signupassist/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MIGRATIONS,
  openSqliteLedger,
  type NewRegistration,
  type SqliteLedger,
} from '../src/index.js';
import { FakeClock, openRawDatabase, temporaryDirectory } from './helpers.js';

const receipt: BookingReceipt = {
  bookingId: 'B-1001',
  status: 'confirmed',
  programId: 'swim-101',
  sessionId: 'swim-101_1',
  price: { total: { amountMinor: 8500, currency: 'USD' } },
  payment: { method: 'pay_later' },
};

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

describe('SqliteLedger', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let file: string;
  let clock: FakeClock;
  const open: SqliteLedger[] = [];

  const openLedger = (leaseMs?: number) => {
    const ledger = openSqliteLedger(file, { clock, ...(leaseMs === undefined ? {} : { leaseMs }) });
    open.push(ledger);
    return ledger;
  };

  beforeEach(() => {
    directory = temporaryDirectory();
    file = join(directory.path, 'ledger.sqlite');
    clock = new FakeClock(new Date('2026-07-01T10:00:00Z'));
  });

  afterEach(async () => {
    for (const ledger of open.splice(0)) await ledger.close();
    directory.remove();
  });

  it('applies migrations once across reopenings', async () => {
    await openLedger().close();
    await openLedger().close();
    openLedger();

    const { db, prepare } = openRawDatabase(file, { readonly: true });
    const versions = prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    const journal = prepare('PRAGMA journal_mode').pluck().get();
    db.close();
    expect(versions).toEqual(MIGRATIONS.map((migration) => ({ version: migration.version })));
    expect(journal).toBe('wal');
  });

  it('upgrades a first-version database in place', async () => {
    const { db, prepare } = openRawDatabase(file);
    db.exec(MIGRATIONS[0]!.sqlite);
    db.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, ' +
        'applied_at TEXT NOT NULL)',
    );
    prepare("INSERT INTO schema_migrations VALUES (1, 'create registrations', '2026-01-01')").run();
    prepare(
      `INSERT INTO registrations (id, idempotency_key, vendor_id, connector_id, program_id,
         session_id, fingerprint, request_json, booking_mode, expires_at, state, created_at,
         updated_at)
       VALUES ('reg_old', 'key-00000009', 'aqua-kids', 'bookeo', 'p', 's', 'f', '{}', 'api',
         '2026-07-01T10:30:00.000Z', 'prepared', '2026-07-01T10:00:00.000Z',
         '2026-07-01T10:00:00.000Z')`,
    ).run();
    db.close();

    const ledger = openLedger();
    const stored = await ledger.getRegistration('reg_old');
    expect(stored?.state).toBe('prepared');
    expect(stored?.retryNotBefore).toBeUndefined();
    expect((await ledger.claimBooking('reg_old')).claimed).toBe(true);
  });

  it('rejects a database newer than the code', async () => {
    await openLedger().close();
    const { db, prepare } = openRawDatabase(file);
    prepare("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01')").run();
    db.close();

    expect(() => openLedger()).toThrow(/schema version 999/);
  });

  it('returns the row of a repeated key', async () => {
    const ledger = openLedger();
    const first = await ledger.insertPrepared(registration('reg_a', 'key-00000001'));
    const second = await ledger.insertPrepared(registration('reg_b', 'key-00000001'));

    expect(first.inserted).toBe(true);
    expect(second.inserted).toBe(false);
    expect(second.record.id).toBe('reg_a');
    expect(await ledger.getRegistration('reg_b')).toBeUndefined();
  });

  it('enforces the unique key in the schema', async () => {
    const ledger = openLedger();
    await ledger.insertPrepared(registration('reg_a', 'key-00000001'));
    await ledger.close();

    const { db, prepare } = openRawDatabase(file);
    const copy = prepare(
      `INSERT INTO registrations (id, idempotency_key, vendor_id, connector_id, program_id,
         session_id, fingerprint, request_json, booking_mode, expires_at, state, created_at,
         updated_at)
       SELECT 'reg_b', idempotency_key, vendor_id, connector_id, program_id, session_id,
         fingerprint, request_json, booking_mode, expires_at, state, created_at, updated_at
       FROM registrations WHERE id = 'reg_a'`,
    );
    expect(() => copy.run()).toThrow(/UNIQUE constraint failed: registrations.idempotency_key/);
    db.close();
  });

  it('round-trips a row with its JSON columns', async () => {
    const ledger = openLedger();
    await ledger.insertPrepared(registration('reg_a', 'key-00000001'));
    const stored = await ledger.findByIdempotencyKey('key-00000001');

    expect(stored?.request).toEqual(registration('reg_a', 'key-00000001').request);
    expect(stored?.quote).toEqual({ total: { amountMinor: 8500, currency: 'USD' } });
    expect(stored?.state).toBe('prepared');
    expect(stored?.expiresAt.toISOString()).toBe('2026-07-01T10:30:00.000Z');
    expect(stored?.attempts).toBe(0);
  });

  it('grants one of 20 racing claims', async () => {
    const first = openLedger();
    const second = openLedger();
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
    const ledger = openLedger(60_000);
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
    const ledger = openLedger(60_000);
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
    const ledger = openLedger();
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
    const ledger = openLedger();
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
    const first = openLedger();
    const second = openLedger();
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
    const ledger = openLedger(60_000);
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
    const ledger = openLedger();
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
    const ledger = openLedger();
    await ledger.insertPrepared(registration('reg_a', 'key-00000001'));
    await ledger.claimBooking('reg_a');

    for (const from of ['booking', 'prepared'] as const) {
      const outcome = await ledger.recordCancelled('reg_a', from);
      expect(outcome.cancelled, from).toBe(false);
      expect(outcome.record.state, from).toBe('booking');
    }
  });

  it('cancels only from the state read', async () => {
    const ledger = openLedger();
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
    const ledger = openLedger();
    const error = await ledger.recordCancelled('reg_x', 'prepared').catch((caught) => caught);
    expect(isConnectorError(error)).toBe(true);
    expect((error as { code?: string }).code).toBe('not_found');
  });

  it('records an audit trail without personal data', async () => {
    const ledger = openLedger();
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
    const ledger = openLedger();
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

  it('keeps rows after the file is reopened', async () => {
    const ledger = openLedger();
    await ledger.insertPrepared(registration('reg_a', 'key-00000001'));
    const claim = await ledger.claimBooking('reg_a');
    if (!claim.claimed) throw new Error('expected a claim');
    await ledger.recordBooked('reg_a', claim.claimId, receipt);
    await ledger.close();

    const reopened = openLedger();
    const stored = await reopened.getRegistration('reg_a');
    expect(stored?.state).toBe('booked');
    expect(stored?.receipt).toEqual(receipt);
  });
});
