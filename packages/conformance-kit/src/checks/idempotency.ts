import type { BookingReceipt, Money, RegistrationRequest } from '@signupassist/contract';
import { isConnectorError } from '@signupassist/contract';
import type { CheckContext } from '../check-context.js';
import { ensure, fail, type ConformanceCheck } from '../check.js';
import { describeError } from '../errors-text.js';
import { bookRequest, cancelAfterLiveCheck, expectBookings } from './booking-steps.js';

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

/**
 * Fails unless a replay's receipt describes the first booking as the first call did: the same
 * status, price total and external reference. A connector that rebuilds the receipt from the
 * request in place of reading the provider's booking reports a different one.
 */
function expectSameReceipt(first: BookingReceipt, second: BookingReceipt): void {
  const fields: [string, string, string][] = [
    ['status', `"${second.status}"`, `"${first.status}"`],
    ['price total', describeMoney(second.price.total), describeMoney(first.price.total)],
    [
      'external reference',
      describeOptional(second.externalReference),
      describeOptional(first.externalReference),
    ],
  ];
  for (const [field, replayed, original] of fields) {
    ensure(
      replayed === original,
      `A replay with the same idempotency key returned ${field} ${replayed}; the first call ` +
        `returned ${original}.`,
    );
  }
}

function describeMoney(money: Money): string {
  return `${money.amountMinor} ${money.currency}`;
}

function describeOptional(value: string | undefined): string {
  return value === undefined ? 'none' : `"${value}"`;
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
    expectSameReceipt(first, second);
    expectOneBooking(context, request, first.externalReference, 'after a replay');
  },
};

/**
 * Builds the requests that differ from `request` in what they book: another session of the
 * program, and one more participant, as far as the scenario and the form allow.
 */
async function differentRequests(
  context: CheckContext,
  request: RegistrationRequest,
): Promise<{ request: RegistrationRequest; difference: string }[]> {
  const variants: { request: RegistrationRequest; difference: string }[] = [];
  const sessions = context.environment.scenario?.sessionIds[request.programId] ?? [];
  const otherSession = sessions.find((sessionId) => sessionId !== request.sessionId);
  if (otherSession) {
    variants.push({
      request: { ...request, sessionId: otherSession },
      difference: `session "${otherSession}" in place of "${request.sessionId}"`,
    });
  }

  const count = request.participants.length + 1;
  const larger = await context.registration(request, request.idempotencyKey, {
    participantCount: count,
  });
  if (larger.participants.length === count) {
    variants.push({
      request: larger,
      difference: `${count} participants in place of ${count - 1}`,
    });
  }
  return variants;
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
    const variants = await differentRequests(context, request);
    if (variants.length === 0) {
      context.missingScenario(
        `Program "${target.programId}" has one session and takes one participant, so no ` +
          'request differs from the first',
        'Set scenario().bookable to a session whose program has a second session in the ' +
          'window or takes two participants.',
      );
    }

    for (const variant of variants) {
      await context.expectError(
        'book',
        async (connectorContext) => {
          const receipt = await context.connector.book(connectorContext, variant.request);
          cancelAfterLiveCheck(context, receipt);
          return receipt;
        },
        ['idempotency_mismatch'],
        `for a request with ${variant.difference} under an idempotency key already used`,
      );
      if (!context.environment.sandbox) continue;
      expectBookings(context, request.sessionId, 1, 'after the key was reused');
      if (variant.request.sessionId !== request.sessionId) {
        expectBookings(context, variant.request.sessionId, 0, 'after the key was reused for it');
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

    // Extra bookings come first: they are the defect, and they can make the later calls fail
    // with sold_out, which would otherwise be the message.
    const booked = context.sandbox().bookingCount({ sessionId: request.sessionId });
    ensure(
      booked <= 1,
      `The provider holds ${booked} bookings for session "${request.sessionId}" after ` +
        `${CONCURRENT_CALLS} concurrent calls with one key; expected 1.`,
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
