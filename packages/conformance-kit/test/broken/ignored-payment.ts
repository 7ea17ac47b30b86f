import type { AnyConnector } from '@signupassist/contract';

/**
 * Wraps a connector that declares `connectPayments` so that it drops the request's `payment`
 * before booking, as a connector would that declares the capability without recording
 * payments at the provider.
 */
export function ignoredPaymentConnector(base: AnyConnector): AnyConnector {
  return {
    ...base,
    book: (context, request) => {
      const withoutPayment = { ...request };
      delete withoutPayment.payment;
      return base.book(context, withoutPayment);
    },
  };
}
