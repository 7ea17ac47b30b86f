import { isConnectorError, type AnyConnector } from '@signupassist/contract';

/**
 * Wraps a connector so that `listSessions`, after the connector gave up with `rate_limited`,
 * waits the `retryAfterMs` it reported and starts again, without end. It gives up only when
 * that wait is zero, so a check that sends only `Retry-After: 0` finds it bounded.
 */
export function unboundedWaitConnector(base: AnyConnector): AnyConnector {
  return {
    ...base,
    listSessions: async (context, query) => {
      for (;;) {
        try {
          return await base.listSessions(context, query);
        } catch (error) {
          const waitMs = isConnectorError(error) ? (error.retryAfterMs ?? 0) : 0;
          if (!isConnectorError(error) || error.code !== 'rate_limited' || waitMs === 0) {
            throw error;
          }
          await new Promise((resolve) => setTimeout(resolve, waitMs));
        }
      }
    },
  };
}
