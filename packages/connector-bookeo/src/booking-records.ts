import {
  CancellationResultSchema,
  ConnectorError,
  isConnectorError,
  type BookingReceipt,
  type CancellationResult,
} from '@signupassist/contract';
import { bookeoBookingSchema, type BookeoBooking } from './bookeo-api.js';
import { checkOutput } from './errors.js';
import type { BookeoClient } from './http-client.js';
import { toReceipt } from './receipt.js';

const GET_BOOKING = 'GET /bookings/{bookingNumber}';

function checkBookingId(client: BookeoClient, bookingId: string): string {
  if (typeof bookingId === 'string' && bookingId.trim() !== '') return bookingId.trim();
  throw new ConnectorError('invalid_request', 'Missing bookingId: pass a Bookeo booking number.', {
    vendorId: client.context.vendor.id,
  });
}

function readBooking(client: BookeoClient, bookingId: string): Promise<BookeoBooking> {
  return client.send({
    method: 'GET',
    path: `/bookings/${encodeURIComponent(bookingId)}`,
    endpoint: GET_BOOKING,
    resource: `booking ${bookingId}`,
    schema: bookeoBookingSchema,
    retry: { kind: 'repeatable' },
  });
}

/** Reads a booking back from Bookeo as a receipt with its current status. */
export async function getBooking(client: BookeoClient, bookingId: string): Promise<BookingReceipt> {
  const id = checkBookingId(client, bookingId);
  const booking = await readBooking(client, id);
  return toReceipt(booking, client.config, client.failureScope({ endpoint: GET_BOOKING }));
}

// NOTE: Bookeo's response to cancelling a cancelled booking is unconfirmed. A 400 or 409 is
// therefore settled by reading the booking back rather than reported as a failure.
const SETTLED_BY_READ_BACK = new Set(['invalid_request', 'conflict']);

/**
 * Cancels a booking and reads it back to confirm Bookeo marked it `canceled`. Cancelling a
 * booking that is already cancelled succeeds and changes nothing. Bookeo's API reports no
 * refund, so the result carries none.
 */
export async function cancelBooking(
  client: BookeoClient,
  target: { bookingId: string; reason?: string },
): Promise<CancellationResult> {
  const id = checkBookingId(client, target.bookingId);
  const endpoint = 'DELETE /bookings/{bookingNumber}';
  try {
    await client.send({
      method: 'DELETE',
      path: `/bookings/${encodeURIComponent(id)}`,
      endpoint,
      resource: `booking ${id}`,
      query: { reason: target.reason },
      retry: { kind: 'repeatable' },
    });
  } catch (error) {
    if (!isConnectorError(error) || !SETTLED_BY_READ_BACK.has(error.code)) throw error;
    client.context.logger.info(
      { ...client.logFields, bookingId: id, code: error.code },
      'Bookeo rejected the cancellation; reading the booking back to settle it',
    );
  }

  const booking = await readBooking(client, id);
  const scope = client.failureScope({ endpoint });
  if (!booking.canceled) {
    throw new ConnectorError(
      'provider_unavailable',
      `Bookeo did not cancel booking ${id} of vendor "${client.context.vendor.displayName}": ` +
        'it still reads as active. Try again later.',
      { vendorId: client.context.vendor.id, details: { bookingId: id } },
    );
  }
  client.context.logger.info({ ...client.logFields, bookingId: id }, 'Bookeo booking cancelled');
  return checkOutput(CancellationResultSchema, { bookingId: id, status: 'cancelled' }, scope);
}
