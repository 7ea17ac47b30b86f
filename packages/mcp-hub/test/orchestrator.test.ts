import { join } from 'node:path';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { startBookeoSandbox, type BookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import { isConnectorError, type ConnectorError } from '@signupassist/contract';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createHub,
  openSqliteLedger,
  type CreateHubOptions,
  type Hub,
  type RegistrationLedger,
  type VendorRecord,
} from '../src/index.js';
import {
  closedLoopbackPort,
  PERSONAL_VALUES,
  sandboxVendor,
  SWIM_ACCOUNT,
  swimAnswers,
} from './bookeo-fixtures.js';
import { FakeClock, RecordingLogger, temporaryDirectory } from './helpers.js';

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isConnectorError(error)) throw new Error(`Expected a ConnectorError, got ${String(error)}`);
  return error;
}

describe('hub with the Bookeo connector and sandbox', () => {
  let sandbox: BookeoSandbox;
  let directory: ReturnType<typeof temporaryDirectory>;
  let logger: RecordingLogger;
  const ledgers: RegistrationLedger[] = [];

  beforeAll(async () => {
    sandbox = await startBookeoSandbox();
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  beforeEach(() => {
    sandbox.reset();
    directory = temporaryDirectory();
    logger = new RecordingLogger();
  });

  afterEach(async () => {
    for (const ledger of ledgers.splice(0)) await ledger.close();
    directory.remove();
  });

  function openLedger(name = 'ledger.sqlite'): RegistrationLedger {
    const ledger = openSqliteLedger(join(directory.path, name));
    ledgers.push(ledger);
    return ledger;
  }

  function hubWith(
    vendors: VendorRecord[] = [sandboxVendor(sandbox, SWIM_ACCOUNT)],
    options: Partial<CreateHubOptions> = {},
  ): Hub {
    return createHub({
      // A fresh connector per hub, so no settings cache or in-flight record is shared.
      connectors: [createBookeoConnector()],
      vendors,
      ledger: options.ledger ?? openLedger(),
      logger,
      searchTimeoutMs: 2_000,
      ...options,
    });
  }

  async function firstSession(hub: Hub, programId: string): Promise<string> {
    const details = await hub.getProgram({ vendorId: 'riversideswim', programId });
    const session = details.sessions[0];
    if (!session) throw new Error(`${programId} has no sessions.`);
    return session.id;
  }

  async function prepareSwim(hub: Hub, overrides: Record<string, unknown> = {}) {
    const sessionId = await firstSession(hub, 'LTS58');
    return hub.prepareRegistration({
      vendorId: 'riversideswim',
      programId: 'LTS58',
      sessionId,
      ...swimAnswers(),
      ...overrides,
    });
  }

  it('finds the swim class for "swimming" at age 7', async () => {
    const hub = hubWith();
    const result = await hub.searchPrograms({ query: 'swimming', age: 7 });

    const titles = result.programs.map((match) => match.program.title);
    expect(titles).toContain('Learn to Swim (ages 5-8)');
    expect(titles).not.toContain('Stroke Clinic (ages 9-12)');
    expect(result.unavailableVendors).toEqual([]);
    const swim = result.programs.find((match) => match.program.id === 'LTS58');
    expect(swim?.sessions.length).toBeGreaterThan(0);
    expect(swim?.vendor.displayName).toBe('Riverside Swim School');
  });

  it('lists an unreachable vendor', async () => {
    const port = await closedLoopbackPort();
    const hub = hubWith([
      sandboxVendor(sandbox, SWIM_ACCOUNT),
      sandboxVendor(sandbox, 'PRAIRIECAMP', {
        id: 'closed-port-camp',
        displayName: 'Closed Port Camp',
        config: { baseUrl: `http://127.0.0.1:${port}/v2` },
      }),
    ]);
    const result = await hub.searchPrograms({ query: 'swimming', age: 7 });

    expect(result.programs.map((match) => match.program.id)).toContain('LTS58');
    expect(result.unavailableVendors).toHaveLength(1);
    expect(result.unavailableVendors[0]?.vendorId).toBe('closed-port-camp');
    expect(result.unavailableVendors[0]?.displayName).toBe('Closed Port Camp');
    expect(result.unavailableVendors[0]?.reason).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
  });

  it('reports a vendor that does not answer in time', async () => {
    sandbox.injectFault({ kind: 'latency', ms: 1_500, times: 10 });
    const hub = hubWith(undefined, { searchTimeoutMs: 300 });
    const result = await hub.searchPrograms({ query: 'swim' });

    expect(result.programs).toEqual([]);
    expect(result.unavailableVendors[0]?.reason).toMatch(/did not answer within/);
  });

  it('skips paused vendors in search', async () => {
    const hub = hubWith([sandboxVendor(sandbox, SWIM_ACCOUNT, { status: 'paused' })]);
    const result = await hub.searchPrograms({ query: 'swimming' });

    expect(result.programs).toEqual([]);
    expect(result.unavailableVendors).toEqual([]);
  });

  it('names a missing required field', async () => {
    const hub = hubWith();
    const answers = swimAnswers();
    delete answers.guardian.email;
    const error = await rejection(prepareSwim(hub, { guardian: answers.guardian }));

    expect(error.code).toBe('invalid_fields');
    expect(error.fields?.map((field) => field.path)).toEqual(['guardian.email']);
  });

  it('prepares with a hold and books once on confirm', async () => {
    const hub = hubWith();
    const prepared = await prepareSwim(hub);

    expect(prepared.state).toBe('prepared');
    expect(prepared.registrationId).toMatch(/^reg_[A-Za-z0-9_-]{32}$/);
    expect(prepared.hold).toBeDefined();
    expect(prepared.quote?.total).toEqual({ amountMinor: 8500, currency: 'USD' });
    expect(prepared.bookingMode).toBe('api');
    expect(sandbox.bookingCount()).toBe(0);

    const confirmed = await hub.confirmRegistration({ registrationId: prepared.registrationId });
    expect(confirmed.state).toBe('booked');
    expect(confirmed.receipt?.status).toBe('confirmed');
    expect(sandbox.bookingCount()).toBe(1);

    const again = await hub.confirmRegistration({
      registrationId: prepared.registrationId,
      ...swimAnswers(),
    });
    expect(again.receipt).toEqual(confirmed.receipt);
    expect(sandbox.bookingCount()).toBe(1);
  });

  it('books once for 20 concurrent confirms', async () => {
    const hub = hubWith();
    const prepared = await prepareSwim(hub);

    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        hub.confirmRegistration({ registrationId: prepared.registrationId }),
      ),
    );

    expect(sandbox.bookingCount()).toBe(1);
    const receipts = new Set(results.map((result) => JSON.stringify(result.receipt)));
    expect(receipts.size).toBe(1);
    expect(results.every((result) => result.state === 'booked')).toBe(true);
  });

  it('books once across two hubs', async () => {
    const first = hubWith(undefined, { ledger: openLedger('shared.sqlite') });
    const second = hubWith(undefined, { ledger: openLedger('shared.sqlite') });
    const prepared = await prepareSwim(first);

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 === 0 ? first : second).confirmRegistration({
          registrationId: prepared.registrationId,
        }),
      ),
    );

    expect(sandbox.bookingCount()).toBe(1);
    expect(new Set(results.map((result) => result.receipt?.bookingId)).size).toBe(1);
  });

  it('rejects changed answers on confirm', async () => {
    const hub = hubWith();
    const prepared = await prepareSwim(hub);
    const answers = swimAnswers();
    const error = await rejection(
      hub.confirmRegistration({
        registrationId: prepared.registrationId,
        guardian: { ...answers.guardian, email: 'someone.else@example.com' },
      }),
    );

    expect(error.code).toBe('idempotency_mismatch');
    expect(sandbox.bookingCount()).toBe(0);
  });

  it('repeats prepare for the same client key', async () => {
    const hub = hubWith();
    const first = await prepareSwim(hub, { idempotencyKey: 'client-key-0001' });
    const second = await prepareSwim(hub, { idempotencyKey: 'client-key-0001' });
    expect(second.registrationId).toBe(first.registrationId);

    const answers = swimAnswers();
    const error = await rejection(
      prepareSwim(hub, {
        idempotencyKey: 'client-key-0001',
        booking: { ...answers.booking, option_SWIMLEVEL: 'Advanced' },
      }),
    );
    expect(error.code).toBe('idempotency_mismatch');
  });

  it('refuses a full session at prepare', async () => {
    const hub = hubWith();
    const sessionId = await firstSession(hub, 'STROKE912');
    const error = await rejection(
      hub.prepareRegistration({
        vendorId: 'riversideswim',
        programId: 'STROKE912',
        sessionId,
        ...swimAnswers(),
        booking: {},
      }),
    );

    expect(error.code).toBe('sold_out');
  });

  it('stores sold_out after the last seat goes', async () => {
    const hub = hubWith([
      sandboxVendor(sandbox, SWIM_ACCOUNT, { capabilityOverrides: { holds: 'absent' } }),
    ]);
    const sessionId = await firstSession(hub, 'PRIVLESSON');
    const request = {
      vendorId: 'riversideswim',
      programId: 'PRIVLESSON',
      sessionId,
      ...swimAnswers(),
      booking: {},
    };
    const winner = await hub.prepareRegistration(request);
    const loser = await hub.prepareRegistration(request);
    expect(loser.hold).toBeUndefined();

    await hub.confirmRegistration({ registrationId: winner.registrationId });
    const error = await rejection(
      hub.confirmRegistration({ registrationId: loser.registrationId }),
    );

    expect(error.code).toBe('sold_out');
    const stored = await hub.getRegistration({ registrationId: loser.registrationId });
    expect(stored.state).toBe('failed');
    expect(stored.error?.code).toBe('sold_out');
    expect(stored.receipt).toBeUndefined();
    expect(sandbox.bookingCount()).toBe(1);
  });

  it('returns hold_expired after the sandbox hold lapses', async () => {
    const hub = hubWith();
    const prepared = await prepareSwim(hub);
    sandbox.clock.advance(11 * 60_000);

    const error = await rejection(
      hub.confirmRegistration({ registrationId: prepared.registrationId }),
    );
    expect(error.code).toBe('hold_expired');
    expect(sandbox.bookingCount()).toBe(0);
    const stored = await hub.getRegistration({ registrationId: prepared.registrationId });
    expect(stored.state).toBe('failed');
  });

  it('retries a failed confirm with the same key', async () => {
    const clock = new FakeClock(new Date());
    const ledger = openSqliteLedger(join(directory.path, 'retry.sqlite'), { clock });
    ledgers.push(ledger);
    const hub = hubWith(undefined, { ledger, clock });
    const prepared = await prepareSwim(hub);
    sandbox.injectFault({
      kind: 'serverError',
      match: { method: 'POST', pathPrefix: '/bookings' },
      times: 10,
    });

    const error = await rejection(
      hub.confirmRegistration({ registrationId: prepared.registrationId }),
    );
    expect(error.retryable).toBe(true);
    expect(sandbox.bookingCount()).toBe(0);

    // The connector could not tell whether a booking was made, so a retry waits first.
    sandbox.clearFaults();
    clock.advance(error.retryAfterMs ?? 0);
    const confirmed = await hub.confirmRegistration({ registrationId: prepared.registrationId });
    expect(confirmed.state).toBe('booked');
    expect(sandbox.bookingCount()).toBe(1);
  });

  it('books once when the response to the booking is lost', async () => {
    const hub = hubWith();
    const prepared = await prepareSwim(hub);
    sandbox.injectFault({
      kind: 'lostResponse',
      match: { method: 'POST', pathPrefix: '/bookings' },
    });

    const first = await hub
      .confirmRegistration({ registrationId: prepared.registrationId })
      .catch((error: unknown) => error);
    const confirmed = isConnectorError(first)
      ? await hub.confirmRegistration({ registrationId: prepared.registrationId })
      : first;

    expect(confirmed).toMatchObject({ state: 'booked' });
    expect(sandbox.bookingCount()).toBe(1);
  });

  it('recovers a booking whose claimer crashed', async () => {
    const clock = new FakeClock(new Date());
    const ledger = openSqliteLedger(join(directory.path, 'crash.sqlite'), {
      clock,
      leaseMs: 60_000,
    });
    ledgers.push(ledger);
    const hub = hubWith(undefined, { ledger, confirmWaitMs: 200 });
    const prepared = await prepareSwim(hub);

    // A process claims the booking, books at the provider and dies before storing the outcome.
    const claim = await ledger.claimBooking(prepared.registrationId);
    expect(claim.claimed).toBe(true);
    const record = await ledger.getRegistration(prepared.registrationId);
    if (!record?.hold) throw new Error('expected a held registration');
    const routed = hub.router.route(sandboxVendor(sandbox, SWIM_ACCOUNT));
    const request = {
      ...record.request,
      idempotencyKey: record.idempotencyKey,
      holdId: record.hold.id,
    };
    await hub.router.call(routed, 'book', { requestId: 'crashed' }, (connector, context) =>
      connector.book(context, request),
    );
    expect(sandbox.bookingCount()).toBe(1);

    const waiting = await rejection(
      hub.confirmRegistration({ registrationId: prepared.registrationId }),
    );
    expect(waiting.code).toBe('conflict');

    clock.advance(61_000);
    const confirmed = await hub.confirmRegistration({ registrationId: prepared.registrationId });
    expect(confirmed.state).toBe('booked');
    expect(sandbox.bookingCount()).toBe(1);
  });

  it('keeps registrations across a reopened database', async () => {
    const ledger = openLedger('reopen.sqlite');
    const prepared = await prepareSwim(hubWith(undefined, { ledger }));
    await ledger.close();

    const reopened = hubWith(undefined, { ledger: openLedger('reopen.sqlite') });
    const confirmed = await reopened.confirmRegistration({
      registrationId: prepared.registrationId,
    });
    expect(confirmed.state).toBe('booked');

    const again = hubWith(undefined, { ledger: openLedger('reopen.sqlite') });
    const stored = await again.getRegistration({ registrationId: prepared.registrationId });
    expect(stored.state).toBe('booked');
    expect(stored.receipt?.bookingId).toBe(confirmed.receipt?.bookingId);
    expect(sandbox.bookingCount()).toBe(1);
  });

  it('cancels a booking once and repeats safely', async () => {
    const hub = hubWith();
    const prepared = await prepareSwim(hub);
    await hub.confirmRegistration({ registrationId: prepared.registrationId });

    const cancelled = await hub.cancelRegistration({ registrationId: prepared.registrationId });
    const again = await hub.cancelRegistration({ registrationId: prepared.registrationId });

    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.cancellation?.status).toBe('cancelled');
    expect(again).toEqual(cancelled);
    expect(sandbox.bookingCount()).toBe(0);
  });

  it('cancels a prepared registration without booking', async () => {
    const hub = hubWith();
    const prepared = await prepareSwim(hub);
    const cancelled = await hub.cancelRegistration({ registrationId: prepared.registrationId });
    const error = await rejection(
      hub.confirmRegistration({ registrationId: prepared.registrationId }),
    );

    expect(cancelled.state).toBe('cancelled');
    expect(error.code).toBe('conflict');
    expect(sandbox.bookingCount()).toBe(0);
  });

  it('refreshes a booked registration from the provider', async () => {
    const hub = hubWith();
    const prepared = await prepareSwim(hub);
    const confirmed = await hub.confirmRegistration({ registrationId: prepared.registrationId });

    const stored = await hub.getRegistration({ registrationId: prepared.registrationId });
    expect(stored.receipt?.bookingId).toBe(confirmed.receipt?.bookingId);
    expect(stored.warnings).toBeUndefined();

    sandbox.injectFault({ kind: 'serverError', match: { method: 'GET' }, times: 10 });
    const stale = await hub.getRegistration({ registrationId: prepared.registrationId });
    sandbox.clearFaults();
    expect(stale.state).toBe('booked');
    expect(stale.warnings).toHaveLength(1);
  });

  it('reports an unknown registration token', async () => {
    const hub = hubWith();
    const error = await rejection(hub.getRegistration({ registrationId: 'reg_unknown' }));
    expect(error.code).toBe('not_found');
  });

  it('logs no answers or credentials', async () => {
    const hub = hubWith();
    const prepared = await prepareSwim(hub);
    await hub.confirmRegistration({ registrationId: prepared.registrationId });
    await hub.cancelRegistration({ registrationId: prepared.registrationId });

    const text = logger.text();
    expect(logger.entries.length).toBeGreaterThan(0);
    for (const value of PERSONAL_VALUES) expect(text).not.toContain(value);
    const credentials = sandbox.credentials(SWIM_ACCOUNT);
    expect(text).not.toContain(credentials.apiKey);
    expect(text).not.toContain(credentials.secretKey);
    expect(text).not.toContain(prepared.registrationId);
  });
});
