import { z } from 'zod';

/** Checks that a string names an IANA time zone this runtime knows ("America/Chicago"). */
export function isTimeZone(value: string): boolean {
  if (!value.includes('/') && value !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name. */
export const TimeZoneSchema = z
  .string()
  .refine(isTimeZone, 'must be an IANA time zone such as America/New_York');

/** An ISO 8601 date-time with a UTC offset or `Z` ("2026-07-06T09:00:00-04:00"). */
export const OffsetDateTimeSchema = z.iso.datetime({ offset: true, local: false });

/** An ISO 8601 calendar date ("2026-07-06"). */
export const DateSchema = z.iso.date();
