import type { AnyConnector, BookingReceipt } from '@signupassist/contract';

/**
 * Wraps a connector so that `getBooking` returns the receipt `book` made, kept in memory and
 * marked cancelled by its own `cancel`, without asking the provider. It reads back whatever
 * the connector did, and misses anything that changed at the provider.
 */
export function rememberedReceiptsConnector(base: AnyConnector): AnyConnector {
  const receipts = new Map<string, BookingReceipt>();
  return {
    ...base,
    book: async (context, request) => {
      const receipt = await base.book(context, request);
      receipts.set(receipt.bookingId, receipt);
      return receipt;
    },
    cancel: async (context, request) => {
      const result = await base.cancel(context, request);
      const receipt = receipts.get(request.bookingId);
      if (receipt) receipts.set(request.bookingId, { ...receipt, status: 'cancelled' });
      return result;
    },
    getBooking: async (context, request) =>
      receipts.get(request.bookingId) ?? base.getBooking(context, request),
  };
}
