import { addMoney, formatMoney } from '@signupassist/contract';
import type { PaymentView } from '../payments/view.js';
import type { RegistrationView } from '../registration/view.js';

/** Names what the family pays through the hub: the fee, or program fee and fee together. */
function payingFor(payment: PaymentView): string {
  const fee = payment.successFee ? formatMoney(payment.successFee) : undefined;
  if (!payment.programFee) return `the SignupAssist fee of ${fee ?? 'nothing'}`;
  const program = formatMoney(payment.programFee);
  if (!payment.successFee) return `the program fee of ${program}`;
  const total = formatMoney(addMoney(payment.programFee, payment.successFee));
  return `the program fee of ${program} with the SignupAssist fee of ${fee} (${total} in all)`;
}

/** Says where the family authorizes a payment that waits for them. */
function linkSentence(payment: PaymentView, vendor: string): string {
  const link = payment.checkoutUrl
    ? `at ${payment.checkoutUrl}`
    : 'on the payment page, whose link get_registration shows in a minute';
  return (
    `Before confirming, the family authorizes ${payingFor(payment)} ${link}; the card is ` +
    `charged only once ${vendor} confirms the registration.`
  );
}

/** Describes the payment of a prepared registration, next to the program price. */
export function preparedPaymentSentence(view: RegistrationView): string {
  const payment = view.payment;
  if (!payment) return '';
  const vendor = view.vendor.displayName;
  const where =
    payment.path === 'connect'
      ? ' The program fee is paid through the payment link.'
      : ` The program fee is paid to ${vendor} directly.`;
  switch (payment.status) {
    case 'checkout_pending':
    case 'owed':
      return `${where} ${linkSentence(payment, vendor)}`;
    case 'authorized':
      return `${where} The family authorized ${payingFor(payment)}; it is charged only once ${vendor} confirms.`;
    default:
      return where;
  }
}

/** Describes the payment of a booked, failed or cancelled registration. */
export function paymentStatusSentence(view: RegistrationView): string {
  const payment = view.payment;
  if (!payment) return '';
  const vendor = view.vendor.displayName;
  const paying = payingFor(payment);
  switch (payment.status) {
    case 'checkout_pending':
      return ` ${linkSentence(payment, vendor)}`;
    case 'authorized':
      return ` ${capitalize(paying)} stays authorized and is charged only once ${vendor} confirms.`;
    case 'captured':
      return view.state === 'cancelled'
        ? ` ${capitalize(paying)} was charged and is not refunded by the hub.`
        : ` ${capitalize(paying)} was charged.`;
    case 'canceled':
      return payment.note
        ? ` ${payment.note} Nothing was charged.`
        : ' The payment authorization was released, so nothing was charged.';
    case 'owed': {
      const link = payment.checkoutUrl
        ? `at ${payment.checkoutUrl}`
        : 'on a new payment page, whose link get_registration shows in a minute';
      return ` The card authorization lapsed, so ${paying} is still owed: authorize it again ${link}.`;
    }
    case 'refunded': {
      const amount = payment.refunded ? formatMoney(payment.refunded) : 'The payment';
      return ` ${amount} was refunded to the card.`;
    }
    case 'failed':
      return ` ${capitalize(paying)} is unpaid. ${payment.note ?? 'The payment link expired.'}`;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
