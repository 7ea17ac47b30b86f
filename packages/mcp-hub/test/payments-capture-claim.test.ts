import { createBookeoConnector } from '@signupassist/connector-bookeo';
import type { AnyConnector, BookingReceipt } from '@signupassist/contract';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub, HubStorage } from '../src/index.js';
import { CLAIM_LEASE_MS } from '../src/payments/claims.js';
import { stripeReference } from '../src/payments/context.js';
import { FakeClock } from './helpers.js';
import { usePaymentsHarness } from './payments-harness.js';
import { postgresHarness, postgresUnavailableReason } from './storage-harness.js';

const READS = 20;
const CAPTURE_PATH = /^\/v1\/payment_intents\/[^/]+\/capture$/;

const unavailable = await postgresUnavailableReason();
if (unavailable) console.warn(`Skipping the PostgreSQL capture claim test: ${unavailable}`);

/**
 * Builds the Bookeo connector with `getBooking` reporting `confirmed` for the bookings the test
 * accepted, as a vendor accepting a booking of an `acceptDeny` product would.
 */
function acceptingConnector(accepted: Set<string>): AnyConnector {
  const bookeo = createBookeoConnector() as AnyConnector;
  return {
    ...bookeo,
    getBooking: async (context, target): Promise<BookingReceipt> => {
      const receipt = await bookeo.getBooking(context, target);
      if (!accepted.has(receipt.bookingId) || receipt.status !== 'pending') return receipt;
      const confirmed: BookingReceipt = { ...receipt, status: 'confirmed' };
      delete confirmed.warnings;
      return confirmed;
    },
  };
}

describe('capture claim of concurrent settles', () => {
  const harness = usePaymentsHarness();
  const postgres = postgresHarness();

  afterEach(async () => {
    await postgres.destroy();
  });

  /**
   * Prepares, pays and confirms a private lesson, which Bookeo books as `pending`, so the
   * payment stays authorized. Then marks the booking accepted: the next read-back captures.
   */
  async function acceptedPending(hubs: Hub[], accepted: Set<string>) {
    const prepared = await harness.prepareSwim(hubs[0]!, 'PRIVLESSON');
    await harness.pay(prepared.registrationId);
    const pending = await hubs[0]!.confirmRegistration(prepared);
    expect(pending.receipt?.status).toBe('pending');
    expect(pending.payment?.status).toBe('authorized');
    accepted.add(pending.receipt!.bookingId);
    return prepared;
  }

  /** Sends {@link READS} get_registration calls at once, spread over the hubs. */
  async function readAtOnce(hubs: Hub[], registrationId: string) {
    const results = await Promise.allSettled(
      Array.from({ length: READS }, (_, index) =>
        hubs[index % hubs.length]!.getRegistration({ registrationId }),
      ),
    );
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    return results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  }

  it('sends one capture for concurrent reads', async () => {
    const accepted = new Set<string>();
    const hub = harness.hubWith({ connectors: [acceptingConnector(accepted)] });
    const prepared = await acceptedPending([hub], accepted);

    const views = await readAtOnce([hub], prepared.registrationId);

    const captures = harness.requestsTo(CAPTURE_PATH);
    console.info(`capture requests for ${READS} concurrent reads on SQLite: ${captures.length}`);
    expect(captures).toHaveLength(1);
    expect(captures[0]!.idempotencyKey).toBe(
      `${stripeReference(prepared.registrationId)}:capture:1`,
    );
    expect((await harness.payment(prepared.registrationId)).status).toBe('captured');
    const statuses = new Set(views.map((view) => view.payment?.status));
    expect([...statuses].every((status) => status === 'authorized' || status === 'captured')).toBe(
      true,
    );
    const after = await hub.getRegistration(prepared);
    expect(after.payment?.status).toBe('captured');
  });

  it.skipIf(unavailable !== undefined)('sends one capture from two hubs', async () => {
    await postgres.create();
    const storages: HubStorage[] = await Promise.all([postgres.open(), postgres.open()]);
    const accepted = new Set<string>();
    const hubs = storages.map((storage) =>
      harness.hubWith({ storage, connectors: [acceptingConnector(accepted)] }),
    );
    const prepared = await acceptedPending(hubs, accepted);

    await readAtOnce(hubs, prepared.registrationId);

    const captures = harness.requestsTo(CAPTURE_PATH);
    console.info(
      `capture requests for ${READS} reads over two hubs on PostgreSQL: ${captures.length}`,
    );
    expect(captures).toHaveLength(1);
    expect((await storages[1]!.payments.get(prepared.registrationId))?.status).toBe('captured');
  });

  it('captures after an abandoned claim lapses', async () => {
    const clock = new FakeClock(new Date());
    const accepted = new Set<string>();
    const hub = harness.hubWith({ clock, connectors: [acceptingConnector(accepted)] });
    const prepared = await acceptedPending([hub], accepted);

    // A request claimed the capture and crashed before calling Stripe.
    const payment = await harness.payment(prepared.registrationId);
    const claim = await harness.storage.payments.update(
      prepared.registrationId,
      { capturedAt: clock.now() },
      { status: ['authorized'], version: payment.version },
    );
    expect(claim.updated).toBe(true);

    clock.advance(CLAIM_LEASE_MS - 1_000);
    const during = await hub.getRegistration(prepared);
    expect(during.payment?.status).toBe('authorized');
    expect(harness.requestsTo(CAPTURE_PATH)).toEqual([]);

    clock.advance(2_000);
    const after = await hub.getRegistration(prepared);
    expect(after.payment?.status).toBe('captured');
    expect(harness.requestsTo(CAPTURE_PATH)).toHaveLength(1);
  });

  it('sends one cancel for concurrent releases', async () => {
    const clock = new FakeClock(new Date());
    const hub = harness.hubWith({ clock });
    const prepared = await harness.prepareSwim(hub);
    await harness.pay(prepared.registrationId);
    await harness.deliverEvents(hub);
    expect((await harness.payment(prepared.registrationId)).status).toBe('authorized');

    // The offer lapses unconfirmed, so every read releases the authorization.
    clock.advance(Date.parse(prepared.expiresAt) - clock.now().getTime() + 1_000);
    await readAtOnce([hub], prepared.registrationId);

    const cancels = harness.requestsTo(/^\/v1\/payment_intents\/[^/]+\/cancel$/);
    console.info(`cancel requests for ${READS} concurrent reads on SQLite: ${cancels.length}`);
    expect(cancels).toHaveLength(1);
    expect((await harness.payment(prepared.registrationId)).status).toBe('canceled');
  });
});
