import { ConnectorError, isConnectorError } from '@signupassist/contract';
import { toConnectorError } from '../errors.js';
import { canonicalJson } from '../ids.js';
import { routeVendor, type HubContext } from '../hub-context.js';
import type { RegistrationRecord } from '../ledger/types.js';
import type { RoutedVendor } from '../router/provider-router.js';
import { bookingGoneError, logGone, readOwnBooking } from './booking-identity.js';
import { releaseHold } from './prepare.js';
import { loadRecord, registrationRef, toView, type RegistrationView } from './view.js';

const STALE_SUFFIX = 'This is the last known status.';

/** Routes the vendor of a stored registration, whatever its status, for follow-up calls. */
async function routeStored(
  hub: HubContext,
  record: RegistrationRecord,
  requestId: string,
): Promise<RoutedVendor | undefined> {
  const vendor = await hub.vendors.getVendor(record.vendorId);
  return vendor ? routeVendor(hub, vendor, requestId) : undefined;
}

/**
 * Returns a registration's stored state. A booked registration is read back from the provider
 * with `getBooking`, and the stored receipt is updated. A booking the provider cancelled
 * becomes `cancelled`. A booking the provider no longer has, or that is now another
 * registration's, is `not_found`. When the read-back fails, the stored state is returned with
 * a warning that gives the reason.
 */
export async function getRegistration(
  hub: HubContext,
  input: { registrationId: string },
  requestId: string,
): Promise<RegistrationView> {
  const record = await loadRecord(hub, input.registrationId);
  if (record.state !== 'booked' || !record.receipt) return toView(hub, record);

  let routed: RoutedVendor | undefined;
  try {
    routed = await routeStored(hub, record, requestId);
  } catch (error) {
    return toView(hub, record, [`${toConnectorError(error).message} ${STALE_SUFFIX}`]);
  }
  if (!routed) {
    return toView(hub, record, [`The vendor is no longer connected to the hub. ${STALE_SUFFIX}`]);
  }

  const read = await readOwnBooking(hub, routed, record, requestId);
  if (read.kind === 'gone') throw bookingGoneError(routed);
  if (read.kind === 'unreadable') {
    hub.logger.warn(
      {
        requestId,
        vendorId: record.vendorId,
        registration: registrationRef(record.id),
        errorCode: read.error.code,
      },
      'Registration read-back failed',
    );
    return toView(hub, record, [`${read.error.message} ${STALE_SUFFIX}`]);
  }

  const receipt = read.receipt;
  if (canonicalJson(receipt) === canonicalJson(record.receipt)) return toView(hub, record);
  let updated = await hub.ledger.updateReceipt(record.id, receipt);
  if (receipt.status === 'cancelled') {
    updated = await hub.ledger.recordCancelled(record.id, {
      bookingId: receipt.bookingId,
      status: 'cancelled',
    });
  }
  return toView(hub, updated);
}

/**
 * Cancels a registration. A booked one is cancelled at the provider and the result stored; a
 * prepared or failed one releases its hold. Cancelling again returns the stored result.
 */
export async function cancelRegistration(
  hub: HubContext,
  input: { registrationId: string; reason?: string },
  requestId: string,
): Promise<RegistrationView> {
  const record = await loadRecord(hub, input.registrationId);
  if (record.state === 'cancelled') return toView(hub, record);
  if (record.state === 'booking') {
    throw new ConnectorError(
      'conflict',
      'The registration is being booked right now. Try the cancellation again in a minute.',
      {
        retryable: true,
      },
    );
  }
  hub.logger.info(
    { requestId, vendorId: record.vendorId, registration: registrationRef(record.id) },
    'Cancellation started',
  );
  const routed = await routeStored(hub, record, requestId);

  if (record.state !== 'booked' || !record.receipt) {
    if (routed && record.hold) await releaseHold(hub, routed, record.hold, requestId);
    return toView(hub, await hub.ledger.recordCancelled(record.id));
  }
  if (!routed) {
    throw new ConnectorError(
      'unsupported',
      'This vendor is no longer connected to the hub. Contact the vendor to cancel.',
    );
  }
  if (routed.capabilities.cancel === 'absent') {
    throw new ConnectorError(
      'unsupported',
      `${routed.vendor.displayName} does not allow cancelling through the hub. Contact them directly.`,
    );
  }
  return cancelBooking(hub, routed, record, input.reason, requestId);
}

/**
 * Cancels a registration's booking at the provider. The booking is first read back and must
 * be this registration's (see {@link readOwnBooking}); otherwise nothing is cancelled.
 */
async function cancelBooking(
  hub: HubContext,
  routed: RoutedVendor,
  record: RegistrationRecord,
  reason: string | undefined,
  requestId: string,
): Promise<RegistrationView> {
  const bookingId = record.receipt!.bookingId;
  const logFields = {
    requestId,
    vendorId: record.vendorId,
    registration: registrationRef(record.id),
  };
  // NOTE: a receipt without an externalReference cannot be checked, so its booking is
  // cancelled by id alone, as the connector returned it at booking time.
  if (record.receipt!.externalReference !== undefined) {
    const read = await readOwnBooking(hub, routed, record, requestId);
    if (read.kind === 'gone') throw bookingGoneError(routed);
    if (read.kind === 'unreadable') throw read.error;
    if (read.receipt.status === 'cancelled') {
      hub.logger.info(logFields, 'Booking was already cancelled at the provider');
      const cancelled = await hub.ledger.recordCancelled(record.id, {
        bookingId,
        status: 'cancelled',
      });
      return toView(hub, cancelled);
    }
  }

  const target = { bookingId, ...(reason ? { reason } : {}) };
  try {
    const result = await hub.router.call(routed, 'cancel', { requestId }, (connector, context) =>
      connector.cancel(context, target),
    );
    const cancelled = await hub.ledger.recordCancelled(record.id, result);
    hub.logger.info(logFields, 'Registration cancelled');
    return toView(hub, cancelled);
  } catch (error) {
    // A concurrent cancel may have finished first; then this one succeeded too.
    const current = await hub.ledger.getRegistration(record.id);
    if (current?.state === 'cancelled') return toView(hub, current);
    if (isConnectorError(error) && error.code === 'not_found') {
      logGone(hub, routed, record, requestId, 'not_found');
      throw bookingGoneError(routed);
    }
    throw error;
  }
}
