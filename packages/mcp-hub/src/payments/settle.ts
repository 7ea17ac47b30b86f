import { errorLogFields } from '../errors.js';
import type { HubContext } from '../hub-context.js';
import type { RegistrationRecord } from '../ledger/types.js';
import { mayHaveBooked, UNKNOWN_OUTCOME_RETRY_WINDOW_MS } from '../registration/confirm.js';
import { registrationRef } from '../registration/view.js';
import { ensureCheckout } from './checkout.js';
import { hasPayments, type PaymentHub } from './context.js';
import { syncCheckout } from './intent-state.js';
import { capturePayment, newPaymentAttempt, releasePayment } from './operations.js';
import type { PaymentRecord } from './types.js';

/** Step a payment needs given its registration's state. */
export type SettleAction = 'capture' | 'release' | 'reissue' | 'none';

/**
 * Checks whether a registration can no longer become a booking through the hub. That is the
 * case when it is cancelled (by the family or the provider), failed for good, prepared and past
 * its expiry (a confirm would fail with `hold_expired`), or failed with an unknown outcome
 * longer ago than a confirm may retry it. In the last case the provider may hold a booking, but the hub can never learn
 * that it was confirmed, so no fee becomes due.
 */
export function registrationEnded(registration: RegistrationRecord, now: Date): boolean {
  switch (registration.state) {
    case 'cancelled':
      return true;
    case 'failed':
      if (registration.error !== undefined && !registration.error.retryable) return true;
      return (
        mayHaveBooked(registration) &&
        now.getTime() - registration.createdAt.getTime() > UNKNOWN_OUTCOME_RETRY_WINDOW_MS
      );
    case 'booked':
      return registration.receipt?.status === 'cancelled';
    case 'prepared':
      return registration.expiresAt.getTime() <= now.getTime();
    case 'booking':
      return false;
  }
}

/**
 * Decides what a payment needs: capture once the provider confirmed the booking, release
 * when the registration ended, a new link when the authorization lapsed first, or nothing
 * while the booking is pending, waitlisted, handed off or being made.
 */
export function settleAction(
  registration: RegistrationRecord,
  payment: PaymentRecord,
  now: Date,
): SettleAction {
  if (registration.state === 'booking') return 'none';
  const ended = registrationEnded(registration, now);
  if (payment.status === 'checkout_pending' || payment.status === 'owed') {
    return ended ? 'release' : 'none';
  }
  if (payment.status !== 'authorized') return 'none';
  if (ended) return 'release';
  const expiresAt = payment.authorizationExpiresAt;
  if (expiresAt && expiresAt.getTime() <= now.getTime()) return 'reissue';
  const confirmed = registration.state === 'booked' && registration.receipt?.status === 'confirmed';
  return confirmed ? 'capture' : 'none';
}

/**
 * Returns how much of a Connect payment to capture when the provider booked a lower total
 * than the family authorized: the booked total plus the fee, so the family pays no more than
 * the booking. Returns `undefined` (capture everything) otherwise.
 */
export function captureAmount(
  registration: RegistrationRecord,
  payment: PaymentRecord,
): number | undefined {
  const booked = registration.receipt?.price.total;
  if (payment.path !== 'connect' || payment.programFeeMinor === undefined || !booked) {
    return undefined;
  }
  if (booked.currency !== payment.currency || booked.amountMinor >= payment.programFeeMinor) {
    // NOTE: a higher booked total is not charged through the hub. The family gets the price
    // change warning and settles the difference with the vendor.
    return undefined;
  }
  return booked.amountMinor + payment.feeMinor;
}

/**
 * Brings a registration's payment in line with its booking: captures after the provider
 * confirmed, releases after a failure or cancellation, and issues a new link for a lapsed
 * authorization. A waiting payment without a link gets one. Stripe failures are logged and
 * left for the next refresh, webhook or reconcile, because the booking is valid either way.
 * Returns the payment as it is afterwards, or `undefined` when the registration has none.
 */
export async function settlePayment(
  hub: HubContext,
  registration: RegistrationRecord,
  requestId?: string,
): Promise<PaymentRecord | undefined> {
  if (!hasPayments(hub)) return undefined;
  const payment = await hub.payments.store.get(registration.id);
  if (!payment) return undefined;
  try {
    return await applyAction(hub, registration, payment, requestId);
  } catch (error) {
    hub.logger.warn(
      {
        ...(requestId ? { requestId } : {}),
        vendorId: payment.vendorId,
        registration: registrationRef(payment.registrationId),
        paymentStatus: payment.status,
        ...errorLogFields(error),
      },
      'Payment step failed; it is tried again on the next refresh or reconcile',
    );
    return hub.payments.store.get(registration.id);
  }
}

async function applyAction(
  hub: PaymentHub,
  registration: RegistrationRecord,
  payment: PaymentRecord,
  requestId: string | undefined,
): Promise<PaymentRecord> {
  const now = hub.clock.now();
  switch (settleAction(registration, payment, now)) {
    case 'capture':
      return capturePayment(hub, payment, requestId, captureAmount(registration, payment));
    case 'release':
      return releasePayment(hub, payment, requestId);
    case 'reissue':
      return newPaymentAttempt(hub, payment, { status: 'owed', cancelOld: true, requestId });
    case 'none':
      if (registrationEnded(registration, now)) return payment;
      if (waitsAfterBooking(registration, payment)) {
        const { record } = await syncCheckout(hub, payment);
        // A new authorization is settled like any other: captured once confirmed.
        if (record.status === 'authorized')
          return applyAction(hub, registration, record, requestId);
        return record;
      }
      return ensureCheckout(hub, payment, requestId);
  }
}

/**
 * Checks whether a booked registration's payment waits on a link the family may have paid
 * since, as after a lapsed authorization. No confirm reads that link from Stripe, so a lost
 * webhook would otherwise leave the fee owed while its authorization lapses again unused.
 */
export function waitsAfterBooking(
  registration: RegistrationRecord,
  payment: PaymentRecord,
): boolean {
  const waiting = payment.status === 'checkout_pending' || payment.status === 'owed';
  return registration.state === 'booked' && waiting && payment.checkoutSessionId !== undefined;
}
