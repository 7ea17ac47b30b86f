import { isConnectorError } from '@signupassist/contract';
import { ensure, fail, type ConformanceCheck } from '../check.js';
import { describeError } from '../errors-text.js';
import { abortCheck } from './abort.js';
import { bookRequest, expectBookings, expectRecoveredReceipt } from './booking-steps.js';
import { expectBookingFaultFired, expectFaultFired } from './fault-evidence.js';
import { bookingMatch, listReadSessions, matches } from './fault-steps.js';
import { expectGivesUp } from './give-up.js';

/**
 * `Retry-After` of the rate-limit check, in seconds. It is longer than the 1 s a fixed or
 * exponential backoff usually starts with, so a connector that ignores the header waits too
 * little, and short enough that the run stays fast.
 */
export const RETRY_AFTER_SECONDS = 2;

/** `Retry-After` of the nonzero case of the bounded check, in seconds. */
const BOUNDED_RETRY_AFTER_SECONDS = 1;

/** Slack on the measured wait, for timestamps taken at millisecond resolution. */
const WAIT_SLACK_MS = 50;

const retryAfter: ConformanceCheck = {
  id: 'faults.rate-limit-retry-after',
  title: 'After a 429 the connector waits as Retry-After says, then retries',
  level: 'catalog',
  writes: false,
  needsSandbox: true,
  async run(context) {
    const sandbox = context.sandbox();
    sandbox.injectFault({ kind: 'rateLimit', retryAfterSeconds: RETRY_AFTER_SECONDS });

    const outcome = await listReadSessions(context);
    if (!outcome.ok) {
      fail(
        `listSessions failed after one 429 with ${describeError(outcome.error)}; expected it to wait and retry.`,
      );
    }
    const log = sandbox.requests();
    expectFaultFired(log, (request) => request.status === 429, 'listSessions', 'rateLimit (429)');
    const limited = log.findIndex((request) => request.status === 429);
    const next = log[limited + 1];
    ensure(next, 'listSessions made no request after the 429, yet returned as if it had data.');

    const waitedMs = Date.parse(next.at) - Date.parse(log[limited]!.at);
    ensure(
      waitedMs >= RETRY_AFTER_SECONDS * 1000 - WAIT_SLACK_MS,
      `The connector sent its next request ${waitedMs} ms after a 429 with Retry-After: ` +
        `${RETRY_AFTER_SECONDS}; it must wait at least ${RETRY_AFTER_SECONDS * 1000} ms.`,
    );
  },
};

const bounded: ConformanceCheck = {
  id: 'faults.rate-limit-bounded',
  title: 'Under constant 429s the connector gives up with rate_limited after a few attempts',
  level: 'catalog',
  writes: false,
  needsSandbox: true,
  async run(context) {
    // A connector may bound its attempts only when it does not wait, so both cases run.
    for (const retryAfterSeconds of [0, BOUNDED_RETRY_AFTER_SECONDS]) {
      await expectGivesUp(
        context,
        { kind: 'rateLimit', retryAfterSeconds, times: 1_000 },
        `while every response was a 429 with Retry-After: ${retryAfterSeconds}`,
        'rate_limited',
      );
    }
  },
};

const serverErrorRead: ConformanceCheck = {
  id: 'faults.server-error-read-retried',
  title: 'A read that meets a 5xx is retried, and given up under constant 5xx',
  level: 'catalog',
  writes: false,
  needsSandbox: true,
  async run(context) {
    const sandbox = context.sandbox();
    sandbox.injectFault({ kind: 'serverError', status: 503, match: { method: 'GET' } });

    const outcome = await listReadSessions(context);
    if (!outcome.ok) {
      fail(
        `listSessions failed after one 503 with ${describeError(outcome.error)}; a GET is safe to repeat.`,
      );
    }
    const log = sandbox.requests();
    expectFaultFired(
      log,
      (request) => request.status === 503,
      'listSessions',
      'serverError (503) on GET',
    );
    const failed = log.findIndex((request) => request.status === 503);
    const retried = log
      .slice(failed + 1)
      .some((request) => request.method === 'GET' && request.path === log[failed]!.path);
    ensure(retried, `listSessions did not repeat GET ${log[failed]!.path} after its 503.`);

    await expectGivesUp(
      context,
      { kind: 'serverError', status: 503, times: 1_000 },
      'while every response was a 503',
      'provider_unavailable',
    );
  },
};

