/** Formats an instant as CampMinder's offset-less local time in a zone: "2027-06-28T09:00:00". */
export function localDateTime(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((item) => item.type === type)?.value ?? '00';
  return (
    `${part('year')}-${part('month')}-${part('day')}T` +
    `${part('hour')}:${part('minute')}:${part('second')}`
  );
}

/** Formats an instant as a UTC time without fractions: "2027-06-28T13:00:00Z". */
export function utcDateTime(instant: Date): string {
  return `${instant.toISOString().slice(0, 19)}Z`;
}
