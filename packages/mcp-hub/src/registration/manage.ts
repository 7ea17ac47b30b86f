import { ConnectorError, isConnectorError } from '@signupassist/contract';
import { toConnectorError } from '../errors.js';
import { routeVendor, type HubContext } from '../hub-context.js';
import type { RegistrationRecord } from '../ledger/types.js';
import { hasPayments } from '../payments/context.js';
import { settleCancelled } from '../payments/refunds.js';
import { settlePayment } from '../payments/settle.js';
import { loadPaymentView } from '../payments/view.js';
import type { RoutedVendor } from '../router/provider-router.js';
import { bookingGoneError, logGone, readOwnBooking } from './booking-identity.js';
import { mayHaveBooked, unknownOutcomeExpired } from './confirm.js';
import { releaseHold } from './prepare.js';
import { storeReadBack } from './read-back.js';
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

/** A registration as read for get_registration, with notes on a stale status. */
interface ReadRegistration {
  record: RegistrationRecord;
  warnings: string[];
}

/**
 * Returns a registration's stored state. A booked registration is read back from the provider
 * with `getBooking`, and the stored receipt is updated. A booking the provider cancelled
 * becomes `cancelled`. A booking the provider no longer has, or that is now another
 * registration's, is `not_found`. When the read-back fails, the stored state is returned with
 * a warning that gives the reason. The registration's payment is then brought in line with
 * it, so a booking the provider has confirmed since has its fee captured, unless
 * `settlePayment` is false.
 */
export async function getRegistration(
  hub: HubContext,
  input: { registrationId: string },
  requestId: string,
  options: { settlePayment?: boolean } = {},
): Promise<RegistrationView> {
  const { record, warnings } = await readRegistration(hub, input.registrationId, requestId);
  if (options.settlePayment !== false) await settlePayment(hub, record, requestId);
  return toView(hub, record, warnings);
}

async function readRegistration(
  hub: HubContext,
  registrationId: string,
  requestId: string,
): Promise<ReadRegistration> {
  const record = await loadRecord(hub, registrationId);
  if (record.state !== 'booked' || !record.receipt) return { record, warnings: [] };
  const stale = (warning: string): ReadRegistration => ({ record, warnings: [warning] });

  let routed: RoutedVendor | undefined;
  try {
    routed = await routeStored(hub, record, requestId);
  } catch (error) {
    return stale(`${toConnectorError(error).message} ${STALE_SUFFIX}`);
  }
  if (!routed) return stale(`The vendor is no longer connected to the hub. ${STALE_SUFFIX}`);
  const slot = hub.refreshLimiter.take(record.vendorId);
  if (!slot.allowed) {
    const seconds = Math.max(1, Math.ceil(slot.retryAfterMs / 1000));
    return stale(
      `${routed.vendor.displayName} was asked for many updates just now, so this is the last ` +
        `known status. Check again in ${seconds === 1 ? '1 second' : `${seconds} seconds`}.`,
    );
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
    return stale(`${read.error.message} ${STALE_SUFFIX}`);
  }
  return { record: await storeReadBack(hub, record, read.receipt), warnings: [] };
}

/**
 * Max decisions of one cancel. A row read as `prepared` can meanwhile only be claimed or
 * cancelled, and any later state either ends the cancel or can change only to `cancelled`.
 */
const CANCEL_DECISIONS = 3;

/**
 * Cancels a registration. A booked one is cancelled at the provider and the result stored. A
 * prepared one, or one that failed for good, is marked cancelled and then releases its hold.
 * Each ledger write is conditional on the state this call read. When the row moved on
 * meanwhile, because a confirm claimed or booked it, the decision is taken again on the new
 * state. A row being booked, or failed without a known outcome, is a retryable `conflict`,
 * because a booking may exist or appear at the provider. Cancelling again returns the stored
 * result. The payment is settled after the cancellation (see `settleCancelled`); a repeated
 * cancel retries a payment step that failed.
 */
export async function cancelRegistration(
  hub: HubContext,
  input: { registrationId: string; reason?: string },
  requestId: string,
): Promise<RegistrationView> {
  const view = await cancelInLedger(hub, input, requestId);
  if (!hasPayments(hub) || view.state !== 'cancelled') return view;

  const record = await loadRecord(hub, input.registrationId);
  let routed: RoutedVendor | undefined;
  try {
    routed = await routeStored(hub, record, requestId);
  } catch {
    // routeVendor logged it; without the vendor a refund policy of `before_start` waits.
  }
  await settleCancelled(hub, record, routed, requestId);
  const payment = await loadPaymentView(hub, record.id);
  return payment ? { ...view, payment } : view;
}

