import type { CapabilityMatrix, RegistrationPayment } from '@signupassist/contract';
import type { HubContext } from '../hub-context.js';
import type { RegistrationRecord } from '../ledger/types.js';
import { registrationRef } from '../registration/view.js';
import { hasPayments } from './context.js';

// NOTE: the payment is recorded with the booking before the hub captures it. When the
// authorization lapses before a pending booking is confirmed, the provider shows a payment
// until the family pays the new link.
/**
 * Returns the `payment` of a booking request: the program fee a Connect registration has
 * authorized, referenced by the registration's short hash, which the hub's logs also show.
 * The registration id is a secret token, so it is never the reference. Returns `undefined` for
 * a registration without an authorized Connect payment, and for a connector without
 * `connectPayments`, because a connector built for contract 1.0 rejects the unknown field.
 */
export async function providerPayment(
  hub: HubContext,
  registration: RegistrationRecord,
  capabilities: CapabilityMatrix,
): Promise<RegistrationPayment | undefined> {
  if (!hasPayments(hub) || capabilities.connectPayments === 'absent') return undefined;
  const payment = await hub.payments.store.get(registration.id);
  if (payment?.path !== 'connect' || !payment.programFeeMinor) return undefined;
  if (payment.status !== 'authorized' && payment.status !== 'captured') return undefined;
  return {
    amount: { amountMinor: payment.programFeeMinor, currency: payment.currency },
    reference: registrationRef(registration.id),
  };
}

/**
 * Logs a warning when the amount the provider records as paid differs from the program fee the
 * hub captures: the fee sent, or the booked total when that is lower. The vendor then has to
 * correct the provider's record.
 */
export function checkRecordedPayment(
  hub: HubContext,
  booked: RegistrationRecord,
  sent: RegistrationPayment,
  logFields: Record<string, unknown>,
): void {
  const price = booked.receipt?.price;
  if (!price) return;
  const lowerTotal =
    price.total.currency === sent.amount.currency &&
    price.total.amountMinor < sent.amount.amountMinor;
  const capturedMinor = lowerTotal ? price.total.amountMinor : sent.amount.amountMinor;
  const paid = price.paid;
  if (paid?.currency === sent.amount.currency && paid.amountMinor === capturedMinor) return;
  hub.logger.warn(
    {
      ...logFields,
      bookingId: booked.receipt?.bookingId,
      programFeeCaptured: { amountMinor: capturedMinor, currency: sent.amount.currency },
      ...(paid ? { paidAtProvider: paid } : {}),
    },
    'The provider records a paid amount other than the program fee the hub captures',
  );
}
