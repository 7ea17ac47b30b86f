import type { AnyConnector, BookingReceipt } from '@signupassist/contract';

/** The parts of a receipt {@link alteredReplayConnector} can change on a replay. */
export type ReplayAlteration = 'status' | 'price' | 'externalReference';

/**
 * Wraps a connector so that a repeated `book` call with a key it has seen returns the first
 * booking's id with one other field changed. A connector that rebuilds the receipt from the
 * request, in place of reading the provider's booking, returns such receipts.
 */
export function alteredReplayConnector(
  base: AnyConnector,
  alteration: ReplayAlteration,
): AnyConnector {
  const seen = new Set<string>();
  return {
    ...base,
    book: async (context, request) => {
      const receipt = await base.book(context, request);
      if (!seen.has(request.idempotencyKey)) {
        seen.add(request.idempotencyKey);
        return receipt;
      }
      return alter(receipt, alteration);
    },
  };
}

function alter(receipt: BookingReceipt, alteration: ReplayAlteration): BookingReceipt {
  switch (alteration) {
    case 'status':
      return { ...receipt, status: receipt.status === 'confirmed' ? 'pending' : 'confirmed' };
    case 'price':
      return {
        ...receipt,
        price: {
          ...receipt.price,
          total: { ...receipt.price.total, amountMinor: receipt.price.total.amountMinor + 100 },
        },
      };
    case 'externalReference':
      return { ...receipt, externalReference: `${receipt.externalReference ?? 'ref'}-replayed` };
  }
}
