import type { AnyConnector, ConnectorLogger } from '@signupassist/contract';

/** Message the Tidepool connector logs when a booking write may have gone through unseen. */
const OUTCOME_UNKNOWN_LOG = /outcome unknown/i;

/**
 * Wraps the Tidepool connector so that, once a booking write's outcome is unknown (a lost
 * response or a 5xx), `book` returns a placeholder `pending` receipt with an invented booking
 * id instead of the booking the connector finds by its reference.
 */
export function placeholderReceiptConnector(base: AnyConnector): AnyConnector {
  return {
    ...base,
    book: async (context, request) => {
      let outcomeUnknown = false;
      const log =
        (level: keyof ConnectorLogger) => (fields: Record<string, unknown>, message: string) => {
          if (OUTCOME_UNKNOWN_LOG.test(message)) outcomeUnknown = true;
          context.logger[level](fields, message);
        };
      const logger = {
        debug: log('debug'),
        info: log('info'),
        warn: log('warn'),
        error: log('error'),
      };

      const receipt = await base.book({ ...context, logger }, request);
      if (!outcomeUnknown) return receipt;
      return { ...receipt, bookingId: 'bk_pending_placeholder', status: 'pending' };
    },
  };
}
