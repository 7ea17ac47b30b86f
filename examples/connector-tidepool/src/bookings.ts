import { createHash } from 'node:crypto';
import {
  ConnectorError,
  isConnectorError,
  RegistrationRequestSchema,
  type BookingReceipt,
  type CancellationResult,
  type RegistrationRequest,
} from '@signupassist/contract';
import { tidepoolBookingSchema, type TidepoolBooking } from './api.js';
import { RETRY_POLICY, type TidepoolClient } from './client.js';
import { outcomeUnknownError, type FailureScope } from './errors.js';
import { SWIMMER_CATEGORY } from './form.js';
import { toMoney } from './money.js';

/**
 * Derives the booking reference from an idempotency key. Tidepool has no idempotency header,
 * so the connector stamps this reference on each booking and finds a booking by it before
 * posting, which makes a repeat with the same key return the first booking.
 */
export function referenceFor(idempotencyKey: string): string {
  return `sa-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}`;
}

/** Books the request once, or returns the booking an earlier call with its key made. */
export async function book(
  client: TidepoolClient,
  request: RegistrationRequest,
): Promise<BookingReceipt> {
  checkRequest(client, request);
  const reference = referenceFor(request.idempotencyKey);
  const scope = client.scope('POST /bookings');

  const existing = await findByReference(client, reference);
  if (existing) {
    checkSameBooking(client, existing, request);
    client.context.logger.info(
      { ...client.logFields, bookingId: existing.id },
      'Tidepool booking for this idempotency key already exists; returning it',
    );
    return toReceipt(existing, scope);
  }

  const body = {
    sessionId: request.sessionId,
    reference,
    guardian: request.guardian,
    swimmers: request.participants.map((participant) => participant.answers),
  };
  const booking = await postBooking(client, body, scope);
  checkSameBooking(client, booking, request);
  client.context.logger.info(
    { ...client.logFields, bookingId: booking.id },
    'Tidepool booking made',
  );
  return toReceipt(booking, scope);
}

/**
 * Posts a booking. After a 5xx or a broken connection the booking may exist, so it is looked up
 * by reference and posted again only when the lookup finds nothing. After a timeout Tidepool
 * may still be saving it, so the connector reports `outcome_unknown` instead of posting again.
 */
async function postBooking(
  client: TidepoolClient,
  body: { reference: string } & Record<string, unknown>,
  scope: FailureScope,
): Promise<TidepoolBooking> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await client.send({
        method: 'POST',
        path: '/bookings',
        endpoint: scope.endpoint,
        body,
        schema: tidepoolBookingSchema,
        retry: 'once',
      });
    } catch (error) {
      if (client.context.signal.aborted) throw outcomeUnknownError(scope);
      if (!mayHaveBooked(error)) throw error;

      client.context.logger.warn(
        { ...client.logFields, attempt, code: error.code },
        'Tidepool booking outcome unknown; looking it up by reference',
      );
      const found = await findByReference(client, body.reference).catch(() => {
        throw outcomeUnknownError(scope);
      });
      if (found) return found;
      if (error.code === 'timeout' || attempt >= RETRY_POLICY.maxAttempts) {
        throw outcomeUnknownError(scope);
      }
    }
  }
}

/** Checks whether a failed post may still have made the booking. */
function mayHaveBooked(error: unknown): error is ConnectorError {
  return (
    isConnectorError(error) && (error.code === 'provider_unavailable' || error.code === 'timeout')
  );
}

/** Finds the booking stamped with `reference`, preferring a live one over a cancelled one. */
async function findByReference(
  client: TidepoolClient,
  reference: string,
): Promise<TidepoolBooking | undefined> {
  const bookings = await client.sendForAllPages(
    { method: 'GET', path: '/bookings', endpoint: 'GET /bookings', query: { reference } },
    tidepoolBookingSchema,
  );
  const matches = bookings.filter((booking) => booking.reference === reference);
  return matches.find((booking) => booking.status === 'confirmed') ?? matches[0];
}

/** Reads a booking back. */
export async function getBooking(
  client: TidepoolClient,
  bookingId: string,
): Promise<BookingReceipt> {
  const endpoint = 'GET /bookings/{id}';
  const booking = await client.send({
    method: 'GET',
    path: `/bookings/${encodeURIComponent(bookingId)}`,
    endpoint,
    schema: tidepoolBookingSchema,
    retry: 'safe',
  });
  return toReceipt(booking, client.scope(endpoint));
}

/** Cancels a booking. Tidepool returns the seats; cancelling twice changes nothing, so it is retried. */
export async function cancelBooking(
  client: TidepoolClient,
  bookingId: string,
): Promise<CancellationResult> {
  const booking = await client.send({
    method: 'DELETE',
    path: `/bookings/${encodeURIComponent(bookingId)}`,
    endpoint: 'DELETE /bookings/{id}',
    schema: tidepoolBookingSchema,
    retry: 'safe',
  });
  client.context.logger.info({ ...client.logFields, bookingId }, 'Tidepool booking cancelled');
  return { bookingId: booking.id, status: booking.status };
}

function checkRequest(client: TidepoolClient, request: RegistrationRequest): void {
  const vendorId = client.context.vendor.id;
  const parsed = RegistrationRequestSchema.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConnectorError(
      'invalid_request',
      `Invalid registration request: ${issue?.path.join('.') || '(request)'} ${issue?.message}.`,
      { vendorId },
    );
  }
  if (request.holdId !== undefined) {
    throw new ConnectorError(
      'unsupported',
      'Invalid holdId: Tidepool has no seat holds, so book without one.',
      {
        vendorId,
      },
    );
  }
  const fields = request.participants.flatMap((participant, index) =>
    participant.category === SWIMMER_CATEGORY
      ? []
      : [
          {
            path: `participants.${index}.category`,
            message: `Use category "${SWIMMER_CATEGORY}".`,
          },
        ],
  );
  if (fields.length > 0) {
    throw new ConnectorError('invalid_fields', 'Some participants have an unknown category.', {
      vendorId,
      fields,
    });
  }
}

function checkSameBooking(
  client: TidepoolClient,
  booking: TidepoolBooking,
  request: RegistrationRequest,
): void {
  if (booking.sessionId === request.sessionId && booking.swimmers === request.participants.length) {
    return;
  }
  throw new ConnectorError(
    'idempotency_mismatch',
    `This idempotency key was already used for Tidepool booking ${booking.id}, which books a ` +
      'different session or number of swimmers. Use a new key for a new booking.',
    { vendorId: client.context.vendor.id, details: { bookingId: booking.id } },
  );
}

/** Maps a Tidepool booking to the contract's receipt. */
export function toReceipt(booking: TidepoolBooking, scope: FailureScope): BookingReceipt {
  return {
    bookingId: booking.id,
    status: booking.status,
    programId: booking.programId,
    sessionId: booking.sessionId,
    price: { total: toMoney(booking.total, scope) },
    payment: booking.payUrl
      ? { method: 'provider_link', url: booking.payUrl }
      : { method: 'pay_later' },
    externalReference: booking.reference,
    createdAt: booking.createdAt,
  };
}