const serverErrorBooking: ConformanceCheck = {
  id: 'faults.server-error-booking-not-reposted',
  title: 'A booking write that meets a 5xx is repeated only after reading the provider state',
  level: 'full',
  writes: true,
  needsSandbox: true,
  async run(context) {
    const sandbox = context.sandbox();
    const target = context.target('bookable');
    const request = await context.registration(target, context.newKey('server-error'));
    const match = bookingMatch(context);
    const firstLogged = sandbox.requests().length;
    sandbox.injectFault({ kind: 'serverError', status: 503, match });

    const outcome = await context.attempt('book', (connectorContext) =>
      context.connector.book(connectorContext, request),
    );
    const log = sandbox.requests().slice(firstLogged);
    expectBookingFaultFired(log, match, (entry) => entry.status === 503, 'serverError (503)');
    const writes = log.flatMap((entry, index) => (matches(entry, match) ? [index] : []));
    for (let position = 1; position < writes.length; position += 1) {
      const between = log.slice(writes[position - 1]! + 1, writes[position]);
      ensure(
        between.some((entry) => !matches(entry, match)),
        `book sent booking request ${position + 1} right after a 5xx without reading the ` +
          'provider state first; a blind repeat can book twice when the first write went through.',
      );
    }

    if (outcome.ok) {
      expectBookings(context, target.sessionId, 1, 'after a 5xx and a recovered booking');
      await expectRecoveredReceipt(context, request, outcome.value, 'after a 5xx');
      return;
    }
    const error = outcome.error;
    ensure(
      isConnectorError(error) && ['provider_unavailable', 'outcome_unknown'].includes(error.code),
      `book failed with ${describeError(error)} after a 5xx; expected a booking, or ` +
        '"provider_unavailable" or "outcome_unknown".',
    );
    ensure(
      sandbox.bookingCount({ sessionId: target.sessionId }) <= 1,
      'The provider holds more than one booking after a 5xx on the booking write.',
    );
  },
};

const lostResponse: ConformanceCheck = {
  id: 'faults.lost-response-one-booking',
  title: 'A booking whose response is lost after the provider committed it is recovered once',
  level: 'full',
  writes: true,
  needsSandbox: true,
  async run(context) {
    const sandbox = context.sandbox();
    const target = context.target('bookable');
    const request = await context.registration(target, context.newKey('lost-response'));
    const match = bookingMatch(context);
    const firstLogged = sandbox.requests().length;
    sandbox.injectFault({ kind: 'lostResponse', match });

    const first = await context.attempt('book', (connectorContext) =>
      context.connector.book(connectorContext, request),
    );
    expectBookingFaultFired(
      sandbox.requests().slice(firstLogged),
      match,
      (entry) => entry.status === undefined,
      'lostResponse (a connection destroyed without a response)',
    );
    if (!first.ok) {
      const error = first.error;
      ensure(
        isConnectorError(error) && error.code === 'outcome_unknown',
        `book failed with ${describeError(error)} when the response was lost; expected the ` +
          'booking, found by its reference, or "outcome_unknown" so the caller retries.',
      );
      // The contract's remedy for an unknown outcome is a repeat with the same key.
      await bookRequest(context, request);
    }
    expectBookings(context, target.sessionId, 1, 'after the response to the booking was lost');
    if (first.ok) {
      await expectRecoveredReceipt(context, request, first.value, 'after its response was lost');
    }
  },
};

/** Checks of behaviour under provider faults. */
export const faultChecks: ConformanceCheck[] = [
  retryAfter,
  bounded,
  serverErrorRead,
  abortCheck,
  serverErrorBooking,
  lostResponse,
];