async function cancelInLedger(
  hub: HubContext,
  input: { registrationId: string; reason?: string },
  requestId: string,
): Promise<RegistrationView> {
  let record = await loadRecord(hub, input.registrationId);
  if (record.state === 'cancelled') return toView(hub, record);
  hub.logger.info(
    { requestId, vendorId: record.vendorId, registration: registrationRef(record.id) },
    'Cancellation started',
  );
  const routed = await routeStored(hub, record, requestId);

  for (let decision = 0; decision < CANCEL_DECISIONS; decision += 1) {
    if (record.state === 'cancelled') return toView(hub, record);
    checkCancellable(hub, record, routed);
    if (record.state === 'booked' && record.receipt) {
      return cancelBookedRegistration(hub, routed, record, input.reason, requestId);
    }

    const outcome = await hub.ledger.recordCancelled(record.id, record.state);
    if (outcome.cancelled) {
      if (routed && record.hold) await releaseHold(hub, routed, record.hold, requestId);
      return toView(hub, outcome.record);
    }
    hub.logger.info(
      {
        requestId,
        vendorId: record.vendorId,
        registration: registrationRef(record.id),
        readState: record.state,
        currentState: outcome.record.state,
      },
      'Registration changed during cancellation; deciding again',
    );
    record = outcome.record;
  }
  throw new ConnectorError(
    'conflict',
    'The registration kept changing while it was being cancelled. Try the cancellation again.',
    { retryable: true },
  );
}

/**
 * Throws a retryable `conflict` for a row that cannot be cancelled yet: one being booked, and
 * one whose last booking attempt failed without a known outcome, since the provider may have
 * made that booking. A confirm finds such a booking through the connector's idempotency, and
 * the booked registration can then be cancelled.
 */
function checkCancellable(
  hub: HubContext,
  record: RegistrationRecord,
  routed: RoutedVendor | undefined,
): void {
  if (record.state === 'booking') {
    throw new ConnectorError(
      'conflict',
      'The registration is being booked right now, so it cannot be cancelled yet. Try the ' +
        'cancellation again shortly.',
      { retryable: true },
    );
  }
  if (!mayHaveBooked(record)) return;

  const vendor = routed?.vendor.displayName ?? 'the vendor';
  const expired = unknownOutcomeExpired(hub, record, vendor);
  if (expired) throw expired;
  const waitMs = (record.retryNotBefore?.getTime() ?? 0) - hub.clock.now().getTime();
  throw new ConnectorError(
    'conflict',
    `The outcome of the last booking attempt is not known yet, so ${vendor} may have made ` +
      'the booking. Call confirm_registration to find out. It returns an existing booking ' +
      'without booking twice, and books only if there is none. Then cancel the booked ' +
      'registration.',
    { retryable: true, ...(waitMs > 0 ? { retryAfterMs: waitMs } : {}) },
  );
}

/** Cancels a booked registration at the provider, when the vendor still allows it. */
function cancelBookedRegistration(
  hub: HubContext,
  routed: RoutedVendor | undefined,
  record: RegistrationRecord,
  reason: string | undefined,
  requestId: string,
): Promise<RegistrationView> {
  if (!routed) {
    throw new ConnectorError(
      'unsupported',
      'This vendor is no longer connected to the hub. Contact the vendor to cancel.',
    );
  }
  // A connector that cannot cancel at its provider still implements cancel, raising an
  // `unsupported` error that names where the family cancels instead. Only a vendor's own
  // narrowing stops here.
  if (routed.capabilities.cancel === 'absent' && routed.manifest.capabilities.cancel !== 'absent') {
    throw new ConnectorError(
      'unsupported',
      `${routed.vendor.displayName} does not allow cancelling through the hub. Contact them directly.`,
    );
  }
  return cancelBooking(hub, routed, record, reason, requestId);
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
      const outcome = await hub.ledger.recordCancelled(record.id, 'booked', {
        bookingId,
        status: 'cancelled',
      });
      return toView(hub, outcome.record);
    }
  }

  const target = { bookingId, ...(reason ? { reason } : {}) };
  try {
    const result = await hub.router.call(routed, 'cancel', { requestId }, (connector, context) =>
      connector.cancel(context, target),
    );
    // A booked row leaves `booked` only by a cancel, so when this write finds it moved on, a
    // concurrent cancel stored its result first and that result is returned.
    const outcome = await hub.ledger.recordCancelled(record.id, 'booked', result);
    hub.logger.info(logFields, 'Registration cancelled');
    return toView(hub, outcome.record);
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
