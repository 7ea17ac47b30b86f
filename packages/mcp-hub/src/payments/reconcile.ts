import { errorLogFields } from '../errors.js';
import { routeVendor } from '../hub-context.js';
import { newRequestId } from '../ids.js';
import type { RegistrationRecord } from '../ledger/types.js';
import { readOwnBooking } from '../registration/booking-identity.js';
import { storeReadBack } from '../registration/read-back.js';
import { registrationRef } from '../registration/view.js';
import type { PaymentHub } from './context.js';
import type { ReconcileFinding, ReconcileReport } from './gateway.js';
import { capturePayment, newPaymentAttempt, releasePayment } from './operations.js';
import { NO_REFUND_NOTES } from './refunds.js';
import { syncCheckout } from './intent-state.js';
import { captureAmount, registrationEnded, settleAction, waitsAfterBooking } from './settle.js';
import type { PaymentRecord, PaymentStatus } from './types.js';

/**
 * Payment statuses reconcile looks at. The others are final and agree with any booking.
 * NOTE: captured payments stay in this list for good, so a run reads every captured payment's
 * registration. A long-lived hub may want to limit runs with `vendorId`.
 */
const OPEN_STATUSES: readonly PaymentStatus[] = [
  'checkout_pending',
  'authorized',
  'owed',
  'captured',
  'failed',
];

interface Check {
  problem: string;
  action?: 'capture' | 'cancel_authorization' | 'expire_payment_link' | 'new_payment_link';
}

/**
 * Lists registrations whose booking and payment disagree, and with `fix` repairs the safe
 * cases: it captures fees of confirmed bookings and releases authorizations and links of
 * registrations that failed, lapsed or were cancelled. A captured payment of a cancelled
 * registration and an owed or unpaid fee are reported for an operator. The booking of an
 * authorized payment is read back first. A confirmation the hub has not seen is then
 * captured, and a cancellation it has not seen is released. A booking the provider no longer
 * has is reported without a repair.
 */
export async function reconcile(
  hub: PaymentHub,
  options: { fix?: boolean; vendorId?: string } = {},
): Promise<ReconcileReport> {
  const requestId = newRequestId();
  const payments = await hub.payments.store.list({
    status: OPEN_STATUSES,
    ...(options.vendorId ? { vendorId: options.vendorId } : {}),
  });
  const findings: ReconcileFinding[] = [];
  for (const payment of payments) {
    const finding = await reconcileOne(hub, payment, options.fix === true, requestId);
    if (finding) findings.push(finding);
  }
  hub.logger.info(
    {
      requestId,
      checked: payments.length,
      findings: findings.length,
      fixed: findings.filter((finding) => finding.fixed).length,
    },
    'Payments reconciled',
  );
  return { checked: payments.length, findings };
}

async function reconcileOne(
  hub: PaymentHub,
  payment: PaymentRecord,
  fix: boolean,
  requestId: string,
): Promise<ReconcileFinding | undefined> {
  const base = {
    registrationId: payment.registrationId,
    registration: registrationRef(payment.registrationId),
    vendorId: payment.vendorId,
  };
  let registration = await hub.ledger.getRegistration(payment.registrationId);
  if (!registration) return { ...base, problem: 'registration_missing', fixed: false };
  if (waitsAfterBooking(registration, payment)) {
    payment = await readPaymentLink(hub, payment, requestId);
  }
  if (payment.status === 'authorized') {
    const readBack = await readBackBooking(hub, registration, requestId);
    if (readBack.gone) return { ...base, problem: 'booking_not_found', fixed: false };
    registration = readBack.registration;
  }

  const check = checkPayment(registration, payment, hub.clock.now());
  if (!check) return undefined;
  if (!check.action) return { ...base, problem: check.problem, fixed: false };
  if (!fix) return { ...base, ...check, fixed: false };

  try {
    const after = await repair(hub, registration, payment, check.action, requestId);
    return { ...base, ...check, fixed: repaired(check.action, after) };
  } catch (error) {
    hub.logger.warn(
      {
        requestId,
        vendorId: payment.vendorId,
        registration: registrationRef(payment.registrationId),
        action: check.action,
        ...errorLogFields(error),
      },
      'Reconcile could not repair a payment',
    );
    return { ...base, ...check, fixed: false };
  }
}

/** Names what disagrees between a registration and its payment, and the safe repair if any. */
export function checkPayment(
  registration: RegistrationRecord,
  payment: PaymentRecord,
  now: Date,
): Check | undefined {
  const ended = registrationEnded(registration, now);
  const booked = registration.state === 'booked' && !ended;
  switch (payment.status) {
    case 'captured':
      return capturedProblem(registration, payment, ended);
    case 'failed':
      return booked ? { problem: 'fee_unpaid' } : undefined;
    case 'owed':
      if (ended) return { problem: 'link_open_after_cancellation', action: 'expire_payment_link' };
      return booked ? { problem: 'fee_owed' } : undefined;
    case 'checkout_pending':
      return ended
        ? { problem: 'link_open_after_cancellation', action: 'expire_payment_link' }
        : undefined;
    case 'authorized':
      return checkAuthorized(registration, payment, now);
    default:
      return undefined;
  }
}

