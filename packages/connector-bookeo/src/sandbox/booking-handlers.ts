import { HttpResponse } from 'msw';
import { BOOKEO_LIMITS, type BookeoBooking } from '../bookeo-api.js';
import { checkBookingRequest, checkHoldRequest, insufficientSeatsError } from './booking-rules.js';
import { badRequest, SandboxApiError } from './errors.js';
import { storedPayments } from './payments.js';
import {
  pagedResponse,
  readBooleanParameter,
  readJsonBody,
  readWindow,
  type EndpointHandler,
  type RequestContext,
} from './request-context.js';
import type { SandboxBookingRecord, SandboxHold } from './state.js';
import { formatBookeoTime } from './time.js';

const DEFAULT_BOOKINGS_PER_PAGE = 50;

/**
 * `POST /holds?holdDurationSeconds=`: reserves seats for a booking-shaped body until the
 * sandbox clock passes the expiration (default 300 s, max 600 s). Returns 201 and `Location`.
 */
export const createHold: EndpointHandler = async (context) => {
  const { state, business, now } = context;
  const durationSeconds = readHoldDuration(context.query);
  const checked = checkHoldRequest(business, await readJsonBody(context.request), now);
  if (checked.event && checked.seats > checked.event.seatsAvailable) {
    throw insufficientSeatsError(
      checked.event.eventId,
      checked.event.seatsAvailable,
      checked.seats,
    );
  }

  if (checked.event) checked.event.seatsAvailable -= checked.seats;
  const hold: SandboxHold = {
    id: state.allocateHoldId(),
    accountId: business.accountId,
    eventId: checked.event?.eventId,
    seats: checked.event ? checked.seats : 0,
    price: checked.price,
    expiresAt: new Date(now.getTime() + durationSeconds * 1000),
    status: 'active',
  };
  state.holds.set(hold.id, hold);

  const body = {
    id: hold.id,
    price: hold.price,
    expiration: formatBookeoTime(hold.expiresAt, business.timeZone),
  };
  const location = `${context.baseUrl}/holds/${hold.id}`;
  return HttpResponse.json(body, { status: 201, headers: { Location: location } });
};

/** `DELETE /holds/{id}`: frees the seats of an active hold; 404 once it is gone. */
export const deleteHold: EndpointHandler = ({ state, business, params }) => {
  const hold = state.holds.get(params.id ?? '');
  if (!hold || hold.accountId !== business.accountId || hold.status !== 'active') {
    throw new SandboxApiError(
      404,
      `Hold ${params.id} not found: it expired, was released or was used.`,
    );
  }

  state.releaseHold(hold, 'released');
  return new HttpResponse(null, { status: 204 });
};

/**
 * `POST /bookings?previousHoldId=&notifyUsers=&notifyCustomer=&mode=`: books seats, taking
 * them from the hold when one is given. The booking keeps its `initialPayments`, each with an
 * id, and its `price.totalPaid` is their sum. Returns 201 and `Location`.
 */
export const createBooking: EndpointHandler = async (context) => {
  const { state, business, query, now } = context;
  readBooleanParameter(query, 'notifyUsers');
  readBooleanParameter(query, 'notifyCustomer');
  const checked = checkBookingRequest(business, await readJsonBody(context.request), now);
  const holdId = query.get('previousHoldId');
  const hold = holdId === null ? undefined : activeHold(context, holdId);

  const { event } = checked;
  if (event) {
    const heldSeats = hold?.eventId === event.eventId ? hold.seats : 0;
    const available = event.seatsAvailable + heldSeats;
    if (checked.seats > available)
      throw insufficientSeatsError(event.eventId, available, checked.seats);
  }

  if (hold) state.releaseHold(hold, 'consumed');
  if (event) event.seatsAvailable -= checked.seats;

  const bookingNumber = state.allocateBookingNumber();
  const timeZone = business.timeZone;
  const payments = checked.body.initialPayments;
  const booking: BookeoBooking = {
    ...structuredClone(checked.body),
    ...(payments
      ? { initialPayments: storedPayments(payments, bookingNumber, now, timeZone) }
      : {}),
    bookingNumber,
    startTime: formatBookeoTime(checked.start, timeZone),
    endTime: formatBookeoTime(checked.end, timeZone),
    price: checked.price,
    accepted: !checked.product.acceptDeny,
    canceled: false,
    creationTime: formatBookeoTime(now, timeZone),
    lastChangeTime: formatBookeoTime(now, timeZone),
  };
  const record = { accountId: business.accountId, seats: checked.seats, lastChange: now, booking };
  state.bookings.set(bookingNumber, record);

  const location = `${context.baseUrl}/bookings/${bookingNumber}`;
  return HttpResponse.json(booking, { status: 201, headers: { Location: location } });
};

