import {
  ConnectorError,
  type Answers,
  type BookingReceipt,
  type ParticipantAnswersSchema,
  type RegistrationRequest,
} from '@signupassist/contract';
import type { z } from 'zod';
import { toConnectorError } from '../errors.js';
import { liveVendor, type HubContext } from '../hub-context.js';
import { canonicalJson } from '../ids.js';
import type { RegistrationRecord, StoredError } from '../ledger/types.js';
import { requireAuthorization } from '../payments/authorization.js';
import { checkRecordedPayment, providerPayment } from '../payments/provider-record.js';
import { settlePayment } from '../payments/settle.js';
import { delay } from '../router/abort.js';
import { getRegistration } from './manage.js';
import type { RoutedVendor } from '../router/provider-router.js';
import {
  loadRecord,
  priceChangeWarning,
  registrationRef,
  toView,
  type RegistrationView,
} from './view.js';

/** Input of {@link confirmRegistration}. */
export interface ConfirmRegistrationInput {
  registrationId: string;
  /** Answers sent again by the client; they must equal the prepared ones. */
  guardian?: Answers;
  participants?: z.infer<typeof ParticipantAnswersSchema>[];
  booking?: Answers;
}

/** Codes after which the same booking may be tried again with the same idempotency key. */
const RETRY_CODES = new Set(['timeout', 'provider_unavailable', 'outcome_unknown', 'rate_limited']);

/**
 * Codes after which the provider may still be processing the booking request. A retry waits
 * `unknownOutcomeRetryDelayMs`, because a connector's lookup before posting again cannot see a
 * booking the provider has not saved yet.
 */
const UNKNOWN_OUTCOME_CODES = new Set(['timeout', 'outcome_unknown']);

/**
 * Codes after which the provider may hold a booking. `rate_limited` is not one: the provider
 * rejected the request before acting on it.
 */
const MAY_HAVE_BOOKED_CODES = new Set(['timeout', 'outcome_unknown', 'provider_unavailable']);

/**
 * How long after preparing a registration a failed booking with an unknown outcome may be
 * retried. A retry relies on the connector finding the first attempt's booking before posting
 * again, and connectors search a limited past (Bookeo: bookings changed in the last 3 days), so
 * a later retry could book twice.
 */
export const UNKNOWN_OUTCOME_RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Checks whether the provider may hold a booking for a failed registration. */
export function mayHaveBooked(record: RegistrationRecord): boolean {
  return (
    record.state === 'failed' &&
    record.error !== undefined &&
    MAY_HAVE_BOOKED_CODES.has(record.error.code)
  );
}

/**
 * Returns the error for a registration whose booking outcome stayed unknown past the retry
 * window: only the vendor can tell whether the family is registered.
 */
export function unknownOutcomeExpired(
  hub: HubContext,
  record: RegistrationRecord,
  vendorName: string,
): ConnectorError | undefined {
  if (!mayHaveBooked(record)) return undefined;
  const age = hub.clock.now().getTime() - record.createdAt.getTime();
  if (age <= UNKNOWN_OUTCOME_RETRY_WINDOW_MS) return undefined;
  return new ConnectorError(
    'outcome_unknown',
    `It is not known whether ${vendorName} recorded this booking, and it is too late to check ` +
      `automatically. Contact ${vendorName} to confirm or cancel it before registering again.`,
    { retryable: false, vendorId: record.vendorId },
  );
}

function storedErrorOf(error: ConnectorError): StoredError {
  return {
    code: error.code,
    message: error.message,
    retryable: error.retryable || RETRY_CODES.has(error.code),
  };
}

