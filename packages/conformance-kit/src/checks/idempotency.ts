import type { RegistrationRequest } from '@signupassist/contract';
import { isConnectorError } from '@signupassist/contract';
import type { CheckContext } from '../check-context.js';
import { ensure, fail, skip, type ConformanceCheck } from '../check.js';
import { describeError } from '../errors-text.js';
import { bookRequest, expectBookings } from './booking-steps.js';

/** Number of concurrent calls the concurrency check makes with one key. */
export const CONCURRENT_CALLS = 10;

/** Counts the provider's bookings of a request's session, and of its reference when known. */
function expectOneBooking(
  context: CheckContext,
  request: RegistrationRequest,
  externalReference: string | undefined,
  situation: string,
): void {
  expectBookings(context, request.sessionId, 1, situation);
  if (externalReference === undefined) return;
  const count = context.sandbox().bookingCount({ externalReference });
  ensure(
    count === 1,
    `The provider holds ${count} booking(s) with reference "${externalReference}" ${situation}; ` +
      'expected 1.',
  );
}

const replay: ConformanceCheck = {
  id: 'idempotency.replay-no-second-booking',
  title: 'A replay with the same idempotency key returns the first booking and books nothing',
  level: 'full',
  writes: true,
  needsSandbox: true,
  async run(context) {
    const target = context.target('bookable');
    const request = await context.registration(target, context.newKey('replay'));
    const first = await bookRequest(context, request);
    const second = await bookRequest(context, { ...request });

    ensure(
      second.bookingId === first.bookingId,
      `A replay with the same idempotency key returned booking "${second.bookingId}"; the first ` +
        `call made "${first.bookingId}".`,
    );
    expectOneBooking(context, request, first.externalReference, 'after a replay');
  },
};

/** Builds a request that differs from `request` in its session or, failing that, its party. */
async function differentRequest(
  context: CheckContext,
  request: RegistrationRequest,
): Promise<RegistrationRequest> {
  const sessions = context.environment.scenario?.sessionIds[request.programId] ?? [];
  const otherSession = sessions.find((sessionId) => sessionId !== request.sessionId);
  if (otherSession) {
    return { ...request, sessionId: otherSession };
  }
  const larger = await context.registration(
    request,
    request.idempotencyKey,
    request.participants.length + 1,
  );
  if (larger.participants.length === request.participants.length) {
    skip('the program has one session and one participant at most, so no request differs');
  }
  return larger;
}

const mismatch: ConformanceCheck = {
  id: 'idempotency.key-reuse-mismatch',
  title: 'Reusing a key for a different request fails with idempotency_mismatch',
  level: 'full',
  writes: true,
  async run(context) {
    const target = context.target('bookable');
    const request = await context.registration(target, context.newKey('mismatch'));
    await bookRequest(context, request);
    const other = await differentRequest(context, request);

    await context.expectError(
      'book',
      (connectorContext) => context.connector.book(connectorContext, other),
      ['idempotency_mismatch'],
      'for a different request under an idempotency key already used',
    );
    if (context.environment.sandbox) {
      expectBookings(context, request.sessionId, 1, 'after a key was reused');
      if (other.sessionId !== request.sessionId) {
        expectBookings(context, other.sessionId, 0, 'after a key was reused for it');
      }
    }
  },
};

const concurrent: ConformanceCheck = {
  id: 'idempotency.concurrent-one-booking',
  title: `${CONCURRENT_CALLS} concurrent calls with one key make one booking`,
  level: 'full',
  writes: true,
  needsSandbox: true,
  async run(context) {
    const target = context.target('bookable');
    const request = await context.registration(target, context.newKey('concurrent'));
    const outcomes = await Promise.all(
      Array.from({ length: CONCURRENT_CALLS }, () =>
        context.attempt('book', (connectorContext) =>
          context.connector.book(connectorContext, { ...request }),
        ),
      ),
    );

    const ids = new Set<string>();
    for (const outcome of outcomes) {
      if (outcome.ok) {
        ids.add(outcome.value.bookingId);
        continue;
      }
      // A call may lose the race cleanly with `conflict`; anything else is a failure.
      if (!isConnectorError(outcome.error) || outcome.error.code !== 'conflict') {
        fail(
          `One of ${CONCURRENT_CALLS} concurrent calls with one key failed with ` +
            `${describeError(outcome.error)}; expected the booking's receipt or "conflict".`,
        );
      }
    }
    ensure(ids.size > 0, `All ${CONCURRENT_CALLS} concurrent calls with one key failed.`);
    ensure(
      ids.size === 1,
      `${CONCURRENT_CALLS} concurrent calls with one key returned ${ids.size} different ` +
        `bookings: ${[...ids].join(', ')}.`,
    );
    expectBookings(context, request.sessionId, 1, `after ${CONCURRENT_CALLS} concurrent calls`);
  },
};

/** Checks of the idempotency promise. */
export const idempotencyChecks: ConformanceCheck[] = [replay, mismatch, concurrent];
