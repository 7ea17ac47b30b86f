import type { CheckContext } from '../check-context.js';
import { ensure, type ConformanceCheck } from '../check.js';
import { bookTarget, expectBookings, readBooking } from './booking-steps.js';

const readBack: ConformanceCheck = {
  id: 'booking.read-back',
  title: 'book returns a stable booking id that getBooking reads back',
  level: 'full',
  writes: true,
  async run(context) {
    const { request, receipt } = await bookTarget(context, 'read-back');

    for (const attempt of [1, 2]) {
      const readBackReceipt = await readBooking(
        context,
        receipt.bookingId,
        `on read ${attempt} after book`,
      );
      ensure(
        readBackReceipt.bookingId === receipt.bookingId,
        `getBooking("${receipt.bookingId}") returned booking "${readBackReceipt.bookingId}" on ` +
          `read ${attempt}; the id book returns must read back unchanged.`,
      );
      ensure(
        readBackReceipt.sessionId === request.sessionId &&
          readBackReceipt.programId === request.programId,
        `getBooking("${receipt.bookingId}") names program "${readBackReceipt.programId}" ` +
          `session "${readBackReceipt.sessionId}"; expected "${request.programId}" and ` +
          `"${request.sessionId}".`,
      );
      ensure(
        readBackReceipt.status === receipt.status,
        `getBooking("${receipt.bookingId}") reports status "${readBackReceipt.status}" right ` +
          `after book returned "${receipt.status}".`,
      );
    }
    if (context.environment.sandbox) {
      expectBookings(context, request.sessionId, 1, 'after one booking');
      await expectGoneAfterReset(context, receipt.bookingId);
    }
  },
};

/**
 * Removes every booking at the provider with the sandbox's `reset()` and fails unless
 * `getBooking` then reports `not_found`. A connector that sends the provider some request but
 * returns a receipt kept since `book` still reports the booking.
 */
async function expectGoneAfterReset(context: CheckContext, bookingId: string): Promise<void> {
  await context.sandbox().reset();
  await context.expectError(
    'getBooking',
    (connectorContext) => context.connector.getBooking(connectorContext, { bookingId }),
    ['not_found'],
    `for booking "${bookingId}" after the sandbox's reset() removed it`,
  );
}

const soldOut: ConformanceCheck = {
  id: 'booking.sold-out',
  title: 'Booking a full session fails with sold_out and books nothing',
  level: 'full',
  writes: true,
  needsSandbox: true,
  async run(context) {
    const target = context.target('soldOut');
    const request = await context.registration(target, context.newKey('sold-out'));

    await context.expectError(
      'book',
      (connectorContext) => context.connector.book(connectorContext, request),
      ['sold_out'],
      `for session "${target.sessionId}", which has no seats left`,
    );
    expectBookings(context, target.sessionId, 0, 'after booking a full session');
  },
};

/** Checks of booking and read-back. */
export const bookingChecks: ConformanceCheck[] = [readBack, soldOut];