/** `GET /bookings/{bookingNumber}`: one booking of this business, cancelled ones included. */
export const getBooking: EndpointHandler = (context) =>
  HttpResponse.json(findBooking(context).booking);

/**
 * `GET /bookings`: bookings changed inside `lastUpdatedStartTime`..`lastUpdatedEndTime` or
 * starting inside `startTime`..`endTime` (31 days at most), paginated. Cancelled bookings
 * appear only with `includeCanceled=true`.
 */
export const listBookings: EndpointHandler = (context) =>
  pagedResponse(
    context,
    'bookings',
    {
      defaultItemsPerPage: DEFAULT_BOOKINGS_PER_PAGE,
      maxItemsPerPage: BOOKEO_LIMITS.bookingsMaxItemsPerPage,
    },
    () => selectBookings(context),
  );

/**
 * `DELETE /bookings/{bookingNumber}`: cancels the booking and frees its seats. The booking
 * stays readable with `canceled: true`, and cancelling it again returns 204 and changes nothing.
 */
export const cancelBooking: EndpointHandler = (context) => {
  const record = findBooking(context);
  readBooleanParameter(context.query, 'notifyCustomer');
  readBooleanParameter(context.query, 'applyCancellationPolicy');
  if (record.booking.canceled) return new HttpResponse(null, { status: 204 });

  record.booking.canceled = true;
  record.booking.lastChangeTime = formatBookeoTime(context.now, context.business.timeZone);
  record.lastChange = context.now;
  const eventId = record.booking.eventId;
  const event = eventId === undefined ? undefined : context.business.events.get(eventId);
  if (event) event.seatsAvailable += record.seats;
  return new HttpResponse(null, { status: 204 });
};

function readHoldDuration(query: URLSearchParams): number {
  const text = query.get('holdDurationSeconds');
  if (text === null) return BOOKEO_LIMITS.holdDefaultSeconds;

  const seconds = Number(text);
  const max = BOOKEO_LIMITS.holdMaxSeconds;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > max) {
    badRequest(`Invalid holdDurationSeconds "${text}": expected an integer from 1 to ${max}.`);
  }
  return seconds;
}

function activeHold({ state, business }: RequestContext, holdId: string): SandboxHold {
  const hold = state.holds.get(holdId);
  if (!hold || hold.accountId !== business.accountId || hold.status !== 'active') {
    throw new SandboxApiError(
      409,
      `Hold ${holdId} has expired, was released or was already used. Place a new hold, then ` +
        'book again.',
    );
  }
  return hold;
}

function findBooking({ state, business, params }: RequestContext): SandboxBookingRecord {
  const record = state.bookings.get(params.bookingNumber ?? '');
  if (!record || record.accountId !== business.accountId) {
    throw new SandboxApiError(404, `Booking ${params.bookingNumber} not found.`);
  }
  return record;
}

function selectBookings(context: RequestContext): BookeoBooking[] {
  const updated = readWindow(context, 'lastUpdatedStartTime', 'lastUpdatedEndTime');
  const starting = readWindow(context, 'startTime', 'endTime');
  if (!updated && !starting) {
    badRequest(
      'Missing time window: send startTime and endTime, or lastUpdatedStartTime and ' +
        'lastUpdatedEndTime.',
    );
  }
  const includeCanceled = readBooleanParameter(context.query, 'includeCanceled') ?? false;

  const records = [...context.state.bookings.values()].filter((record) => {
    if (record.accountId !== context.business.accountId) return false;
    if (record.booking.canceled && !includeCanceled) return false;
    if (updated && (record.lastChange < updated.start || record.lastChange > updated.end)) {
      return false;
    }
    const start = new Date(record.booking.startTime);
    return !starting || (start >= starting.start && start < starting.end);
  });
  return records.map((record) => record.booking);
}
