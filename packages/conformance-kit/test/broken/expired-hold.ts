import { isConnectorError, type AnyConnector } from '@signupassist/contract';

/**
 * Wraps a connector that declares holds so that a booking whose hold has expired is made
 * anyway: on `hold_expired` it books again without the hold, taking fresh seats.
 */
export function expiredHoldConnector(base: AnyConnector): AnyConnector {
  return {
    ...base,
    book: async (context, request) => {
      try {
        return await base.book(context, request);
      } catch (error) {
        if (!isConnectorError(error) || error.code !== 'hold_expired') throw error;
        const withoutHold = { ...request };
        delete withoutHold.holdId;
        return base.book(context, withoutHold);
      }
    },
  };
}
