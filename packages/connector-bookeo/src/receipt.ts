import {
  BookingReceiptSchema,
  HoldSchema,
  OffsetDateTimeSchema,
  type BookingReceipt,
  type BookingStatus,
  type Hold,
  type ProgramFeePaymentSchema,
} from '@signupassist/contract';
import type { z } from 'zod';
import type { BookeoBooking, BookeoHold } from './bookeo-api.js';
import type { BookeoConfig } from './config.js';
import { checkOutput, type FailureScope } from './errors.js';
import { toMoney } from './money.js';

type ProgramFeePayment = z.infer<typeof ProgramFeePaymentSchema>;

/** Returns the contract status of a Bookeo booking. */
export function statusOf(booking: BookeoBooking): BookingStatus {
  if (booking.canceled) return 'cancelled';
  // Products with acceptDeny make bookings that wait for the business to accept them.
  return booking.accepted ? 'confirmed' : 'pending';
}

function paymentOf(total: number, paid: number, config: BookeoConfig): ProgramFeePayment {
  if (total === 0) return { method: 'none' };
  if (paid >= total) return { method: 'paid' };
  if (config.paymentUrl) return { method: 'provider_link', url: config.paymentUrl };
  return { method: 'pay_later' };
}

/**
 * Builds the receipt of a Bookeo booking, with the booking number as id and the gross total as
 * price. The payment is `none` for a free booking and `paid` when Bookeo records the total as
 * paid. Otherwise it is a link to the vendor's payment page when one is configured, else
 * `pay_later`.
 */
export function toReceipt(
  booking: BookeoBooking,
  config: BookeoConfig,
  scope: FailureScope,
): BookingReceipt {
  const total = toMoney(booking.price.totalGross, scope, 'price.totalGross');
  const paid = toMoney(booking.price.totalPaid, scope, 'price.totalPaid');
  const status = statusOf(booking);
  const createdAt = OffsetDateTimeSchema.safeParse(booking.creationTime);
  const receipt = {
    bookingId: booking.bookingNumber,
    status,
    programId: booking.productId,
    // flexibleTime bookings have no event id, so their start time identifies the session.
    sessionId: booking.eventId ?? booking.startTime,
    price: { total, paid },
    payment: paymentOf(total.amountMinor, paid.amountMinor, config),
    ...(booking.externalRef ? { externalReference: booking.externalRef } : {}),
    ...(createdAt.success ? { createdAt: createdAt.data } : {}),
    ...(status === 'pending'
      ? { warnings: ['The vendor has to accept this booking before it is confirmed.'] }
      : {}),
  };
  return checkOutput(BookingReceiptSchema, receipt, scope);
}

/** Builds the contract hold of a Bookeo hold. */
export function toHold(hold: BookeoHold, scope: FailureScope): Hold {
  const result = {
    id: hold.id,
    expiresAt: hold.expiration,
    price: {
      total: toMoney(hold.price.totalGross, scope, 'price.totalGross'),
      paid: toMoney(hold.price.totalPaid, scope, 'price.totalPaid'),
    },
  };
  return checkOutput(HoldSchema, result, scope);
}
