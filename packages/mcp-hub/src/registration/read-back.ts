import type { BookingReceipt } from '@signupassist/contract';
import type { HubContext } from '../hub-context.js';
import { canonicalJson } from '../ids.js';
import type { RegistrationRecord } from '../ledger/types.js';

/**
 * Stores a booking the provider returned on read-back: the new receipt when it changed, and
 * `cancelled` when the provider cancelled the booking. Returns the row as it is afterwards.
 */
export async function storeReadBack(
  hub: HubContext,
  record: RegistrationRecord,
  receipt: BookingReceipt,
): Promise<RegistrationRecord> {
  if (canonicalJson(receipt) === canonicalJson(record.receipt)) return record;
  const updated = await hub.ledger.updateReceipt(record.id, receipt);
  if (receipt.status !== 'cancelled') return updated;
  const outcome = await hub.ledger.recordCancelled(record.id, 'booked', {
    bookingId: receipt.bookingId,
    status: 'cancelled',
  });
  return outcome.record;
}
