import {
  BookingReceiptSchema,
  CancellationResultSchema,
  HoldSchema,
  type RegistrationRequest,
} from '@signupassist/contract';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BookeoBooking } from '../src/bookeo-api.js';
import { BookeoConfigSchema, createBookeoConnector, externalRefFor } from '../src/index.js';
import { toReceipt } from '../src/receipt.js';
import type { BookeoSandbox } from '../src/sandbox/index.js';
import {
  createConnectorHarness,
  sandboxSecrets,
  startSandbox,
  withoutKey,
} from './connector-harness.js';

// The sandbox clock starts on Monday 2026-03-02 at 12:00 in New York. The first sessions after
// that moment, as the demo seed schedules them:
// - LTS58, Saturday 7 March 10:00, 8 seats.
// - STROKE912, Sunday 8 March 09:00, sold out.
// - PRIVLESSON, Wednesday 4 March 16:00, 1 seat, accepted by the business (acceptDeny).
// - LIFEGUARD, Sunday 8 March 13:00, closed to API bookings.
// - CAMP612, Monday 9 March 08:30.
const START = new Date('2026-03-02T17:00:00Z');
const SWIM = 'RIVERSIDESWIM';
const CAMP = 'PRAIRIECAMP';
const FIRST_CLASS = 'LTS58_202603071000';
const SECOND_CLASS = 'LTS58_202603141000';

const { contextFor, failure, expectNotLeaked } = createConnectorHarness();

function swimRequest(
  idempotencyKey: string,
  overrides: Partial<RegistrationRequest> = {},
): RegistrationRequest {
  return {
    programId: 'LTS58',
    sessionId: FIRST_CLASS,
    guardian: {
      firstName: 'Dana',
      lastName: 'Rivera',
      email: 'dana.rivera@example.com',
      phone: '+1 555 010 0199',
      custom_EMERGENCYPHONE: '+1 555 010 0142',
      custom_HEARDFROM: 'School flyer',
      custom_PHOTOCONSENT: true,
    },
    participants: [
      {
        category: 'Cchildren',
        answers: { firstName: 'Samira', lastName: 'Rivera', birthDate: '2019-04-02' },
      },
    ],
    booking: { option_SWIMLEVEL: 'Beginner', option_GOGGLES: false },
    idempotencyKey,
    ...overrides,
  };
}

const secondChild = {
  category: 'Cchildren',
  answers: { firstName: 'Theo', lastName: 'Rivera' },
};

