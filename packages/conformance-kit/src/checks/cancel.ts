import { CancellationResultSchema } from '@signupassist/contract';
import type { CheckContext } from '../check-context.js';
import { ensure, type ConformanceCheck } from '../check.js';
import { bookTarget, readBooking } from './booking-steps.js';

/** Returns the seats left in a session, or undefined in a live run. */
function seatsLeft(context: CheckContext, sessionId: string): number | undefined {
  return context.environment.sandbox?.seatsLeft(sessionId);
}

async function cancelOnce(context: CheckContext, bookingId: string, attempt: string) {
  const value = await context.expectSuccess(`cancel (${attempt})`, (connectorContext) =>
    context.connector.cancel(connectorContext, { bookingId, reason: 'Conformance check' }),
  );
  const result = context.parse(CancellationResultSchema, value, 'The cancellation result');
  ensure(
    result.bookingId === bookingId && result.status === 'cancelled',
    `cancel (${attempt}) of booking "${bookingId}" returned booking "${result.bookingId}" with ` +
      `status "${result.status}"; expected "${bookingId}" and "cancelled".`,
  );
}

const returnsSeat: ConformanceCheck = {
  id: 'cancel.returns-seat',
  title: 'cancel returns status cancelled and gives the seats back',
  level: 'full',
  writes: true,
  async run(context) {
    const target = context.target('bookable');
    const before = seatsLeft(context, target.sessionId);
    const { request, receipt } = await bookTarget(context, 'cancel', target);
    const booked = seatsLeft(context, target.sessionId);
    if (before !== undefined && booked !== undefined) {
      ensure(
        booked === before - request.participants.length,
        `Seats went from ${before} to ${booked} after booking ${request.participants.length} ` +
          'participant(s).',
      );
    }

    await cancelOnce(context, receipt.bookingId, 'first call');
    const after = seatsLeft(context, target.sessionId);
    if (before !== undefined) {
      ensure(
        after === before,
        `The session has ${after} seats left after the cancellation; it had ${before} before ` +
          'the booking, so the cancellation did not give the seats back.',
      );
    }

    const readBack = await readBooking(context, receipt.bookingId, 'after the cancellation');
    ensure(
      readBack.status === 'cancelled',
      `getBooking reports status "${readBack.status}" for a cancelled booking.`,
    );
  },
};

const twice: ConformanceCheck = {
  id: 'cancel.twice-safe',
  title: 'Cancelling a cancelled booking succeeds and changes nothing',
  level: 'full',
  writes: true,
  async run(context) {
    const target = context.target('bookable');
    const before = seatsLeft(context, target.sessionId);
    const { receipt } = await bookTarget(context, 'cancel-twice', target);

    await cancelOnce(context, receipt.bookingId, 'first call');
    await cancelOnce(context, receipt.bookingId, 'second call');
    const after = seatsLeft(context, target.sessionId);
    if (before !== undefined) {
      ensure(
        after === before,
        `The session has ${after} seats left after two cancellations of one booking; it had ` +
          `${before} before the booking.`,
      );
    }
  },
};

/** Checks of cancellation. */
export const cancelChecks: ConformanceCheck[] = [returnsSeat, twice];
