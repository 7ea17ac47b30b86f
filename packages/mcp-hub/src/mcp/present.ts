import {
  formatMoney,
  type Money,
  type Program,
  type RegistrationForm,
  type Session,
} from '@signupassist/contract';
import type { PaymentStatus } from '../payments/types.js';
import type { RegistrationView } from '../registration/view.js';
import type { VendorSummary } from '../search/search-programs.js';
import type {
  FieldOutputType,
  MoneyOutputType,
  ProgramOutputType,
  RegistrationOutputType,
  SessionOutputType,
} from './schemas.js';

/** Maximum length of a program description in a tool result, in characters. */
const DESCRIPTION_LIMIT = 300;

/** Converts money to its tool form, with a formatted amount. */
export function moneyOutput(money: Money): MoneyOutputType {
  return {
    amountMinor: money.amountMinor,
    currency: money.currency,
    formatted: formatMoney(money),
  };
}

function shorten(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1).trimEnd()}…`;
}

/** Converts a session to its tool form. */
export function sessionOutput(session: Session): SessionOutputType {
  const output: SessionOutputType = {
    sessionId: session.id,
    start: session.start,
    end: session.end,
    timeZone: session.timeZone,
    status: session.availability.status,
  };
  if (session.availability.seatsLeft !== undefined)
    output.seatsLeft = session.availability.seatsLeft;
  if (session.price) output.price = formatMoney(session.price);
  return output;
}

/** Converts a program and its sessions to their tool form. */
export function programOutput(
  vendor: VendorSummary,
  program: Program,
  sessions: Session[],
): ProgramOutputType {
  const output: ProgramOutputType = {
    vendorId: vendor.id,
    vendorName: vendor.displayName,
    programId: program.id,
    title: program.title,
    bookingMode: program.bookingMode,
    sessions: sessions.map(sessionOutput),
  };
  if (program.description) output.description = shorten(program.description, DESCRIPTION_LIMIT);
  if (program.ageRange) output.ageRange = { ...program.ageRange };
  const location = [program.location?.name, program.location?.address].filter(Boolean).join(', ');
  if (location) output.location = location;
  if (program.fromPrice) output.fromPrice = formatMoney(program.fromPrice);
  return output;
}

/** Converts a form field to its tool form, keeping only option values. */
export function fieldOutput(field: RegistrationForm['fields'][number]): FieldOutputType {
  const output: FieldOutputType = {
    key: field.key,
    label: field.label,
    scope: field.scope,
    type: field.type,
    required: field.required,
  };
  if (field.description) output.description = field.description;
  if (field.options) output.options = field.options.map((option) => option.value);
  return output;
}

/** Words for a payment's status, shown next to the fee. */
const PAYMENT_STATUS_WORDS: Record<PaymentStatus, string> = {
  checkout_pending: 'to authorize',
  authorized: 'authorized, charged once confirmed',
  captured: 'charged',
  canceled: 'released, not charged',
  owed: 'owed, authorize again',
  refunded: 'refunded',
  failed: 'unpaid',
};

/**
 * Returns the payment fields of a quote: how the program fee is paid, SignupAssist's fee with
 * its status, and the Stripe page while it waits for the family. Before booking, a program
 * fee the vendor collects shows as `pay_later`, until the receipt names the vendor's channel.
 */
export function paymentOutput(
  view: RegistrationView,
): Pick<NonNullable<RegistrationOutputType['quote']>, 'programFee' | 'successFee' | 'checkoutUrl'> {
  const payment = view.payment!;
  const programFee =
    payment.path === 'connect' ? 'stripe_connect' : (view.receipt?.payment.method ?? 'pay_later');
  const status = PAYMENT_STATUS_WORDS[payment.status];
  const successFee = payment.successFee
    ? `${formatMoney(payment.successFee)} (${status})`
    : `none (program fee ${status})`;
  return {
    programFee,
    successFee,
    ...(payment.checkoutUrl ? { checkoutUrl: payment.checkoutUrl } : {}),
  };
}

/** Converts a registration to its tool form; answers and the idempotency key stay out. */
export function registrationOutput(view: RegistrationView): RegistrationOutputType {
  const output: RegistrationOutputType = {
    registrationId: view.registrationId,
    state: view.state,
    vendorName: view.vendor.displayName,
    bookingMode: view.bookingMode,
    seatsHeld: view.hold !== undefined && view.state === 'prepared' && !view.expired,
    expiresAt: view.expiresAt,
  };
  if (view.quote) {
    output.quote = { total: moneyOutput(view.quote.total) };
    if (view.quote.lines) {
      output.quote.lines = view.quote.lines.map(
        (line) => `${line.label}: ${formatMoney(line.amount)}`,
      );
    }
    if (view.payment) Object.assign(output.quote, paymentOutput(view));
  }
  if (view.receipt) {
    const receipt = view.receipt;
    output.receipt = {
      bookingId: receipt.bookingId,
      status: receipt.status,
      total: formatMoney(receipt.price.total),
      paymentMethod: receipt.payment.method,
      ...(receipt.payment.url ? { paymentUrl: receipt.payment.url } : {}),
      ...(receipt.handoff ? { handoffUrl: receipt.handoff.url } : {}),
    };
  }
  if (view.cancellation?.refund) output.refund = formatMoney(view.cancellation.refund);
  if (view.error) output.failure = `${view.error.code}: ${view.error.message}`;
  if (view.warnings) output.warnings = [...view.warnings];
  return output;
}