function errorFromStored(
  stored: StoredError,
  vendorId: string,
  retryAfterMs?: number,
): ConnectorError {
  return new ConnectorError(stored.code, stored.message, {
    retryable: stored.retryable,
    vendorId,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/** Returns how long a `failed` row must still wait before a retry, or 0 when it may retry now. */
function retryWaitMs(hub: HubContext, record: RegistrationRecord): number {
  if (record.state !== 'failed' || !record.retryNotBefore) return 0;
  return Math.max(0, record.retryNotBefore.getTime() - hub.clock.now().getTime());
}

/** Builds the retryable `conflict` of a booking whose outcome is still unknown. */
function retryDelayError(record: RegistrationRecord, waitMs: number): ConnectorError {
  const seconds = Math.ceil(waitMs / 1000);
  const wait = seconds === 1 ? '1 second' : `${seconds} seconds`;
  return new ConnectorError(
    'conflict',
    'The booking system has not confirmed whether the last booking attempt went through, ' +
      `and it may still be processing it. Call confirm_registration again in ${wait}. It ` +
      'will not book twice.',
    { retryable: true, retryAfterMs: waitMs, vendorId: record.vendorId },
  );
}

function checkResentAnswers(record: RegistrationRecord, input: ConfirmRegistrationInput): void {
  const differs = (sent: unknown, stored: unknown) =>
    sent !== undefined && canonicalJson(sent) !== canonicalJson(stored);
  const booking =
    input.booking && Object.keys(input.booking).length === 0 ? undefined : input.booking;
  if (
    differs(input.guardian, record.request.guardian) ||
    differs(input.participants, record.request.participants) ||
    (input.booking !== undefined &&
      canonicalJson(booking ?? {}) !== canonicalJson(record.request.booking ?? {}))
  ) {
    throw new ConnectorError('idempotency_mismatch', mismatchMessage(record));
  }
}

/**
 * Explains answers that differ from the stored ones. Once a booking exists or is being made,
 * preparing again would book a second time, so the family is told to cancel first.
 */
function mismatchMessage(record: RegistrationRecord): string {
  if (record.state === 'booked' || record.state === 'booking') {
    const status = record.state === 'booked' ? 'already booked' : 'being booked now';
    return (
      `These answers differ from the registration, which is ${status} with the original ` +
      'answers. To change them, cancel it with cancel_registration first, then prepare a new one.'
    );
  }
  return 'These answers differ from the prepared registration. Call prepare_registration again with the new answers.';
}

/**
 * Books a prepared registration exactly once. The booking claim is taken in the ledger, so
 * concurrent confirms (in this process or others sharing the database) book once: the
 * claimer calls the connector and the others wait for its outcome and return the same
 * receipt. A failure is stored; a retryable one leaves the row claimable, and the retry uses
 * the same idempotency key so the connector cannot book twice. After an unknown outcome the
 * provider may still be saving the first booking, so a retry within `unknownOutcomeRetryDelayMs`
 * is a retryable `conflict` with `retryAfterMs` instead.
 */
export async function confirmRegistration(
  hub: HubContext,
  input: ConfirmRegistrationInput,
  requestId: string,
): Promise<RegistrationView> {
  let record = await loadRecord(hub, input.registrationId, { confirming: true });
  checkResentAnswers(record, input);
  const deadline = Date.now() + hub.timings.confirmWaitMs;
  let waited = false;

  // A registration booked before this call is read back, so a repeated confirm never reports
  // a booking the provider no longer has. One booked while this call waited is returned as is.
  // Its payment is left to the confirm that booked it, and to get_registration and reconcile,
  // so concurrent repeats do not send Stripe the same capture again.
  if (record.state === 'booked') {
    return getRegistration(hub, input, requestId, { settlePayment: false });
  }

  for (;;) {
    if (record.state === 'booked') return toView(hub, record);
    const waitMs = retryWaitMs(hub, record);
    if (waitMs > 0 && record.error?.retryable) throw retryDelayError(record, waitMs);
    checkConfirmable(record, waited);

    const routed = await liveVendor(hub, record.vendorId, requestId);
    const expired = unknownOutcomeExpired(hub, record, routed.vendor.displayName);
    if (expired) throw expired;
    if (record.state !== 'booking') {
      await requireAuthorization(hub, record, routed.vendor.displayName, requestId);
    }
    const claim = await hub.ledger.claimBooking(record.id);
    if (claim.claimed) return bookClaimed(hub, routed, claim.record, claim.claimId, requestId);
    if (!claim.record) throw new ConnectorError('not_found', 'The registration no longer exists.');

    // Another request owns the claim, so wait for its outcome by reading, not by claiming.
    record = await waitForOutcome(hub, claim.record, deadline);
    waited = true;
  }
}

/**
 * Throws the stored outcome of a registration that cannot be booked now: cancelled, failed
 * for good, or failed while this request waited for another one's attempt. In the last case
 * the error is returned instead of retrying, so that waiting requests do not all retry.
 */
function checkConfirmable(record: RegistrationRecord, waited: boolean): void {
  if (record.state === 'cancelled') {
    throw new ConnectorError(
      'conflict',
      'This registration was cancelled. Prepare a new one to register again.',
    );
  }
  if (record.state === 'failed' && record.error && (!record.error.retryable || waited)) {
    throw errorFromStored(record.error, record.vendorId);
  }
}

/** Polls the ledger until the row leaves `booking`, or throws a retryable `conflict` at the deadline. */
async function waitForOutcome(
  hub: HubContext,
  record: RegistrationRecord,
  deadline: number,
): Promise<RegistrationRecord> {
  let current = record;
  while (current.state === 'booking') {
    if (Date.now() >= deadline) {
      throw new ConnectorError(
        'conflict',
        'The booking is still in progress. Check again in a minute with get_registration.',
        { retryable: true },
      );
    }
    await delay(hub.timings.confirmPollMs);
    current = await loadRecord(hub, current.id);
  }
  return current;
}

async function bookClaimed(
  hub: HubContext,
  routed: RoutedVendor,
  record: RegistrationRecord,
  claimId: string,
  requestId: string,
): Promise<RegistrationView> {
  const logFields = {
    requestId,
    vendorId: record.vendorId,
    connectorId: record.connectorId,
    registration: registrationRef(record.id),
  };
  if (record.attempts > 1) {
    hub.logger.info({ ...logFields, attempt: record.attempts }, 'Booking retried');
  } else {
    hub.logger.info(logFields, 'Booking started');
  }

  // Only a first attempt may be refused for expiry: after a lost outcome or a crashed claimer
  // the booking may exist, and only the connector's idempotency lookup can tell.
  const expired = record.attempts === 1 ? checkExpiry(record, hub.clock.now()) : undefined;
  if (expired) {
    const failed = await hub.ledger.recordFailed(record.id, claimId, storedErrorOf(expired));
    await settlePayment(hub, failed, requestId);
    throw expired;
  }

  // A program fee paid through Connect goes with the booking, so the provider records it.
  const payment = await providerPayment(hub, record, routed.capabilities);
  const request: RegistrationRequest = {
    ...record.request,
    idempotencyKey: record.idempotencyKey,
    ...(record.hold ? { holdId: record.hold.id } : {}),
    ...(payment ? { payment } : {}),
  };
  let receipt: BookingReceipt;
  try {
    receipt = await hub.router.call(
      routed,
      'book',
      { requestId, timeoutCode: 'outcome_unknown' },
      (connector, context) => connector.book(context, request),
    );
  } catch (error) {
    const converted = toConnectorError(error, 'outcome_unknown');
    // The connector's text suggests placing a new hold, which the family does by preparing again.
    const stored = storedErrorOf(
      converted.code === 'hold_expired' ? expiredError(record) : converted,
    );
    const delayMs = UNKNOWN_OUTCOME_CODES.has(stored.code)
      ? hub.timings.unknownOutcomeRetryDelayMs
      : undefined;
    const retryNotBefore =
      delayMs === undefined ? undefined : new Date(hub.clock.now().getTime() + delayMs);
    const failed = await hub.ledger.recordFailed(record.id, claimId, stored, retryNotBefore);
    // A failure for good releases the authorization; a retryable one keeps it for the retry.
    await settlePayment(hub, failed, requestId);
    hub.logger.warn(
      { ...logFields, errorCode: stored.code, retryable: stored.retryable, retryDelayMs: delayMs },
      'Booking failed',
    );
    throw errorFromStored(stored, record.vendorId, delayMs);
  }

  const booked = await hub.ledger.recordBooked(record.id, claimId, receipt);
  hub.logger.info({ ...logFields, bookingStatus: booked.receipt?.status }, 'Booking stored');
  logPriceChange(hub, booked, logFields);
  if (payment) checkRecordedPayment(hub, booked, payment, logFields);
  // The fee is captured only on `confirmed`. Pending and hand-off bookings keep the
  // authorization until a refresh, webhook or reconcile finds the confirmation.
  await settlePayment(hub, booked, requestId);
  return toView(hub, booked);
}

/** Logs a booked total that differs from the quote the family agreed to. */
function logPriceChange(
  hub: HubContext,
  record: RegistrationRecord,
  logFields: Record<string, unknown>,
): void {
  if (priceChangeWarning(record) === undefined) return;
  hub.logger.warn(
    {
      ...logFields,
      bookingId: record.receipt?.bookingId,
      quotedTotal: record.quote?.total,
      bookedTotal: record.receipt?.price.total,
    },
    'Booked total differs from the quote',
  );
}

/** Returns `hold_expired` when the hold, or a hold-less prepared registration, has lapsed. */
function checkExpiry(record: RegistrationRecord, now: Date): ConnectorError | undefined {
  return record.expiresAt.getTime() > now.getTime() ? undefined : expiredError(record);
}

/** Builds the `hold_expired` error of a registration, telling the family to prepare again. */
function expiredError(record: RegistrationRecord): ConnectorError {
  const message = record.hold
    ? 'The seats held for this registration were released because the hold expired. Prepare the registration again.'
    : 'This prepared registration expired before it was confirmed. Prepare it again for a current price and seats.';
  return new ConnectorError('hold_expired', message, { vendorId: record.vendorId });
}
