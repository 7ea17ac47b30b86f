import { BOOKEO_PAYMENT_METHODS, type BookeoPayment } from '../bookeo-api.js';
import { badRequest } from './errors.js';
import { toMinorUnits } from './money.js';
import { formatBookeoTime, parseBookeoTime } from './time.js';

const METHODS: readonly string[] = BOOKEO_PAYMENT_METHODS;

// NOTE: Bookeo does not document whether it rejects initial payments above the booking's
// price. The sandbox accepts them and reports the sum as `totalPaid`, so a host that captures
// less than it recorded can still book.
/**
 * Checks the `initialPayments` of a booking or hold body: an amount above 0 in the product's
 * currency, one of Bookeo's `paymentMethod` values, a `paymentMethodOther` for `other`, and a
 * `receivedTime` with an offset when one is given.
 * Returns the sum of the amounts in minor units, or rejects the request with a 400 naming the
 * payment and the field.
 */
export function checkInitialPayments(
  payments: readonly BookeoPayment[] | undefined,
  currency: string,
  timeZone: string,
): number {
  let paid = 0;
  for (const [index, payment] of (payments ?? []).entries()) {
    const field = `initialPayments.${index}`;
    if (payment.amount.currency !== currency) {
      badRequest(
        `Invalid field ${field}.amount.currency: "${payment.amount.currency}"; this product ` +
          `is priced in ${currency}.`,
      );
    }
    const minor = readAmount(payment.amount.amount, currency, `${field}.amount.amount`);
    checkMethod(payment, field);
    if (payment.receivedTime !== undefined && !parseBookeoTime(payment.receivedTime, timeZone)) {
      badRequest(`Invalid field ${field}.receivedTime: expected ISO 8601 with an offset.`);
    }
    paid += minor;
  }
  return paid;
}

/**
 * Returns the payments as a new booking stores them: each with an id (`<bookingNumber>-<n>`),
 * the creation time, and `receivedTime` defaulting to that time.
 */
export function storedPayments(
  payments: readonly BookeoPayment[],
  bookingNumber: string,
  now: Date,
  timeZone: string,
): BookeoPayment[] {
  const created = formatBookeoTime(now, timeZone);
  return payments.map((payment, index) => ({
    ...structuredClone(payment),
    id: `${bookingNumber}-${index + 1}`,
    creationTime: created,
    receivedTime: payment.receivedTime ?? created,
  }));
}

function readAmount(amount: string, currency: string, field: string): number {
  let minor: number;
  try {
    minor = toMinorUnits({ amount, currency });
  } catch {
    badRequest(`Invalid field ${field}: "${amount}" is not a decimal such as "27.50".`);
  }
  if (minor <= 0) badRequest(`Invalid field ${field}: a payment must be more than 0.`);
  return minor;
}

function checkMethod(payment: BookeoPayment, field: string): void {
  if (!METHODS.includes(payment.paymentMethod)) {
    badRequest(
      `Invalid field ${field}.paymentMethod: "${payment.paymentMethod}"; use one of ` +
        `${METHODS.join(', ')}.`,
    );
  }
  if (payment.paymentMethod === 'other' && !payment.paymentMethodOther?.trim()) {
    badRequest(
      `Missing required field ${field}.paymentMethodOther: name the payment method when ` +
        'paymentMethod is "other".',
    );
  }
}
