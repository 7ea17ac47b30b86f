import type { AnyConnector } from '@signupassist/contract';

/**
 * Wraps a connector so that each `book` call stamps a reference of its own: the idempotency
 * key plus a call number. A replay with the same key then finds no earlier booking by its
 * reference and posts a second one.
 */
export function doubleBookingConnector(base: AnyConnector): AnyConnector {
  let calls = 0;
  return {
    ...base,
    book: (context, request) => {
      calls += 1;
      return base.book(context, {
        ...request,
        idempotencyKey: `${request.idempotencyKey}.${calls}`,
      });
    },
  };
}
