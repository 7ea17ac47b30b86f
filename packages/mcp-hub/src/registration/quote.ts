import type { RegistrationForm, Session } from '@signupassist/contract';
import type { PriceBreakdown, StoredRequest } from '../ledger/types.js';

/**
 * Quotes a registration without a hold: the session's per-participant price times the number
 * of participants, with one line per participant category. Returns `undefined` when the
 * session has no price, in which case the provider prices the booking.
 */
export function quoteFromSession(
  session: Session,
  form: RegistrationForm,
  participants: StoredRequest['participants'],
): PriceBreakdown | undefined {
  if (!session.price) return undefined;
  const price = session.price;

  const counts = new Map<string, number>();
  for (const participant of participants) {
    counts.set(participant.category, (counts.get(participant.category) ?? 0) + 1);
  }
  const lines = [...counts].map(([category, count]) => {
    const label =
      form.participantCategories.find((entry) => entry.id === category)?.label ?? category;
    return {
      label: `${count} × ${label}`,
      amount: { amountMinor: price.amountMinor * count, currency: price.currency },
    };
  });
  return {
    total: { amountMinor: price.amountMinor * participants.length, currency: price.currency },
    lines,
  };
}
