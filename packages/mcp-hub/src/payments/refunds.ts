import { listUpcomingSessions } from '../catalog.js';
import { errorLogFields } from '../errors.js';
import type { HubContext } from '../hub-context.js';
import type { RegistrationRecord } from '../ledger/types.js';
import { registrationRef } from '../registration/view.js';
import type { RoutedVendor } from '../router/provider-router.js';
import type { ConnectSettings } from './config.js';
import { hasPayments, vendorPayments, type PaymentHub } from './context.js';
import { refundPayment } from './operations.js';
import { settlePayment } from './settle.js';
import type { PaymentRecord } from './types.js';

type RefundPolicy = ConnectSettings['refundPolicy'];

/** Notes stored on a cancelled registration's Connect payment that its policy does not refund. */
export const NO_REFUND_NOTES: Readonly<Record<Exclude<RefundPolicy, 'full'>, string>> = {
  none: 'The vendor handles refunds of this payment itself.',
  before_start: 'The session had started when the registration was cancelled, so no refund is due.',
};

/**
 * Settles the payment of a registration the family cancelled. An authorization or an unpaid
 * link is released. A captured Connect payment is refunded as the vendor's `refundPolicy`
 * sets: `full` always, `before_start` only while the session has not started, `none` never.
 * A captured success fee alone is kept, because the registration happened. Failures are
 * logged and reported by reconcile, since the cancellation itself stands.
 */
export async function settleCancelled(
  hub: HubContext,
  registration: RegistrationRecord,
  routed: RoutedVendor | undefined,
  requestId: string,
): Promise<void> {
  if (!hasPayments(hub)) return;
  const payment = await settlePayment(hub, registration, requestId);
  if (!payment || payment.status !== 'captured' || payment.path !== 'connect') return;

  const policy = (routed && vendorPayments(routed.vendor)?.connect?.refundPolicy) ?? 'full';
  const logFields = {
    requestId,
    vendorId: payment.vendorId,
    registration: registrationRef(payment.registrationId),
    refundPolicy: policy,
  };
  try {
    if (policy === 'full' || (await refundDue(hub, policy, registration, routed, requestId))) {
      await refundPayment(hub, payment, requestId);
    } else {
      hub.logger.info(logFields, 'Cancelled registration is not refunded under its policy');
      await noteNoRefund(hub, payment, policy);
    }
  } catch (error) {
    hub.logger.warn({ ...logFields, ...errorLogFields(error) }, 'Refund failed');
  }
}

async function refundDue(
  hub: PaymentHub,
  policy: Exclude<RefundPolicy, 'full'>,
  registration: RegistrationRecord,
  routed: RoutedVendor | undefined,
  requestId: string,
): Promise<boolean> {
  if (policy === 'none') return false;
  if (!routed) throw new Error('The vendor is not connected, so its sessions cannot be read.');
  // A session that is still listed as upcoming has not started yet.
  const sessions = await listUpcomingSessions(hub, routed, registration.programId, requestId);
  return sessions.some((session) => session.id === registration.sessionId);
}

async function noteNoRefund(
  hub: PaymentHub,
  payment: PaymentRecord,
  policy: Exclude<RefundPolicy, 'full'>,
): Promise<void> {
  await hub.payments.store.update(payment.registrationId, { lastError: NO_REFUND_NOTES[policy] });
}
