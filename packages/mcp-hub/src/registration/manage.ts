import { ConnectorError, isConnectorError, type BookingReceipt } from '@signupassist/contract';
import { canonicalJson } from '../ids.js';
import type { HubContext } from '../hub-context.js';
import type { RegistrationRecord } from '../ledger/types.js';
import type { RoutedVendor } from '../router/provider-router.js';
import { releaseHold } from './prepare.js';
import { loadRecord, registrationRef, toView, type RegistrationView } from './view.js';

const STALE_WARNING = 'The booking system could not be reached, so this is the last known status.';

/** Routes the vendor of a stored registration, whatever its status, for follow-up calls. */
async function routeStored(
  hub: HubContext,
  record: RegistrationRecord,
): Promise<RoutedVendor | undefined> {
  const vendor = await hub.vendors.getVendor(record.vendorId);
  return vendor ? hub.router.route(vendor) : undefined;
}

/**
 * Returns a registration's stored state. A booked registration is read back from the provider
 * with `getBooking`, and the stored receipt is updated. A booking the provider cancelled
 * becomes `cancelled`. When the read-back fails, the stored state is returned with a warning.
 */
export async function getRegistration(
  hub: HubContext,
  input: { registrationId: string },
  requestId: string,
): Promise<RegistrationView> {
  const record = await loadRecord(hub, input.registrationId);
  if (record.state !== 'booked' || !record.receipt) return toView(hub, record);

  let receipt: BookingReceipt;
  try {
    const routed = await routeStored(hub, record);
    if (!routed) return toView(hub, record, [STALE_WARNING]);
    const bookingId = record.receipt.bookingId;
    receipt = await hub.router.call(routed, 'getBooking', { requestId }, (connector, context) =>
      connector.getBooking(context, { bookingId }),
    );
  } catch (error) {
    hub.logger.warn(
      {
        requestId,
        vendorId: record.vendorId,
        registration: registrationRef(record.id),
        errorCode: isConnectorError(error) ? error.code : 'unknown',
      },
      'Registration read-back failed',
    );
    return toView(hub, record, [STALE_WARNING]);
  }

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
  const logFields = {
    requestId,
    vendorId: record.vendorId,
    registration: registrationRef(record.id),
  };
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
  hub.logger.info(logFields, 'Cancellation started');
  const routed = await routeStored(hub, record);

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

  const target = {
    bookingId: record.receipt.bookingId,
    ...(input.reason ? { reason: input.reason } : {}),
  };
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
    throw error;
  }
}
