import { ConnectorError, formatMoney } from '@signupassist/contract';
import type { HubContext } from '../hub-context.js';
import type { RegistrationRecord } from '../ledger/types.js';
import { openCheckout } from './checkout.js';
import { hasPayments, type PaymentHub } from './context.js';
import { syncCheckout } from './intent-state.js';
import { newPaymentAttempt } from './operations.js';
import { registrationEnded } from './settle.js';
import type { PaymentRecord } from './types.js';

/** Builds the retryable error that sends the family to the payment link before booking. */
function payFirstError(payment: PaymentRecord, vendorName: string): ConnectorError {
  const amount = formatMoney({
    amountMinor: payment.feeMinor + (payment.programFeeMinor ?? 0),
    currency: payment.currency,
  });
  const subject = payment.path === 'connect' ? 'The payment' : 'The SignupAssist fee';
  const link = payment.checkoutUrl
    ? `Open the payment link first: ${payment.checkoutUrl}`
    : 'The payment link is not ready yet; call get_registration in a minute for it';
  // The last failure, such as a declined card, is stored in words safe to show the family.
  const failure = payment.lastError ? ` ${payment.lastError}` : '';
  return new ConnectorError(
    'conflict',
    `${subject} of ${amount} is not authorized yet.${failure} ${link}. Then try ` +
      'confirm_registration again. ' +
      `The card is charged only after ${vendorName} confirms the registration.`,
    { retryable: true, vendorId: payment.vendorId },
  );
}

/**
 * Checks before booking that the registration's payment is authorized. The stored record is
 * updated by webhooks; when it still waits, the Checkout Session is read from Stripe in case
 * the webhook has not arrived. A link that can no longer be paid (expired unused, or an
 * authorization that lapsed) is replaced by a new one. Throws a retryable `conflict` with the
 * payment link while the family has not authorized, and a Stripe `ConnectorError` when Stripe
 * cannot be asked.
 */
export async function requireAuthorization(
  hub: HubContext,
  registration: RegistrationRecord,
  vendorName: string,
  requestId: string,
): Promise<void> {
  if (!hasPayments(hub)) return;
  // A registration that can no longer be booked fails at the claim with its own error.
  if (registrationEnded(registration, hub.clock.now())) return;
  let payment = await hub.payments.store.get(registration.id);
  if (!payment) return;

  payment = await currentAuthorization(hub, payment, requestId);
  if (payment.status === 'authorized' || payment.status === 'captured') return;
  throw payFirstError(payment, vendorName);
}

async function currentAuthorization(
  hub: PaymentHub,
  payment: PaymentRecord,
  requestId: string,
): Promise<PaymentRecord> {
  const now = hub.clock.now().getTime();
  switch (payment.status) {
    case 'authorized': {
      const lapsed = (payment.authorizationExpiresAt?.getTime() ?? Infinity) <= now;
      if (!lapsed) return payment;
      return newPaymentAttempt(hub, payment, { status: 'owed', cancelOld: true, requestId });
    }
    case 'checkout_pending':
    case 'owed': {
      // Without a link yet, a Stripe failure to create one is reported to the family.
      const linked = payment.checkoutUrl ? payment : await openCheckout(hub, payment, requestId);
      const { record, expired } = await syncCheckout(hub, linked);
      if (!expired || (record.status !== 'canceled' && record.status !== 'owed')) return record;
      // The link expired unused: an owed fee stays owed, a first payment starts again.
      return newPaymentAttempt(hub, record, {
        status: record.status === 'owed' ? 'owed' : 'checkout_pending',
        cancelOld: false,
        requestId,
      });
    }
    case 'canceled':
    case 'failed':
      return newPaymentAttempt(hub, payment, {
        status: 'checkout_pending',
        cancelOld: false,
        requestId,
      });
    default:
      return payment;
  }
}
