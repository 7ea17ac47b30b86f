import type { AnyConnector } from '@signupassist/contract';

/**
 * Wraps a connector so that a call arriving while another call with the same idempotency key
 * is still running books under a key of its own. One call at a time behaves, so a replay
 * returns the first booking, but concurrent calls with one key book several times.
 */
export function concurrentDoubleBookingConnector(base: AnyConnector): AnyConnector {
  const running = new Map<string, number>();
  return {
    ...base,
    book: async (context, request) => {
      const key = request.idempotencyKey;
      const earlier = running.get(key) ?? 0;
      running.set(key, earlier + 1);
      try {
        const ownKey = earlier === 0 ? key : `${key}.c${earlier}`;
        return await base.book(context, { ...request, idempotencyKey: ownKey });
      } finally {
        running.set(key, (running.get(key) ?? 1) - 1);
      }
    },
  };
}
