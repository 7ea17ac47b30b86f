// Conversions between CampMinder's date-times and ISO 8601 with the camp's UTC offset, built on
// Intl so that no time-zone library is needed. Session dates come without an offset and are
// wall-clock times of the camp, while program dates end in `Z` and are instants.

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** Calendar date and wall-clock time, without a zone. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Returns the wall-clock time in `timeZone` at an instant, to the second. */
export function wallClockAt(instantMs: number, timeZone: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(new Date(instantMs));
  const value = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value ?? 0);
  const era = parts.find((part) => part.type === 'era')?.value;
  const year = value('year');
  return {
    // Intl counts years before 1 AD upward from 1 BC, so the proleptic year is 1 minus that.
    year: era === 'BC' || era === 'B' ? 1 - year : year,
    month: value('month'),
    day: value('day'),
    hour: value('hour'),
    minute: value('minute'),
    second: value('second'),
  };
}

function wallClockAsUtcMs(clock: WallClock): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps years 0 to 99 as they are.
  date.setUTCFullYear(clock.year, clock.month - 1, clock.day);
  date.setUTCHours(clock.hour, clock.minute, clock.second, 0);
  return date.getTime();
}

/** Returns the UTC offset of `timeZone` at an instant, in whole minutes (-240 in New York in July). */
export function offsetMinutesAt(instantMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  const local = wallClockAsUtcMs(wallClockAt(wholeSecond, timeZone));
  return Math.round((local - wholeSecond) / MS_PER_MINUTE);
}

/**
 * Returns the instant at which `timeZone` shows the wall-clock time `clock`. A time that occurs
 * twice, in the hour the clocks go back, resolves to the earlier instant. A time that does not
 * occur, in the hour the clocks go forward, resolves to the instant as far after the jump as
 * the time was after the last minute before it (02:30 becomes 03:30), as Temporal's
 * "compatible" disambiguation does.
 */
export function instantOfWallClock(clock: WallClock, timeZone: string): number {
  const asUtc = wallClockAsUtcMs(clock);
  const offsetBefore = offsetMinutesAt(asUtc - MS_PER_DAY, timeZone);
  const offsetAfter = offsetMinutesAt(asUtc + MS_PER_DAY, timeZone);
  const candidates = [...new Set([offsetBefore, offsetAfter])]
    .map((offset) => asUtc - offset * MS_PER_MINUTE)
    .filter((instant) => wallClockAsUtcMs(wallClockAt(instant, timeZone)) === asUtc)
    .sort((left, right) => left - right);

  const earliest = candidates[0];
  if (earliest !== undefined) return earliest;
  return asUtc - offsetBefore * MS_PER_MINUTE;
}

function pad(value: number, length = 2): string {
  return String(Math.abs(value)).padStart(length, '0');
}

function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const minutes = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * Formats an instant as ISO 8601 with the offset `timeZone` has at that instant, to the second:
 * `2027-07-05T09:00:00-04:00`.
 */
export function formatInTimeZone(instantMs: number, timeZone: string): string {
  const clock = wallClockAt(instantMs, timeZone);
  const offset = offsetMinutesAt(instantMs, timeZone);
  const date = `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}`;
  const time = `${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}`;
  return `${date}T${time}${formatOffset(offset)}`;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const OFFSET_SUFFIX = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Reads "2027-06-28T00:00:00" (or a bare date) as a wall-clock time; undefined when invalid. */
export function parseWallClock(text: string): WallClock | undefined {
  const match = LOCAL_DATE_TIME.exec(text.trim());
  if (!match) return undefined;

  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const clock = { year, month, day, hour, minute, second };
  const roundTrip = new Date(wallClockAsUtcMs(clock));
  const valid =
    roundTrip.getUTCMonth() === month - 1 &&
    roundTrip.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  return valid ? clock : undefined;
}

/**
 * Converts a CampMinder date-time to ISO 8601 with the offset `timeZone` has then. A value
 * without an offset is a wall-clock time in `timeZone` ("2027-06-28T00:00:00" in New York
 * gives "2027-06-28T00:00:00-04:00"). A value with `Z` or an offset is an instant, shown in
 * `timeZone` ("2027-07-05T13:00:00Z" gives "2027-07-05T09:00:00-04:00"). Returns undefined
 * for text that is neither.
 */
export function toZonedDateTime(text: string, timeZone: string): string | undefined {
  const trimmed = text.trim();
  if (OFFSET_SUFFIX.test(trimmed)) {
    const local = trimmed.replace(OFFSET_SUFFIX, '');
    if (!parseWallClock(local)) return undefined;
    const instant = Date.parse(trimmed);
    return Number.isNaN(instant) ? undefined : formatInTimeZone(instant, timeZone);
  }

  const clock = parseWallClock(trimmed);
  if (!clock) return undefined;
  return formatInTimeZone(instantOfWallClock(clock, timeZone), timeZone);
}
