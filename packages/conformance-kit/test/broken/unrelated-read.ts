import type { AnyConnector } from '@signupassist/contract';
import { rememberedReceiptsConnector } from './remembered-receipts.js';

/**
 * Wraps a connector so that `getBooking` sends the provider an unrelated request (the
 * credentials check) and then returns the receipt kept in memory since `book`, which its own
 * `cancel` marks cancelled. The request log shows traffic, but the booking is never read.
 */
export function unrelatedReadConnector(base: AnyConnector): AnyConnector {
  const remembering = rememberedReceiptsConnector(base);
  return {
    ...remembering,
    getBooking: async (context, request) => {
      await base.verifyCredentials(context);
      return remembering.getBooking(context, request);
    },
  };
}
