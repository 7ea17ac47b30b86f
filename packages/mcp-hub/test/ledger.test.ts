import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MIGRATIONS,
  openSqliteLedger,
  type NewRegistration,
  type SqliteLedger,
} from '../src/index.js';
import { FakeClock, openRawDatabase, temporaryDirectory } from './helpers.js';

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
});
