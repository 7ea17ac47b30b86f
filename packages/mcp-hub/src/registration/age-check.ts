import type {
  AgeRange,
  FieldIssue,
  FormField,
  Program,
  RegistrationForm,
  Session,
} from '@signupassist/contract';
import type { StoredRequest } from '../ledger/types.js';
import { ageFits } from '../search/age.js';

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/**
 * Finds the participant field that contains a birth date: a `date` field keyed `birthDate` (or
 * `dateOfBirth`, `dob`), or labelled with the word "birth". Forms carry no other marker.
 */
export function birthDateField(form: RegistrationForm): FormField | undefined {
  return form.fields.find(
    (field) =>
      field.scope === 'participant' &&
      field.type === 'date' &&
      (/^(birth_?date|date_?of_?birth|dob)$/i.test(field.key) || /\bbirth\b/i.test(field.label)),
  );
}

function parseCalendarDate(value: unknown): CalendarDate | undefined {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim()) : null;
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

/** Returns the calendar date of an instant in an IANA time zone. */
export function localDate(instant: string, timeZone: string): CalendarDate {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

/**
 * Returns the age in years on a day, with the part of the current year as a fraction: 8.5 is
 * halfway from the 8th to the 9th birthday. A 29 February birthday falls on 1 March in other
 * years.
 */
export function ageOn(birth: CalendarDate, day: CalendarDate): number {
  let years = day.year - birth.year;
  if (day.month < birth.month || (day.month === birth.month && day.day < birth.day)) years -= 1;
  const lastBirthday = Date.UTC(birth.year + years, birth.month - 1, birth.day);
  const nextBirthday = Date.UTC(birth.year + years + 1, birth.month - 1, birth.day);
  const today = Date.UTC(day.year, day.month - 1, day.day);
  return years + (today - lastBirthday) / (nextBirthday - lastBirthday);
}

function describeRange(range: AgeRange): string {
  if (range.minYears !== undefined && range.maxYears !== undefined) {
    return `ages ${range.minYears} to ${range.maxYears}`;
  }
  if (range.minYears !== undefined) return `ages ${range.minYears} and up`;
  return `ages up to ${range.maxYears}`;
}

/**
 * Checks each participant's birth date against the age range of their category, or else of
 * the program, with the age on the session's first day in the session's time zone. A
 * participant without a valid birth date is not checked; the form check reports a malformed
 * one.
 */
export function ageIssues(
  form: RegistrationForm,
  program: Program,
  session: Session,
  participants: StoredRequest['participants'],
): FieldIssue[] {
  const field = birthDateField(form);
  if (!field) return [];
  const firstDay = localDate(session.start, session.timeZone);
  const firstDayText = [firstDay.year, firstDay.month, firstDay.day]
    .map((part, index) => String(part).padStart(index === 0 ? 4 : 2, '0'))
    .join('-');

  const issues: FieldIssue[] = [];
  participants.forEach((participant, index) => {
    const category = form.participantCategories.find((entry) => entry.id === participant.category);
    // NOTE: a category without its own range takes the program's, so a program that also
    // books adults needs an age range on its adult category.
    const range = category?.ageRange ?? program.ageRange;
    const birth = parseCalendarDate(participant.answers[field.key]);
    if (!range || !birth) return;

    const age = ageOn(birth, firstDay);
    if (ageFits(range, age)) return;
    const taker = category?.ageRange ? `the ${category.label} category` : 'this program';
    const problem =
      age < 0
        ? `is after ${firstDayText}, the first day of the session`
        : `gives age ${Math.floor(age)} on ${firstDayText}, the first day of the session, but ` +
          `${taker} takes ${describeRange(range)}`;
    issues.push({
      path: `participants.${index}.${field.key}`,
      message: `${field.label} ${problem}`,
    });
  });
  return issues;
}
