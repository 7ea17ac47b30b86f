import {
  ConnectorError,
  RegistrationRequestSchema,
  type BookingReceipt,
  type Money,
  type RegistrationRequest,
} from '@signupassist/contract';
import { z } from 'zod';
import {
  BOOKEO_LIMITS,
  bookeoBookingSchema,
  type BookeoBooking,
  type BookeoBookingRequest,
} from './bookeo-api.js';
import {
  bookingMatches,
  checkAnswers,
  externalRefFor,
  fingerprintOf,
  parseRequest,
  toBookeoBookingRequest,
  toBookeoPayment,
} from './booking-body.js';
import { formatQueryTime } from './catalog.js';
import { abortedError, checkOutput, outcomeUnknownError, type FailureScope } from './errors.js';
import { loadBookeoForm } from './form.js';
import type { BookeoClient } from './http-client.js';
import { toReceipt } from './receipt.js';
import type { BookeoSettingsCache } from './settings.js';

const MS_PER_DAY = 86_400_000;

/**
 * How far back `book` looks for an earlier booking with the same external reference, in days.
 * Every call reads all bookings changed in that window, so it covers the retries of a failed
 * call (seconds to hours) and stays short. A repeat after a longer gap relies on the host's
 * idempotency ledger.
 */
export const REPLAY_LOOKBACK_DAYS = 3;

/** Margin around the attempt times when a booking is looked up after an unknown outcome. */
export const UNKNOWN_OUTCOME_MARGIN_MS = 60 * 60_000;

/** The part of a listed booking that a lookup by reference reads. */
const bookingReferenceSchema = z.looseObject({ externalRef: z.string().optional() });

/** A time window of `lastUpdated` values. */
interface UpdateWindow {
  start: Date;
  end: Date;
}

/**
 * Finds the booking whose `externalRef` is `ref` among the bookings changed in `window`,
 * cancelled ones included, following pagination to the end. Returns the live booking when
 * there are several, else the first.
 */
export async function findBookingByExternalRef(
  client: BookeoClient,
  ref: string,
  window: UpdateWindow,
): Promise<BookeoBooking | undefined> {
  const endpoint = 'GET /bookings';
  // Only the reference of each listed booking is parsed, so one odd booking of another customer
  // cannot break the lookup. The matches are then parsed in full.
  const listed = await client.sendForAllPages(
    {
      method: 'GET',
      path: '/bookings',
      endpoint,
      query: {
        lastUpdatedStartTime: formatQueryTime(window.start),
        lastUpdatedEndTime: formatQueryTime(window.end),
        includeCanceled: true,
      },
    },
    bookingReferenceSchema,
    BOOKEO_LIMITS.bookingsMaxItemsPerPage,
  );
  const scope = client.failureScope({ endpoint });
  const matches = listed
    .filter((item) => item.externalRef === ref)
    .map((item) => checkOutput(bookeoBookingSchema, item, scope));
  if (matches.length > 1) {
    client.context.logger.warn(
      { ...client.logFields, externalRef: ref, count: matches.length },
      'Several Bookeo bookings carry one external reference',
    );
  }
  return matches.find((booking) => !booking.canceled) ?? matches[0];
}

function mismatchError(client: BookeoClient, booking: BookeoBooking): ConnectorError {
  return new ConnectorError(
    'idempotency_mismatch',
    `This idempotency key was already used for Bookeo booking ${booking.bookingNumber}, which ` +
      'books a different session or number of participants. Use a new key for a new booking.',
    { vendorId: client.context.vendor.id, details: { bookingId: booking.bookingNumber } },
  );
}

async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) throw signal.reason;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Logs a warning when Bookeo reports less paid on a new booking than the payment sent with it,
 * so the operator can record the rest in Bookeo. The booking is kept.
 */
function checkPaymentRecorded(client: BookeoClient, sent: Money, receipt: BookingReceipt): void {
  const paid = receipt.price.paid;
  if (paid && paid.currency === sent.currency && paid.amountMinor >= sent.amountMinor) return;
  client.context.logger.warn(
    {
      ...client.logFields,
      bookingId: receipt.bookingId,
      paymentSent: sent,
      ...(paid ? { paidRecorded: paid } : {}),
    },
    'Bookeo recorded less paid than the payment sent with the booking',
  );
}

interface InFlightBooking {
  fingerprint: string;
  promise: Promise<BookingReceipt>;
  /** Abort signal of the call that runs the attempt. */
  signal: AbortSignal;
}

/**
 * Books registrations once per idempotency key. Bookeo has no idempotency header, so each
 * booking carries an `externalRef` derived from the key. `book` looks it up before posting,
 * and again whenever a post ends without a known outcome. Concurrent calls with one key in
 * this process share one attempt. Calls in other processes rely on the lookup alone, which
 * cannot see a booking another process is posting at the same moment.
 */
