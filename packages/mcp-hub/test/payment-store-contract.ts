import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStorageError, type HubStorage, type StorageErrorCode } from '../src/index.js';
import type { NewPayment, PaymentStore } from '../src/payments/types.js';
import { FakeClock } from './helpers.js';
import type { StorageHarness } from './storage-harness.js';

const START = new Date('2026-07-01T10:00:00.000Z');

function payment(registrationId: string, overrides: Partial<NewPayment> = {}): NewPayment {
  return {
    registrationId,
    vendorId: 'aqua-kids',
    path: 'success_fee',
    status: 'checkout_pending',
    currency: 'USD',
    feeMinor: 299,
    checkoutSessionId: `cs_test_${registrationId}`,
    checkoutUrl: `https://checkout.stripe.com/c/pay/cs_test_${registrationId}`,
    attempt: 1,
    ...overrides,
  };
}

/** Resolves to the storage error code `promise` rejects with, or fails the test. */
async function rejectionCode(promise: Promise<unknown>): Promise<StorageErrorCode> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isStorageError(error)) throw new Error(`expected a StorageError, got ${String(error)}`);
  return error.code;
}

/**
 * Registers the payment store tests that every engine must pass. Each test gets an empty
 * database; `open` opens new connections to it, as another hub process would.
 */
