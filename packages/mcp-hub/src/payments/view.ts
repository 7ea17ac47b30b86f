import type { Money } from '@signupassist/contract';
import type { HubContext } from '../hub-context.js';
import type { PaymentPath, PaymentRecord, PaymentStatus } from './types.js';

/** A registration's payment as the hub reports it to the family. */
export interface PaymentView {
  path: PaymentPath;
  status: PaymentStatus;
  /** SignupAssist's success fee; absent when the payment carries none. */
  successFee?: Money;
  /** The program fee taken through Stripe Connect. */
  programFee?: Money;
  /** Stripe-hosted page where the family authorizes the payment, while it waits for them. */
  checkoutUrl?: string;
  /** When the card authorization lapses, as ISO 8601. */
  authorizationExpiresAt?: string;
  /** Amount refunded after a cancellation. */
  refunded?: Money;
  /** Plain note on the last step, such as a declined card. */
  note?: string;
}

/** Converts a payment record to its view; Stripe ids and attempts stay in the store. */
export function paymentView(payment: PaymentRecord): PaymentView {
  const money = (amountMinor: number): Money => ({ amountMinor, currency: payment.currency });
  const view: PaymentView = { path: payment.path, status: payment.status };
  if (payment.feeMinor > 0) view.successFee = money(payment.feeMinor);
  if (payment.programFeeMinor !== undefined) view.programFee = money(payment.programFeeMinor);
  const waiting = payment.status === 'checkout_pending' || payment.status === 'owed';
  if (waiting && payment.checkoutUrl) view.checkoutUrl = payment.checkoutUrl;
  if (payment.status === 'authorized' && payment.authorizationExpiresAt) {
    view.authorizationExpiresAt = payment.authorizationExpiresAt.toISOString();
  }
  if (payment.refundedMinor !== undefined) view.refunded = money(payment.refundedMinor);
  if (payment.lastError) {
    view.note = payment.lastError;
  } else if (payment.status === 'canceled' && payment.authorizedAt === undefined) {
    view.note = 'The payment link was closed before the card was authorized.';
  }
  return view;
}

/** Reads a registration's payment view, when the hub takes payments and it has one. */
export async function loadPaymentView(
  hub: HubContext,
  registrationId: string,
): Promise<PaymentView | undefined> {
  const payment = await hub.payments?.store.get(registrationId);
  return payment ? paymentView(payment) : undefined;
}