describe('bookeo connector booking', () => {
  let sandbox: BookeoSandbox;
  let connector: ReturnType<typeof createBookeoConnector>;

  const postCount = () => sandbox.requests({ method: 'POST', pathPrefix: '/bookings' }).length;

  beforeAll(async () => {
    sandbox = await startSandbox(START);
  });

  beforeEach(() => {
    sandbox.clock.set(START);
    sandbox.reset();
    connector = createBookeoConnector();
  });

  afterAll(async () => {
    await sandbox.stop();

    const personalData = ['Dana', 'Samira', 'dana.rivera@example.com', '555 010 0199'];
    expectNotLeaked([...sandboxSecrets(sandbox), ...personalData]);
  });

  describe('book', () => {
    it('confirms and takes a seat', async () => {
      const receipt = await connector.book(contextFor(sandbox, SWIM), swimRequest('key-book-0001'));
      expect(BookingReceiptSchema.parse(receipt)).toEqual(receipt);
      expect(receipt).toMatchObject({
        status: 'confirmed',
        programId: 'LTS58',
        sessionId: FIRST_CLASS,
        price: {
          total: { amountMinor: 8500, currency: 'USD' },
          paid: { amountMinor: 0, currency: 'USD' },
        },
        payment: { method: 'pay_later' },
        externalReference: externalRefFor('key-book-0001'),
        createdAt: '2026-03-02T12:00:00-05:00',
      });
      expect(receipt.bookingId).toMatch(/^\d+$/);
      expect(sandbox.seatsLeft(SWIM, FIRST_CLASS)).toBe(7);
      expect(sandbox.bookingCount({ accountId: SWIM })).toBe(1);
    });

    it('sends answers in Bookeo shape', async () => {
      await connector.book(contextFor(sandbox, SWIM), swimRequest('key-shape-001'));
      const [booking] = sandbox.bookings(SWIM) as BookeoBooking[];
      expect(booking?.externalRef).toBe(externalRefFor('key-shape-001'));
      expect(booking?.externalRef?.length).toBeLessThanOrEqual(64);
      expect(booking?.customer).toMatchObject({
        firstName: 'Dana',
        lastName: 'Rivera',
        emailAddress: 'dana.rivera@example.com',
        phoneNumbers: [{ number: '+1 555 010 0199', type: 'mobile' }],
      });
      expect(booking?.customer?.customFields).toEqual([
        { id: 'EMERGENCYPHONE', value: '+1 555 010 0142' },
        { id: 'HEARDFROM', value: 'School flyer' },
        { id: 'PHOTOCONSENT', value: 'true' },
      ]);
      expect(booking?.options).toEqual([
        { id: 'SWIMLEVEL', value: 'Beginner' },
        { id: 'GOGGLES', value: 'false' },
      ]);
      expect(booking?.participants).toEqual({
        numbers: [{ peopleCategoryId: 'Cchildren', number: 1 }],
        details: [
          {
            peopleCategoryId: 'Cchildren',
            personDetails: { firstName: 'Samira', lastName: 'Rivera', birthDate: '2019-04-02' },
          },
        ],
      });
    });

    it('links to the payment page when configured', async () => {
      const context = contextFor(sandbox, SWIM, {
        config: { paymentUrl: 'https://pay.example.com/riverside' },
      });
      const receipt = await connector.book(context, swimRequest('key-paylink-1'));
      expect(receipt.payment).toEqual({
        method: 'provider_link',
        url: 'https://pay.example.com/riverside',
      });
    });

    it('books a day camp week with choice fields', async () => {
      const receipt = await connector.book(contextFor(sandbox, CAMP), {
        programId: 'CAMP612',
        sessionId: 'CAMP612_202603090830',
        guardian: {
          firstName: 'Lee',
          lastName: 'Okafor',
          email: 'lee.okafor@example.com',
          custom_TSHIRT: 'Youth M',
          custom_PICKUP: 'Grandparent',
          custom_SIBLINGS: 1,
        },
        participants: [
          { category: 'Cchildren', answers: { firstName: 'Ada', lastName: 'Okafor' } },
          { category: 'Cchildren', answers: { firstName: 'Ben', lastName: 'Okafor' } },
        ],
        booking: { option_HOTLUNCH: true },
        idempotencyKey: 'key-camp-0001',
      });
      expect(receipt.status).toBe('confirmed');
      expect(receipt.price.total).toEqual({ amountMinor: 70000, currency: 'USD' });
      expect(sandbox.seatsLeft(CAMP, 'CAMP612_202603090830')).toBe(22);
      const [booking] = sandbox.bookings(CAMP) as BookeoBooking[];
      expect(booking?.customer?.customFields).toContainEqual({ id: 'TSHIRT', value: 'Youth M' });
      expect(booking?.customer?.customFields).toContainEqual({ id: 'SIBLINGS', value: '1' });
    });

    it('marks acceptDeny bookings pending', async () => {
      const receipt = await connector.book(
        contextFor(sandbox, SWIM),
        swimRequest('key-pending-1', {
          programId: 'PRIVLESSON',
          sessionId: 'PRIVLESSON_202603041600',
          booking: { option_GOALS: 'Breathing' },
        }),
      );
      expect(receipt.status).toBe('pending');
      expect(receipt.price.total).toEqual({ amountMinor: 6250, currency: 'USD' });
      expect(receipt.warnings?.length).toBe(1);
      const read = await connector.getBooking(contextFor(sandbox, SWIM), {
        bookingId: receipt.bookingId,
      });
      expect(read.status).toBe('pending');
    });

    it('rejects a sold-out session as sold_out', async () => {
      const error = await failure(
        connector.book(
          contextFor(sandbox, SWIM),
          swimRequest('key-soldout-1', {
            programId: 'STROKE912',
            sessionId: 'STROKE912_202603080900',
            booking: {},
          }),
        ),
      );
      expect(error.code).toBe('sold_out');
      expect(error.retryable).toBe(false);
      expect(error.message).not.toContain('STROKE912_202603080900 has');
      expect(sandbox.bookingCount()).toBe(0);
    });

    it('rejects products closed to API bookings', async () => {
      const error = await failure(
        connector.book(
          contextFor(sandbox, SWIM),
          swimRequest('key-closed-01', {
            programId: 'LIFEGUARD',
            sessionId: 'LIFEGUARD_202603081300',
            booking: {},
          }),
        ),
      );
      expect(error.code).toBe('permission_denied');
      expect(sandbox.bookingCount()).toBe(0);
    });

    it('rejects invalid answers before calling Bookeo', async () => {
      const request = swimRequest('key-invalid-1');
      delete request.guardian.custom_EMERGENCYPHONE;
      request.guardian.email = 'not-an-email';
      request.booking = { option_SWIMLEVEL: 'Expert', favouriteColour: 'blue' };
      const error = await failure(connector.book(contextFor(sandbox, SWIM), request));
      expect(error.code).toBe('invalid_fields');
      const paths = error.fields?.map((issue) => issue.path);
      expect(paths).toContain('guardian.custom_EMERGENCYPHONE');
      expect(paths).toContain('guardian.email');
      expect(paths).toContain('booking.option_SWIMLEVEL');
      expect(paths).toContain('booking.favouriteColour');
      expect(postCount()).toBe(0);
    });

    it('rejects too many participants', async () => {
      const participants = Array.from({ length: 5 }, () => secondChild);
      const error = await failure(
        connector.book(contextFor(sandbox, SWIM), swimRequest('key-toomany-1', { participants })),
      );
      expect(error.code).toBe('invalid_fields');
      expect(error.fields?.[0]?.path).toBe('participants');
    });

    it('rejects a malformed request as invalid_request', async () => {
      const error = await failure(connector.book(contextFor(sandbox, SWIM), swimRequest('short')));
      expect(error.code).toBe('invalid_request');
      expect(error.message).toContain('idempotencyKey');
    });

    it('rejects an unknown session', async () => {
      const error = await failure(
        connector.book(
          contextFor(sandbox, SWIM),
          swimRequest('key-nosession', { sessionId: 'LTS58_209912311000' }),
        ),
      );
      expect(error.code).toBe('invalid_request');
      expect(sandbox.bookingCount()).toBe(0);
    });
  });

  describe('idempotency', () => {
    it('returns the first booking on replay', async () => {
      const first = await connector.book(contextFor(sandbox, SWIM), swimRequest('key-replay-01'));
      const again = await createBookeoConnector().book(
        contextFor(sandbox, SWIM),
        swimRequest('key-replay-01'),
      );
      expect(again).toEqual(first);
      expect(sandbox.bookingCount({ includeCanceled: true })).toBe(1);
      expect(postCount()).toBe(1);
      expect(sandbox.seatsLeft(SWIM, FIRST_CLASS)).toBe(7);
    });

    it('rejects the key for another session', async () => {
      await connector.book(contextFor(sandbox, SWIM), swimRequest('key-mismatch1'));
      const error = await failure(
        connector.book(
          contextFor(sandbox, SWIM),
          swimRequest('key-mismatch1', { sessionId: SECOND_CLASS }),
        ),
      );
      expect(error.code).toBe('idempotency_mismatch');
      expect(sandbox.bookingCount()).toBe(1);
    });

    it('rejects the key for more participants', async () => {
      const request = swimRequest('key-mismatch2');
      await connector.book(contextFor(sandbox, SWIM), request);
      const error = await failure(
        connector.book(contextFor(sandbox, SWIM), {
          ...request,
          participants: [...request.participants, secondChild],
        }),
      );
      expect(error.code).toBe('idempotency_mismatch');
      expect(sandbox.bookingCount()).toBe(1);
    });

    it('books once for ten concurrent calls', async () => {
      const calls = Array.from({ length: 10 }, () =>
        connector.book(contextFor(sandbox, SWIM), swimRequest('key-concurrent')),
      );
      const receipts = await Promise.all(calls);
      expect(new Set(receipts.map((receipt) => receipt.bookingId)).size).toBe(1);
      expect(sandbox.bookingCount({ externalRef: externalRefFor('key-concurrent') })).toBe(1);
      expect(postCount()).toBe(1);
      expect(sandbox.seatsLeft(SWIM, FIRST_CLASS)).toBe(7);
    });

    it('shares one failure among concurrent calls', async () => {
      const request = swimRequest('key-concurrent-soldout', {
        programId: 'STROKE912',
        sessionId: 'STROKE912_202603080900',
        booking: {},
      });
      const calls = Array.from({ length: 5 }, () =>
        failure(connector.book(contextFor(sandbox, SWIM), request)),
      );
      const failures = await Promise.all(calls);
      expect(failures.map((error) => error.code)).toEqual(Array(5).fill('sold_out'));
      expect(postCount()).toBe(1);
    });

    it('keeps different keys apart', async () => {
      const [first, second] = await Promise.all([
        connector.book(contextFor(sandbox, SWIM), swimRequest('key-parallel-a')),
        connector.book(contextFor(sandbox, SWIM), swimRequest('key-parallel-b')),
      ]);
      expect(first.bookingId).not.toBe(second.bookingId);
      expect(sandbox.bookingCount()).toBe(2);
    });

    it('returns a cancelled booking on replay, not a new one', async () => {
      const first = await connector.book(contextFor(sandbox, SWIM), swimRequest('key-cancel-rp'));
      await connector.cancel(contextFor(sandbox, SWIM), { bookingId: first.bookingId });
      const again = await connector.book(contextFor(sandbox, SWIM), swimRequest('key-cancel-rp'));
      expect(again.bookingId).toBe(first.bookingId);
      expect(again.status).toBe('cancelled');
      expect(sandbox.bookingCount({ includeCanceled: true })).toBe(1);
    });
  });

  describe('holds', () => {
    const holdDraft = () => withoutKey(swimRequest('unused-key-000'));

    it('holds seats and books them once', async () => {
      const hold = await connector.hold!(contextFor(sandbox, SWIM), holdDraft());
      expect(HoldSchema.parse(hold)).toEqual(hold);
      expect(hold.price.total).toEqual({ amountMinor: 8500, currency: 'USD' });
      expect(Date.parse(hold.expiresAt) - START.getTime()).toBe(300_000);
      expect(hold.expiresAt).toMatch(/-05:00$/);
      expect(sandbox.seatsLeft(SWIM, FIRST_CLASS)).toBe(7);

      const receipt = await connector.book(contextFor(sandbox, SWIM), {
        ...swimRequest('key-hold-0001'),
        holdId: hold.id,
      });
      expect(receipt.status).toBe('confirmed');
      expect(sandbox.seatsLeft(SWIM, FIRST_CLASS)).toBe(7);
      expect(sandbox.bookingCount()).toBe(1);
    });

    it('uses the configured hold duration', async () => {
      const context = contextFor(sandbox, SWIM, { config: { holdDurationSeconds: 60 } });
      const hold = await connector.hold!(context, holdDraft());
      expect(Date.parse(hold.expiresAt) - START.getTime()).toBe(60_000);
    });

    it('reports an expired hold as hold_expired', async () => {
      const hold = await connector.hold!(contextFor(sandbox, SWIM), holdDraft());
      sandbox.clock.advance(301_000);
      const error = await failure(
        connector.book(contextFor(sandbox, SWIM), {
          ...swimRequest('key-expired-1'),
          holdId: hold.id,
        }),
      );
      expect(error.code).toBe('hold_expired');
      expect(error.retryable).toBe(false);
      expect(sandbox.bookingCount()).toBe(0);
      expect(sandbox.seatsLeft(SWIM, FIRST_CLASS)).toBe(8);
    });

    it('releases a hold and its seats', async () => {
      const hold = await connector.hold!(contextFor(sandbox, SWIM), holdDraft());
      await connector.releaseHold!(contextFor(sandbox, SWIM), { holdId: hold.id });
      expect(sandbox.seatsLeft(SWIM, FIRST_CLASS)).toBe(8);
      await expect(
        connector.releaseHold!(contextFor(sandbox, SWIM), { holdId: hold.id }),
      ).resolves.toBeUndefined();
    });

    it('rejects a hold on a sold-out session', async () => {
      const error = await failure(
        connector.hold!(contextFor(sandbox, SWIM), {
          ...holdDraft(),
          programId: 'STROKE912',
          sessionId: 'STROKE912_202603080900',
          booking: {},
        }),
      );
      expect(error.code).toBe('sold_out');
    });
  });

  describe('cancel and getBooking', () => {
    it('reads a booking back', async () => {
      const receipt = await connector.book(contextFor(sandbox, SWIM), swimRequest('key-read-0001'));
      const read = await connector.getBooking(contextFor(sandbox, SWIM), {
        bookingId: receipt.bookingId,
      });
      expect(BookingReceiptSchema.parse(read)).toEqual(read);
      expect(read).toEqual(receipt);
    });

    it('cancels and returns the seat', async () => {
      const receipt = await connector.book(contextFor(sandbox, SWIM), swimRequest('key-cancel-01'));
      expect(sandbox.seatsLeft(SWIM, FIRST_CLASS)).toBe(7);
      const result = await connector.cancel(contextFor(sandbox, SWIM), {
        bookingId: receipt.bookingId,
        reason: 'Family moved',
      });
      expect(CancellationResultSchema.parse(result)).toEqual(result);
      expect(result).toEqual({ bookingId: receipt.bookingId, status: 'cancelled' });
      expect(sandbox.seatsLeft(SWIM, FIRST_CLASS)).toBe(8);

      const read = await connector.getBooking(contextFor(sandbox, SWIM), {
        bookingId: receipt.bookingId,
      });
      expect(read.status).toBe('cancelled');
    });

    it('cancels twice safely', async () => {
      const receipt = await connector.book(contextFor(sandbox, SWIM), swimRequest('key-cancel-02'));
      const first = await connector.cancel(contextFor(sandbox, SWIM), {
        bookingId: receipt.bookingId,
      });
      const second = await connector.cancel(contextFor(sandbox, SWIM), {
        bookingId: receipt.bookingId,
      });
      expect(first.status).toBe('cancelled');
      expect(second.status).toBe('cancelled');
      expect(sandbox.seatsLeft(SWIM, FIRST_CLASS)).toBe(8);
    });

    it('reports an unknown booking as not_found', async () => {
      const error = await failure(
        connector.cancel(contextFor(sandbox, SWIM), { bookingId: '99999999' }),
      );
      expect(error.code).toBe('not_found');
      expect(error.message).toContain('99999999');

      const readError = await failure(
        connector.getBooking(contextFor(sandbox, SWIM), { bookingId: '99999999' }),
      );
      expect(readError.code).toBe('not_found');
    });

    it('does not read another vendor’s booking', async () => {
      const receipt = await connector.book(contextFor(sandbox, SWIM), swimRequest('key-foreign-1'));
      const error = await failure(
        connector.getBooking(contextFor(sandbox, CAMP), { bookingId: receipt.bookingId }),
      );
      expect(error.code).toBe('not_found');
    });
  });

  describe('receipt payment', () => {
    const scope = { endpoint: 'GET /bookings/{bookingNumber}', vendorId: 'v', vendorName: 'V' };
    const config = BookeoConfigSchema.parse({ paymentUrl: 'https://pay.example.com/v' });
    const booking = (gross: string, paid: string): BookeoBooking => ({
      bookingNumber: '1',
      productId: 'P',
      eventId: 'P_1',
      startTime: '2026-03-07T10:00:00-05:00',
      endTime: '2026-03-07T11:00:00-05:00',
      creationTime: '2026-03-02T12:00:00-05:00',
      participants: { numbers: [] },
      price: {
        totalGross: { amount: gross, currency: 'USD' },
        totalNet: { amount: gross, currency: 'USD' },
        totalTaxes: { amount: '0', currency: 'USD' },
        totalPaid: { amount: paid, currency: 'USD' },
      },
      accepted: true,
      canceled: false,
    });

    it('is none for a free booking', () => {
      expect(toReceipt(booking('0.00', '0'), config, scope).payment).toEqual({ method: 'none' });
    });

    it('is paid when the total is paid', () => {
      expect(toReceipt(booking('27.50', '27.50'), config, scope).payment).toEqual({
        method: 'paid',
      });
    });

    it('is a link when part is unpaid', () => {
      expect(toReceipt(booking('27.50', '10'), config, scope).payment.method).toBe('provider_link');
    });
  });
});
