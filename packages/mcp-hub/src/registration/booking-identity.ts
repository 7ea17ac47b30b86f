import { ConnectorError, type BookingReceipt } from '@signupassist/contract';
import { toConnectorError } from '../errors.js';
import type { HubContext } from '../hub-context.js';
import type { RegistrationRecord } from '../ledger/types.js';
import type { RoutedVendor } from '../router/provider-router.js';
import { registrationRef } from './view.js';

/** Outcome of {@link readOwnBooking}. */
export type OwnBookingResult =
  /** The provider's booking is this registration's, or cannot be checked (see the NOTE). */
  | { kind: 'own'; receipt: BookingReceipt }
  /** The provider has no booking under that id, or the one it has is another registration's. */
  | { kind: 'gone' }
  /** The provider could not be asked; the error's message is for the family. */
  | { kind: 'unreadable'; error: ConnectorError };

/**
 * Reads a booked registration's booking back from the provider and checks that it is still
 * this registration's. Booking ids can repeat, for example after a provider sandbox restarts
 * or a vendor's account is reset, so the stored id may now name another family's booking.
 * The check compares the `externalReference` that the connector derived from the
 * registration's idempotency key. A mismatch or a missing booking is logged for the operator.
 */
export async function readOwnBooking(
  hub: HubContext,
  routed: RoutedVendor,
  record: RegistrationRecord,
  requestId: string,
): Promise<OwnBookingResult> {
  const stored = record.receipt!;
  let current: BookingReceipt;
  try {
    current = await hub.router.call(routed, 'getBooking', { requestId }, (connector, context) =>
      connector.getBooking(context, {
        bookingId: stored.bookingId,
        registration: record.request,
      }),
    );
  } catch (error) {
    const converted = toConnectorError(error);
    if (converted.code !== 'not_found') return { kind: 'unreadable', error: converted };
    logGone(hub, routed, record, requestId, 'not_found');
    return { kind: 'gone' };
  }

  // NOTE: a receipt without an externalReference (connectors need not set one) cannot be
  // checked, so the booking under its id is taken as this registration's.
  if (stored.externalReference !== undefined) {
    if (current.externalReference !== stored.externalReference) {
      logGone(hub, routed, record, requestId, 'reference_mismatch');
      return { kind: 'gone' };
    }
  }
  return { kind: 'own', receipt: current };
}

/** Builds the error for a registration whose booking the provider no longer has. */
export function bookingGoneError(routed: RoutedVendor): ConnectorError {
  const vendor = routed.vendor.displayName;
  return new ConnectorError(
    'not_found',
    `The booking this registration made no longer exists at ${vendor}. Contact ${vendor} to ` +
      "check the family's registration.",
    { vendorId: routed.vendor.id },
  );
}

/** Logs a booking that is gone or another registration's, with the ids an operator needs. */
export function logGone(
  hub: HubContext,
  routed: RoutedVendor,
  record: RegistrationRecord,
  requestId: string,
  reason: 'not_found' | 'reference_mismatch',
): void {
  hub.logger.error(
    {
      requestId,
      vendorId: routed.vendor.id,
      connectorId: routed.manifest.id,
      registration: registrationRef(record.id),
      bookingId: record.receipt?.bookingId,
      reason,
    },
    reason === 'not_found'
      ? 'The provider has no booking under the id this registration stored'
      : "The provider's booking under this registration's id belongs to another registration",
  );
}