export function describePaymentStoreContract(harness: StorageHarness): void {
  describe(`PaymentStore on ${harness.kind}`, () => {
    let clock: FakeClock;
    const open = (): Promise<HubStorage> => harness.open({ clock });
    const openPayments = async (): Promise<PaymentStore> => (await open()).payments;

    beforeEach(async () => {
      clock = new FakeClock(START);
      await harness.create();
    });

    afterEach(() => harness.destroy());

    it('round-trips every field', async () => {
      const payments = await openPayments();
      const full = payment('reg_full', {
        path: 'connect',
        status: 'authorized',
        currency: 'JPY',
        feeMinor: 500,
        programFeeMinor: 12_000,
        stripeAccount: 'acct_1Nv0FGQ9RKHgCVdK',
        paymentIntentId: 'pi_test_full',
        attempt: 2,
        authorizedAt: new Date('2026-07-01T10:05:00.000Z'),
        authorizationExpiresAt: new Date('2026-07-08T10:05:00.000Z'),
        capturedAt: new Date('2026-07-02T09:00:00.000Z'),
        canceledAt: new Date('2026-07-03T09:00:00.000Z'),
        refundedAt: new Date('2026-07-04T09:00:00.000Z'),
        refundedMinor: 12_000,
        lastError: 'The card was declined.',
      });

      const { inserted, record } = await payments.insert(full);

      expect(inserted).toBe(true);
      expect(record).toEqual({ ...full, createdAt: START, updatedAt: START, version: 1 });
      expect(await payments.get('reg_full')).toEqual(record);
      expect(await payments.get('reg_none')).toBeUndefined();
    });

    it('leaves absent optional fields absent', async () => {
      const payments = await openPayments();
      const minimal: NewPayment = {
        registrationId: 'reg_min',
        vendorId: 'aqua-kids',
        path: 'success_fee',
        status: 'checkout_pending',
        currency: 'USD',
        feeMinor: 0,
        attempt: 0,
      };

      await payments.insert(minimal);
      const stored = await payments.get('reg_min');

      expect(stored).toEqual({ ...minimal, createdAt: START, updatedAt: START, version: 1 });
      expect(Object.keys(stored!).sort()).toEqual(
        [...Object.keys(minimal), 'createdAt', 'updatedAt', 'version'].sort(),
      );
    });

    it('keeps amounts above 2^31 exact', async () => {
      const payments = await openPayments();
      const large = Number.MAX_SAFE_INTEGER;

      await payments.insert(payment('reg_big', { currency: 'KRW', feeMinor: large }));

      expect((await payments.get('reg_big'))?.feeMinor).toBe(large);
    });

    it('returns the existing record on a second insert', async () => {
      const payments = await openPayments();
      const first = await payments.insert(payment('reg_1'));
      clock.advance(1_000);

      const second = await payments.insert(
        payment('reg_1', { feeMinor: 999, checkoutSessionId: 'cs_other' }),
      );

      expect(second.inserted).toBe(false);
      expect(second.record).toEqual(first.record);
      expect((await payments.list()).length).toBe(1);
    });

    it('inserts once under concurrent inserts', async () => {
      const stores = await Promise.all([openPayments(), openPayments(), openPayments()]);

      const results = await Promise.all(
        stores.flatMap((store) => [store.insert(payment('reg_1')), store.insert(payment('reg_1'))]),
      );

      expect(results.filter((result) => result.inserted)).toHaveLength(1);
      expect(new Set(results.map((result) => result.record.version))).toEqual(new Set([1]));
    });

    it('finds records by Stripe ids', async () => {
      const payments = await openPayments();
      await payments.insert(payment('reg_1', { paymentIntentId: 'pi_test_1' }));
      await payments.insert(payment('reg_2'));

      expect((await payments.findByPaymentIntent('pi_test_1'))?.registrationId).toBe('reg_1');
      expect((await payments.findByCheckoutSession('cs_test_reg_2'))?.registrationId).toBe('reg_2');
      expect(await payments.findByPaymentIntent('pi_missing')).toBeUndefined();
      expect(await payments.findByCheckoutSession('cs_missing')).toBeUndefined();
    });

    it('rejects a Stripe id of another registration', async () => {
      const payments = await openPayments();
      await payments.insert(payment('reg_1', { paymentIntentId: 'pi_test_1' }));
      await payments.insert(payment('reg_2'));

      const sameSession = payments.insert(payment('reg_3', { checkoutSessionId: 'cs_test_reg_1' }));
      const sameIntent = payments.update('reg_2', { paymentIntentId: 'pi_test_1' });

      expect(await rejectionCode(sameSession)).toBe('conflict');
      expect(await rejectionCode(sameIntent)).toBe('conflict');
      expect(await payments.get('reg_3')).toBeUndefined();
      expect((await payments.get('reg_2'))?.paymentIntentId).toBeUndefined();
      expect((await payments.get('reg_2'))?.version).toBe(1);
    });

    it('lets several records leave Stripe ids empty', async () => {
      const payments = await openPayments();
      const bare = { checkoutSessionId: undefined, checkoutUrl: undefined };

      await payments.insert(payment('reg_1', bare));
      await payments.insert(payment('reg_2', bare));

      expect(await payments.list()).toHaveLength(2);
    });

    it('updates fields and moves the version', async () => {
      const payments = await openPayments();
      await payments.insert(payment('reg_1', { lastError: 'The card was declined.' }));
      clock.advance(60_000);
      const authorizedAt = clock.now();

      const result = await payments.update(
        'reg_1',
        { status: 'authorized', paymentIntentId: 'pi_test_1', authorizedAt, lastError: null },
        { status: ['checkout_pending'], version: 1 },
      );

      expect(result.updated).toBe(true);
      expect(result.record.status).toBe('authorized');
      expect(result.record.paymentIntentId).toBe('pi_test_1');
      expect(result.record.authorizedAt).toEqual(authorizedAt);
      expect(result.record.lastError).toBeUndefined();
      expect(result.record.version).toBe(2);
      expect(result.record.updatedAt).toEqual(authorizedAt);
      expect(result.record.createdAt).toEqual(START);
      expect(result.record.checkoutSessionId).toBe('cs_test_reg_1');
      expect(await payments.get('reg_1')).toEqual(result.record);
    });

    it('skips an update with unmet expectation', async () => {
      const payments = await openPayments();
      await payments.insert(payment('reg_1'));

      const wrongStatus = await payments.update(
        'reg_1',
        { status: 'captured' },
        { status: ['authorized'] },
      );
      const wrongVersion = await payments.update('reg_1', { status: 'canceled' }, { version: 7 });
      const noStatus = await payments.update('reg_1', { status: 'canceled' }, { status: [] });

      for (const result of [wrongStatus, wrongVersion, noStatus]) {
        expect(result.updated).toBe(false);
        expect(result.record.status).toBe('checkout_pending');
        expect(result.record.version).toBe(1);
      }
      expect((await payments.get('reg_1'))?.version).toBe(1);
    });

    it('rejects an update of a missing record', async () => {
      const payments = await openPayments();

      expect(await rejectionCode(payments.update('reg_none', { status: 'canceled' }))).toBe(
        'not_found',
      );
    });

    it('lets one of many concurrent captures win', async () => {
      const first = await openPayments();
      await first.insert(payment('reg_1', { status: 'authorized', paymentIntentId: 'pi_1' }));
      const stores = [first, ...(await Promise.all([openPayments(), openPayments()]))];

      const results = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          stores[index % stores.length]!.update(
            'reg_1',
            { status: 'captured', capturedAt: clock.now(), lastError: `attempt ${index}` },
            { status: ['authorized'] },
          ),
        ),
      );

      const winners = results.filter((result) => result.updated);
      expect(winners).toHaveLength(1);
      const stored = await first.get('reg_1');
      expect(stored?.status).toBe('captured');
      expect(stored?.version).toBe(2);
      expect(stored?.lastError).toBe(winners[0]!.record.lastError);
      for (const loser of results.filter((result) => !result.updated)) {
        expect(loser.record.status).toBe('captured');
      }
    });

    it('lets one of many concurrent version updates win', async () => {
      const first = await openPayments();
      await first.insert(payment('reg_1'));
      const second = await openPayments();

      const results = await Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          (index % 2 === 0 ? first : second).update(
            'reg_1',
            { attempt: index + 2 },
            { version: 1 },
          ),
        ),
      );

      expect(results.filter((result) => result.updated)).toHaveLength(1);
      expect((await second.get('reg_1'))?.version).toBe(2);
    });

    it('rejects invalid fields', async () => {
      const payments = await openPayments();
      await payments.insert(payment('reg_1'));
      const cases: [string, Promise<unknown>][] = [
        ['status', payments.insert(payment('reg_2', { status: 'paid' as never }))],
        ['path', payments.insert(payment('reg_3', { path: 'card' as never }))],
        ['currency', payments.insert(payment('reg_4', { currency: 'usd' }))],
        ['feeMinor', payments.insert(payment('reg_5', { feeMinor: 2.5 }))],
        ['refundedMinor', payments.insert(payment('reg_6', { refundedMinor: -1 }))],
        ['authorizedAt', payments.insert(payment('reg_7', { authorizedAt: new Date('x') }))],
        ['status', payments.update('reg_1', { status: null as never })],
        ['version', payments.update('reg_1', { version: 3 } as never)],
        ['expected status', payments.update('reg_1', {}, { status: ['paid' as never] })],
        ['constructor', payments.update('reg_1', JSON.parse('{"constructor": 1}'))],
        ['__proto__', payments.update('reg_1', JSON.parse('{"__proto__": {"status": "x"}}'))],
        ['Processing time', payments.markEventProcessed('evt_1', new Date('x'))],
      ];

      for (const [field, promise] of cases) {
        const error = await promise.then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(isStorageError(error, 'invalid'), field).toBe(true);
        expect((error as Error).message, field).toContain(field);
      }
      expect((await payments.list()).map((record) => record.registrationId)).toEqual(['reg_1']);
      expect((await payments.get('reg_1'))?.version).toBe(1);
    });

    it('lists records oldest first by status and vendor', async () => {
      const payments = await openPayments();
      await payments.insert(payment('reg_c', { status: 'authorized' }));
      clock.advance(1_000);
      await payments.insert(payment('reg_a', { vendorId: 'camp-pine' }));
      clock.advance(1_000);
      await payments.insert(payment('reg_b', { status: 'captured' }));
      const ids = (records: { registrationId: string }[]) =>
        records.map((record) => record.registrationId);

      expect(ids(await payments.list())).toEqual(['reg_c', 'reg_a', 'reg_b']);
      expect(ids(await payments.list({ status: ['authorized', 'captured'] }))).toEqual([
        'reg_c',
        'reg_b',
      ]);
      expect(ids(await payments.list({ vendorId: 'aqua-kids' }))).toEqual(['reg_c', 'reg_b']);
      expect(ids(await payments.list({ vendorId: 'aqua-kids', status: ['captured'] }))).toEqual([
        'reg_b',
      ]);
      expect(await payments.list({ status: [] })).toEqual([]);
    });

    it('records an event once', async () => {
      const payments = await openPayments();
      const event = {
        id: 'evt_1',
        type: 'checkout.session.completed',
        account: 'acct_1Nv0FGQ9RKHgCVdK',
        receivedAt: START,
      };

      expect(await payments.recordEvent(event)).toBe(true);
      expect(await payments.recordEvent({ ...event, type: 'charge.refunded' })).toBe(false);
      expect(await payments.getEvent('evt_1')).toEqual(event);
      expect(await payments.getEvent('evt_none')).toBeUndefined();
    });

    it('records an event once under concurrent replays', async () => {
      const stores = await Promise.all([openPayments(), openPayments(), openPayments()]);
      const event = { id: 'evt_1', type: 'payment_intent.succeeded', receivedAt: START };

      const results = await Promise.all(
        stores.flatMap((store) => [store.recordEvent(event), store.recordEvent(event)]),
      );

      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('marks an event processed once', async () => {
      const payments = await openPayments();
      await payments.recordEvent({ id: 'evt_1', type: 'charge.refunded', receivedAt: START });
      const first = new Date('2026-07-01T10:00:01.000Z');

      await payments.markEventProcessed('evt_1', first);
      await payments.markEventProcessed('evt_1', new Date('2026-07-01T11:00:00.000Z'));

      expect(await payments.getEvent('evt_1')).toEqual({
        id: 'evt_1',
        type: 'charge.refunded',
        receivedAt: START,
        processedAt: first,
      });
      expect(await rejectionCode(payments.markEventProcessed('evt_none', first))).toBe('not_found');
    });

    it('shares records between connections', async () => {
      const writer = await openPayments();
      const reader = await openPayments();

      await writer.insert(payment('reg_1'));
      await writer.update('reg_1', { status: 'authorized' });
      await writer.recordEvent({ id: 'evt_1', type: 'x.y', receivedAt: START });

      expect((await reader.get('reg_1'))?.status).toBe('authorized');
      expect(await reader.recordEvent({ id: 'evt_1', type: 'x.y', receivedAt: START })).toBe(false);
    });
  });
}