export class BookeoBookings {
  readonly #inFlight = new Map<string, InFlightBooking>();

  constructor(readonly settings: BookeoSettingsCache) {}

  /** Books the request once, or returns the booking an earlier call with its key made. */
  async book(client: BookeoClient, request: RegistrationRequest): Promise<BookingReceipt> {
    parseRequest(client, RegistrationRequestSchema, request);
    const ref = externalRefFor(request.idempotencyKey);
    const key = `${client.context.vendor.id}|${client.config.baseUrl}|${ref}`;
    const fingerprint = fingerprintOf(request);

    // The check and the registration below run without an await between them, so concurrent
    // calls cannot both see an empty slot.
    for (let running = this.#inFlight.get(key); running; running = this.#inFlight.get(key)) {
      const receipt = await this.#awaitRunning(client, running, fingerprint);
      if (receipt) return receipt;
      if (this.#inFlight.get(key) === running) break;
    }

    const entry = {
      fingerprint,
      promise: this.#bookOnce(client, request, ref),
      signal: client.context.signal,
    };
    this.#inFlight.set(key, entry);
    try {
      return await entry.promise;
    } finally {
      if (this.#inFlight.get(key) === entry) this.#inFlight.delete(key);
    }
  }

  /**
   * Waits for a running call with the same key. With an equal request it shares that call's
   * outcome, unless that call's own caller aborted it. Otherwise it returns undefined once the
   * call has settled, and the caller makes its own attempt, which starts with the lookup and so
   * reports a different request as a mismatch.
   */
  async #awaitRunning(
    client: BookeoClient,
    running: InFlightBooking,
    fingerprint: string,
  ): Promise<BookingReceipt | undefined> {
    const signal = client.context.signal;
    const same = running.fingerprint === fingerprint;
    try {
      const receipt = await untilAborted(running.promise, signal);
      return same ? receipt : undefined;
    } catch (error) {
      if (signal.aborted) {
        const scope = client.failureScope({ endpoint: 'POST /bookings' });
        throw same ? outcomeUnknownError(scope) : abortedError(scope);
      }
      if (same && !running.signal.aborted) throw error;
      return undefined;
    }
  }

  async #bookOnce(
    client: BookeoClient,
    request: RegistrationRequest,
    ref: string,
  ): Promise<BookingReceipt> {
    const bookeoForm = await loadBookeoForm(client, this.settings, request);
    checkAnswers(client, bookeoForm, request);
    const now = client.context.clock.now();
    const body = toBookeoBookingRequest(bookeoForm, request, ref);
    // A payment goes only on a new booking, so a booking found again is never paid twice.
    if (request.payment) body.initialPayments = [toBookeoPayment(request.payment, now)];
    const scope = client.failureScope({
      endpoint: 'POST /bookings',
      resource: `session "${request.sessionId}"`,
      apiBookingsForbidden: !bookeoForm.product.apiBookingsAllowed,
    });

    const existing = await findBookingByExternalRef(client, ref, {
      start: new Date(now.getTime() - REPLAY_LOOKBACK_DAYS * MS_PER_DAY),
      end: new Date(now.getTime() + MS_PER_DAY),
    });
    if (existing) {
      if (!bookingMatches(existing, body)) throw mismatchError(client, existing);
      client.context.logger.info(
        { ...client.logFields, bookingId: existing.bookingNumber },
        'Bookeo booking for this idempotency key already exists; returning it',
      );
      return toReceipt(existing, client.config, scope);
    }

    const booking = await this.#post(client, body, request.holdId, scope, now);
    if (!bookingMatches(booking, body)) throw mismatchError(client, booking);
    client.context.logger.info(
      { ...client.logFields, bookingId: booking.bookingNumber },
      'Bookeo booking made',
    );
    const receipt = toReceipt(booking, client.config, scope);
    if (request.payment) checkPaymentRecorded(client, request.payment.amount, receipt);
    return receipt;
  }

  #post(
    client: BookeoClient,
    body: BookeoBookingRequest,
    holdId: string | undefined,
    scope: FailureScope,
    started: Date,
  ): Promise<BookeoBooking> {
    const lookup = () =>
      findBookingByExternalRef(client, body.externalRef ?? '', {
        start: new Date(started.getTime() - UNKNOWN_OUTCOME_MARGIN_MS),
        end: new Date(client.context.clock.now().getTime() + UNKNOWN_OUTCOME_MARGIN_MS),
      });
    return client.send({
      method: 'POST',
      path: '/bookings',
      endpoint: scope.endpoint,
      query: { previousHoldId: holdId },
      body,
      schema: bookeoBookingSchema,
      retry: { kind: 'lookupFirst', lookup },
      ...(scope.resource === undefined ? {} : { resource: scope.resource }),
      ...(scope.apiBookingsForbidden ? { apiBookingsForbidden: true } : {}),
    });
  }
}
