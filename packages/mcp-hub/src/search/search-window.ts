import { ConnectorError } from '@signupassist/contract';

const MS_PER_DAY = 86_400_000;

/**
 * How far ahead a search looks for sessions, in days. Connectors cap their session ranges
 * (Bookeo's `listSessions` takes at most 366 days), so a later `startsBefore` is clamped here.
 */
export const MAX_SEARCH_DAYS_AHEAD = 365;

/** The date filters of a search after checking and clamping, with notes for the family. */
export interface SearchWindow {
  startsAfter?: Date;
  startsBefore?: Date;
  /** True when no session can fall into the window, so no vendor needs to be asked. */
  empty: boolean;
  /** Notes for the family on a clamped window or one that matches nothing. */
  notes: string[];
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Checks a search's date filters before any vendor is asked. A reversed window is
 * `invalid_request` naming both fields. A window that ends in the past, or starts beyond
 * {@link MAX_SEARCH_DAYS_AHEAD}, is empty with a note. A `startsBefore` beyond that horizon is
 * clamped to it with a note.
 */
export function checkSearchWindow(
  startsAfter: Date | undefined,
  startsBefore: Date | undefined,
  now: Date,
): SearchWindow {
  if (startsAfter && startsBefore && startsBefore.getTime() <= startsAfter.getTime()) {
    throw new ConnectorError(
      'invalid_request',
      `startsBefore (${startsBefore.toISOString()}) must be later than startsAfter ` +
        `(${startsAfter.toISOString()}). Swap the two dates, or leave one out.`,
    );
  }

  const horizon = new Date(now.getTime() + MAX_SEARCH_DAYS_AHEAD * MS_PER_DAY);
  const window = {
    ...(startsAfter ? { startsAfter } : {}),
    ...(startsBefore ? { startsBefore } : {}),
  };
  if (startsBefore && startsBefore.getTime() <= now.getTime()) {
    const note =
      `startsBefore (${day(startsBefore)}) is in the past, and search lists only upcoming ` +
      'sessions. Leave it out or give a future date.';
    return { ...window, empty: true, notes: [note] };
  }
  if (startsAfter && startsAfter.getTime() >= horizon.getTime()) {
    const note =
      `startsAfter (${day(startsAfter)}) is more than ${MAX_SEARCH_DAYS_AHEAD} days ahead, ` +
      'and search looks no further. Give an earlier date.';
    return { ...window, empty: true, notes: [note] };
  }
  if (startsBefore && startsBefore.getTime() > horizon.getTime()) {
    const note =
      `Sessions were searched up to ${day(horizon)}, ${MAX_SEARCH_DAYS_AHEAD} days ahead, ` +
      `instead of up to startsBefore (${day(startsBefore)}).`;
    return { ...window, startsBefore: horizon, empty: false, notes: [note] };
  }
  return { ...window, empty: false, notes: [] };
}
