// Conversions between instants and a business's local time. Bookeo writes every time with the
// business's UTC offset (never `Z`), and reads `-00:00` as "local time of the business".

/** A local date and time in some time zone, with 1-based months. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const MS_PER_MINUTE = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Converts an instant to the local date and time in `timeZone` (an IANA name). */
export function toWallTime(date: Date, timeZone: string): WallTime {
  const fields = new Map<string, number>();
  for (const part of formatterFor(timeZone).formatToParts(date)) {
    if (part.type !== 'literal') fields.set(part.type, Number(part.value));
  }
  const field = (name: string) => fields.get(name) ?? 0;

  return {
    year: field('year'),
    month: field('month'),
    day: field('day'),
    hour: field('hour'),
    minute: field('minute'),
    second: field('second'),
  };
}

function wallTimeAsUtcMs(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/** Returns the UTC offset of `timeZone` at `date`, in minutes east of UTC (-240 for EDT). */
export function utcOffsetMinutes(date: Date, timeZone: string): number {
  const wholeSeconds = Math.floor(date.getTime() / 1000) * 1000;
  return Math.round((wallTimeAsUtcMs(toWallTime(date, timeZone)) - wholeSeconds) / MS_PER_MINUTE);
}

/**
 * Converts a local date and time in `timeZone` to an instant. A local time that a DST change
 * skips resolves to the instant one offset later, as clocks do.
 */
export function fromWallTime(wall: WallTime, timeZone: string): Date {
  const guess = wallTimeAsUtcMs(wall);
  const firstOffset = utcOffsetMinutes(new Date(guess), timeZone);
  const candidate = guess - firstOffset * MS_PER_MINUTE;
  const secondOffset = utcOffsetMinutes(new Date(candidate), timeZone);
  return new Date(guess - secondOffset * MS_PER_MINUTE);
}

/** Adds days, hours and minutes to a local time, carrying across months and years. */
export function addToWallTime(
  wall: WallTime,
  amount: { days?: number; hours?: number; minutes?: number },
): WallTime {
  const shifted = new Date(
    Date.UTC(
      wall.year,
      wall.month - 1,
      wall.day + (amount.days ?? 0),
      wall.hour + (amount.hours ?? 0),
      wall.minute + (amount.minutes ?? 0),
      wall.second,
    ),
  );
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

/** Returns the day of the week of a local date, 0 for Sunday to 6 for Saturday. */
export function weekdayOf(wall: WallTime): number {
  return new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay();
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Formats an instant as Bookeo does, with the local offset: `2026-07-06T09:00:00-04:00`. */
export function formatBookeoTime(date: Date, timeZone: string): string {
  const wall = toWallTime(date, timeZone);
  const offset = utcOffsetMinutes(date, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const absolute = Math.abs(offset);
  const offsetText = `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
  const datePart = `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
  const timePart = `${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`;
  return `${datePart}T${timePart}${offsetText}`;
}

/** Formats a local time as `yyyymmddhhmm`, the date part of the sandbox's event ids. */
export function compactWallTime(wall: WallTime): string {
  const datePart = `${pad(wall.year, 4)}${pad(wall.month)}${pad(wall.day)}`;
  return `${datePart}${pad(wall.hour)}${pad(wall.minute)}`;
}

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an ISO 8601 time from a request. An offset of `-00:00` means local time in
 * `timeZone`, as Bookeo reads it. Returns undefined for text that is not such a time.
 */
export function parseBookeoTime(text: string, timeZone: string): Date | undefined {
  const match = ISO_TIME.exec(text);
  if (!match) return undefined;

  if (match[7] === '-00:00') {
    const [, year, month, day, hour, minute, second] = match;
    return fromWallTime(
      {
        year: Number(year),
        month: Number(month),
        day: Number(day),
        hour: Number(hour),
        minute: Number(minute),
        second: Number(second ?? 0),
      },
      timeZone,
    );
  }

  const parsed = new Date(text);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}