/**
 * Returns the problem of a captured payment, if any. A captured success fee agrees with any
 * registration that was booked, because it is captured only after a confirmation. A captured
 * Connect payment of an ended registration must be refunded, unless the refund policy gave none.
 */
function capturedProblem(
  registration: RegistrationRecord,
  payment: PaymentRecord,
  ended: boolean,
): Check | undefined {
  if (payment.path === 'success_fee') {
    const neverBooked = registration.state === 'failed' || registration.state === 'prepared';
    return neverBooked ? { problem: 'captured_but_not_booked' } : undefined;
  }
  if (!ended) return undefined;
  const noRefundDue = Object.values(NO_REFUND_NOTES).includes(payment.lastError ?? '');
  return noRefundDue ? undefined : { problem: 'captured_but_cancelled' };
}

function checkAuthorized(
  registration: RegistrationRecord,
  payment: PaymentRecord,
  now: Date,
): Check | undefined {
  switch (settleAction(registration, payment, now)) {
    case 'capture':
      return { problem: 'confirmed_but_uncaptured', action: 'capture' };
    case 'reissue':
      return { problem: 'authorization_expired', action: 'new_payment_link' };
    case 'release': {
      const problem =
        registration.state === 'failed'
          ? 'authorized_but_booking_failed'
          : registration.state === 'prepared'
            ? 'authorized_but_registration_expired'
            : 'authorized_but_cancelled';
      return { problem, action: 'cancel_authorization' };
    }
    case 'none':
      return undefined;
  }
}

/**
 * Reads the link of a booked registration's unpaid payment from Stripe and records an
 * authorization the hub has not heard of by webhook. A failure keeps the stored status.
 */
async function readPaymentLink(
  hub: PaymentHub,
  payment: PaymentRecord,
  requestId: string,
): Promise<PaymentRecord> {
  try {
    return (await syncCheckout(hub, payment)).record;
  } catch (error) {
    hub.logger.warn(
      {
        requestId,
        vendorId: payment.vendorId,
        registration: registrationRef(payment.registrationId),
        ...errorLogFields(error),
      },
      'Reconcile could not read a payment link; its stored status is used',
    );
    return payment;
  }
}

/**
 * Reads a booked registration's booking back from the provider before its authorization is
 * settled, and stores a change: a confirmation is then captured, a cancellation released.
 * `gone` is true when the provider no longer has the booking. A failed read keeps the stored
 * state, as getRegistration does.
 */
async function readBackBooking(
  hub: PaymentHub,
  registration: RegistrationRecord,
  requestId: string,
): Promise<{ registration: RegistrationRecord; gone: boolean }> {
  const unchanged = { registration, gone: false };
  if (registration.state !== 'booked' || !registration.receipt) return unchanged;
  try {
    const vendor = await hub.vendors.getVendor(registration.vendorId);
    if (!vendor) return unchanged;
    const routed = routeVendor(hub, vendor, requestId);
    const read = await readOwnBooking(hub, routed, registration, requestId);
    if (read.kind === 'gone') return { registration, gone: true };
    if (read.kind === 'unreadable') return unchanged;
    return { registration: await storeReadBack(hub, registration, read.receipt), gone: false };
  } catch (error) {
    hub.logger.warn(
      {
        requestId,
        vendorId: registration.vendorId,
        registration: registrationRef(registration.id),
        ...errorLogFields(error),
      },
      'Reconcile could not read a booking back; its stored status is used',
    );
    return unchanged;
  }
}

async function repair(
  hub: PaymentHub,
  registration: RegistrationRecord,
  payment: PaymentRecord,
  action: NonNullable<Check['action']>,
  requestId: string,
): Promise<PaymentRecord> {
  switch (action) {
    case 'capture':
      return capturePayment(hub, payment, requestId, captureAmount(registration, payment));
    case 'cancel_authorization':
    case 'expire_payment_link':
      return releasePayment(hub, payment, requestId);
    case 'new_payment_link':
      return newPaymentAttempt(hub, payment, { status: 'owed', cancelOld: true, requestId });
  }
}

function repaired(action: NonNullable<Check['action']>, payment: PaymentRecord): boolean {
  switch (action) {
    case 'capture':
      return payment.status === 'captured';
    case 'cancel_authorization':
    case 'expire_payment_link':
      return payment.status === 'canceled';
    case 'new_payment_link':
      return payment.status === 'owed' && payment.checkoutUrl !== undefined;
  }
}
