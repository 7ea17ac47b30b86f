import {
  BookingReceiptSchema,
  type BookingReceipt,
  type RegistrationRequest,
} from '@signupassist/contract';
import type { SandboxTarget } from '@signupassist/contract/testing';
import type { CheckContext } from '../check-context.js';
import { ensure } from '../check.js';
import { describeError } from '../errors-text.js';

/** Statuses a booking made through the API may have right after `book`. */
export const BOOKED_STATUSES: readonly string[] = ['confirmed', 'pending'];

/**
 * Books a request that must succeed and returns its receipt, checked against the contract. In
 * a live run the booking is cancelled after the check.
 */
export async function bookRequest(
  context: CheckContext,
  request: RegistrationRequest,
): Promise<BookingReceipt> {
  const value = await context.expectSuccess('book', (connectorContext) =>
    context.connector.book(connectorContext, request),
  );
  const receipt = context.parse(BookingReceiptSchema, value, 'The booking receipt');
  cancelAfterLiveCheck(context, receipt);
  ensure(
    BOOKED_STATUSES.includes(receipt.status),
    `book returned status "${receipt.status}" for a session with free seats; expected ` +
      `${BOOKED_STATUSES.join(' or ')}.`,
  );
  ensure(
    receipt.sessionId === request.sessionId && receipt.programId === request.programId,
    `book returned a receipt for program "${receipt.programId}" session "${receipt.sessionId}"; ` +
      `expected "${request.programId}" and "${request.sessionId}".`,
  );
  return receipt;
}

/**
 * In a live run, cancels the booking a receipt names once the check ends, so that no check
 * leaves a booking at the real provider, even one made where the check expected an error.
 */
export function cancelAfterLiveCheck(context: CheckContext, receipt: unknown): void {
  const bookingId = (receipt as { bookingId?: unknown } | undefined)?.bookingId;
  if (!context.environment.live || typeof bookingId !== 'string') return;
  context.afterCheck(async () => {
    const outcome = await context.attempt(
      'cancel',
      (connectorContext) => context.connector.cancel(connectorContext, { bookingId }),
      { detached: true },
    );
    if (!outcome.ok) {
      throw new Error(
        `cancelling live booking "${bookingId}" failed with ${describeError(outcome.error)}`,
      );
    }
  });
}

/** Builds a registration for the bookable session and books it once. */
export async function bookTarget(
  context: CheckContext,
  label: string,
  target: SandboxTarget = context.target('bookable'),
): Promise<{ request: RegistrationRequest; receipt: BookingReceipt }> {
  const request = await context.registration(target, context.newKey(label));
  const receipt = await bookRequest(context, request);
  return { request, receipt };
}

/** Returns the number of participants of a request, which is the seats it takes per category seat. */
export function participantCount(request: RegistrationRequest): number {
  return request.participants.length;
}

/** Fails unless the sandbox has exactly `expected` live bookings for the session. */
export function expectBookings(
  context: CheckContext,
  sessionId: string,
  expected: number,
  situation: string,
): void {
  const count = context.sandbox().bookingCount({ sessionId });
  ensure(
    count === expected,
    `The provider holds ${count} booking(s) for session "${sessionId}" ${situation}; ` +
      `expected ${expected}.`,
  );
}

/**
 * Reads a booking back with `getBooking` and checks the receipt against the contract. In a
 * sandbox run, fails unless the connector sent the provider a request for it, because a receipt
 * kept in memory since `book` misses every change made at the provider.
 */
export async function readBooking(
  context: CheckContext,
  bookingId: string,
  situation: string,
): Promise<BookingReceipt> {
  const sandbox = context.environment.sandbox;
  const requestsBefore = sandbox?.requests().length ?? 0;
  const value = await context.expectSuccess('getBooking', (connectorContext) =>
    context.connector.getBooking(connectorContext, { bookingId }),
  );
  if (sandbox) {
    ensure(
      sandbox.requests().length > requestsBefore,
      `getBooking("${bookingId}") ${situation} sent no request to the provider; it must read the ` +
        "booking's state there, not return a receipt kept since book.",
    );
  }
  return context.parse(BookingReceiptSchema, value, 'The getBooking receipt');
}

/**
 * Checks a receipt `book` returned after a fault: it must match the contract and the request,
 * and `getBooking` must read its booking id back from the provider, so a placeholder receipt
 * for a booking the connector never found fails.
 */
export async function expectRecoveredReceipt(
  context: CheckContext,
  request: RegistrationRequest,
  value: unknown,
  situation: string,
): Promise<void> {
  const receipt = context.parse(BookingReceiptSchema, value, `The booking receipt ${situation}`);
  const readBack = await context.attempt('getBooking', (connectorContext) =>
    context.connector.getBooking(connectorContext, { bookingId: receipt.bookingId }),
  );
  ensure(
    readBack.ok,
    `book returned booking "${receipt.bookingId}" ${situation}, but getBooking cannot read it ` +
      'back; the receipt must name the booking the provider holds.',
  );
  const booking = context.parse(BookingReceiptSchema, readBack.value, 'The getBooking receipt');
  ensure(
    booking.sessionId === request.sessionId && BOOKED_STATUSES.includes(booking.status),
    `getBooking("${receipt.bookingId}") ${situation} reports session "${booking.sessionId}" ` +
      `with status "${booking.status}"; expected "${request.sessionId}" and ` +
      `${BOOKED_STATUSES.join(' or ')}.`,
  );
}
