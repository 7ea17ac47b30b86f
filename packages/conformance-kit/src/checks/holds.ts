import { HoldSchema, type Hold, type RegistrationRequest } from '@signupassist/contract';
import type { CheckContext } from '../check-context.js';
import { ensure, fail, type ConformanceCheck } from '../check.js';
import { bookRequest, expectBookings } from './booking-steps.js';

/** Time past a hold's expiry the clock is moved, so that expiry is not a matter of rounding. */
const PAST_EXPIRY_MS = 1_000;

function declaresHolds(manifest: { capabilities: { holds: string } }): boolean {
  return manifest.capabilities.holds !== 'absent';
}

/** Places a hold for a fresh registration of the bookable session. */
async function placeHold(
  context: CheckContext,
  label: string,
): Promise<{ request: RegistrationRequest; hold: Hold }> {
  const hold = context.connector.hold;
  if (!hold) fail('The manifest declares holds, but the connector has no hold() operation.');
  const request = await context.registration(context.target('bookable'), context.newKey(label));
  const draft: Partial<RegistrationRequest> = { ...request };
  delete draft.idempotencyKey;
  const value = await context.expectSuccess('hold', (connectorContext) =>
    hold.call(context.connector, connectorContext, draft as RegistrationRequest),
  );
  return { request, hold: context.parse(HoldSchema, value, 'The hold') };
}

const reserveRelease: ConformanceCheck = {
  id: 'holds.reserve-release',
  title: 'A hold takes seats and releaseHold gives them back',
  level: 'full',
  capability: 'holds',
  writes: true,
  needsSandbox: true,
  appliesTo: declaresHolds,
  async run(context) {
    const sandbox = context.sandbox();
    const { sessionId } = context.target('bookable');
    const before = sandbox.seatsLeft(sessionId);
    const { request, hold } = await placeHold(context, 'hold-release');
    const seatsWhileHeld = sandbox.seatsLeft(sessionId);
    ensure(
      seatsWhileHeld === before - request.participants.length,
      `Seats went from ${before} to ${seatsWhileHeld} after a hold for ${request.participants.length} ` +
        'participant(s).',
    );

    const release = context.connector.releaseHold;
    if (!release) fail('The manifest declares holds, but the connector has no releaseHold().');
    await context.expectSuccess('releaseHold', (connectorContext) =>
      release.call(context.connector, connectorContext, { holdId: hold.id }),
    );
    const after = sandbox.seatsLeft(sessionId);
    ensure(after === before, `Seats are ${after} after releaseHold; expected ${before} again.`);
    expectBookings(context, sessionId, 0, 'after a hold and its release');
  },
};

const bookWithHold: ConformanceCheck = {
  id: 'holds.book-with-hold',
  title: 'A booking with a hold uses the held seats and takes no more',
  level: 'full',
  capability: 'holds',
  writes: true,
  needsSandbox: true,
  appliesTo: declaresHolds,
  async run(context) {
    const sandbox = context.sandbox();
    const { sessionId } = context.target('bookable');
    const before = sandbox.seatsLeft(sessionId);
    const { request, hold } = await placeHold(context, 'hold-book');

    await bookRequest(context, { ...request, holdId: hold.id });
    const after = sandbox.seatsLeft(sessionId);
    ensure(
      after === before - request.participants.length,
      `Seats went from ${before} to ${after} after a hold and a booking with it for ` +
        `${request.participants.length} participant(s); the booking must use the held seats.`,
    );
    expectBookings(context, sessionId, 1, 'after booking with a hold');
  },
};

const expired: ConformanceCheck = {
  id: 'holds.expired-hold-expired',
  title: 'Booking with an expired hold fails with hold_expired and books nothing',
  level: 'full',
  capability: 'holds',
  writes: true,
  needsSandbox: true,
  appliesTo: declaresHolds,
  async run(context) {
    const sandbox = context.sandbox();
    const { sessionId } = context.target('bookable');
    const before = sandbox.seatsLeft(sessionId);
    const { request, hold } = await placeHold(context, 'hold-expired');

    const waitMs = Date.parse(hold.expiresAt) - sandbox.now().getTime() + PAST_EXPIRY_MS;
    sandbox.advanceClock(Math.max(PAST_EXPIRY_MS, waitMs));
    await context.expectError(
      'book',
      (connectorContext) =>
        context.connector.book(connectorContext, { ...request, holdId: hold.id }),
      ['hold_expired'],
      `with hold "${hold.id}" after the sandbox clock passed its expiry ${hold.expiresAt}`,
    );
    expectBookings(context, sessionId, 0, 'after booking with an expired hold');
    const after = sandbox.seatsLeft(sessionId);
    ensure(after === before, `Seats are ${after} after the hold expired; expected ${before}.`);
  },
};

/** Checks of the optional `holds` capability. */
export const holdChecks: ConformanceCheck[] = [reserveRelease, bookWithHold, expired];
