import type {
  Answers,
  FormField,
  JsonSchema,
  ParticipantCategorySchema,
  RegistrationForm,
  RegistrationRequest,
} from '@signupassist/contract';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { z } from 'zod';

type ParticipantCategory = z.output<typeof ParticipantCategorySchema>;

/** The answer parts of a registration request. */
export type GeneratedAnswers = Pick<RegistrationRequest, 'guardian' | 'participants' | 'booking'>;

/** Age of a generated participant when the category gives no age range, in years. */
const DEFAULT_PARTICIPANT_AGE = 8;

/** Birth date of a generated guardian. */
const GUARDIAN_BIRTH_DATE = '1986-05-14';

/**
 * Text answers tried, in order, against a field's pattern: words, digits, a code, a time of
 * day, a calendar date and a date-time with an offset, the forms that text fields of booking
 * forms constrain most often.
 */
const PATTERN_CANDIDATES = [
  'Alex',
  'alex',
  'A',
  '1',
  '12345',
  'AB-12',
  'Sample answer',
  'x',
  '09:30',
  '2027-06-28',
  '2027-06-28T09:30:00Z',
  '2027-06-28T09:30:00-04:00',
];

function fitLength(text: string, field: FormField): string {
  const { minLength, maxLength } = field.constraints ?? {};
  let fitted = text;
  if (minLength !== undefined && fitted.length < minLength) fitted = fitted.padEnd(minLength, 'x');
  if (maxLength !== undefined && fitted.length > maxLength) fitted = fitted.slice(0, maxLength);
  return fitted;
}

/**
 * Returns a text answer that fits the field's pattern and length, or `undefined` when no
 * candidate fits the pattern.
 */
function textAnswer(field: FormField, index: number): string | undefined {
  let text = 'Sample answer';
  if (/first/i.test(field.key)) text = index === 0 ? 'Alex' : `Sam${'i'.repeat(index)}`;
  else if (/last|family|surname/i.test(field.key)) text = 'Conformance';

  const pattern = field.constraints?.pattern;
  if (pattern === undefined) return fitLength(text, field);
  const regex = new RegExp(pattern);
  const candidates = [text, ...PATTERN_CANDIDATES].map((candidate) => fitLength(candidate, field));
  return candidates.find((candidate) => regex.test(candidate));
}

/** Returns `now` minus `years`, as an ISO calendar date. */
function dateYearsBefore(now: Date, years: number): string {
  const date = new Date(now.getTime());
  date.setUTCFullYear(date.getUTCFullYear() - Math.floor(years));
  date.setUTCMonth(date.getUTCMonth() - Math.round((years % 1) * 12));
  return date.toISOString().slice(0, 10);
}

function participantAge(category: ParticipantCategory | undefined): number {
  const { minYears, maxYears } = category?.ageRange ?? {};
  if (minYears !== undefined && maxYears !== undefined) return (minYears + maxYears) / 2;
  if (minYears !== undefined) return minYears + 1;
  if (maxYears !== undefined) return Math.max(0, maxYears - 1);
  return DEFAULT_PARTICIPANT_AGE;
}

interface AnswerContext {
  now: Date;
  /** Position of the participant, for distinct names; 0 outside the participant scope. */
  index: number;
  category?: ParticipantCategory;
}

function answerFor(field: FormField, context: AnswerContext): Answers[string] | undefined {
  const constraints = field.constraints ?? {};
  const firstOption = field.options?.[0]?.value ?? '';
  switch (field.type) {
    case 'text':
      return textAnswer(field, context.index);
    case 'email':
      return 'conformance.family@example.com';
    case 'phone':
      return '+1 555 010 0199';
    case 'date':
      return field.scope === 'participant'
        ? dateYearsBefore(context.now, participantAge(context.category))
        : GUARDIAN_BIRTH_DATE;
    case 'number': {
      const value = constraints.min ?? Math.min(1, constraints.max ?? 1);
      return constraints.integer ? Math.ceil(value) : value;
    }
    case 'boolean':
      return field.required;
    case 'select':
      return firstOption;
    case 'multiselect':
      return [firstOption];
  }
}

function scopeAnswers(
  form: RegistrationForm,
  scope: FormField['scope'],
  context: AnswerContext,
  requiredOnly: boolean,
): Answers {
  const answers: Answers = {};
  for (const field of form.fields.filter((item) => item.scope === scope)) {
    if (requiredOnly && !field.required) continue;
    const answer = answerFor(field, context);
    if (answer !== undefined) {
      answers[field.key] = answer;
    } else if (field.required) {
      // A required field whose pattern no candidate fits gets a plain answer, so that the
      // form check reports the field by name instead of the field going missing.
      answers[field.key] = fitLength('Sample answer', field);
    }
  }
  return answers;
}

/** Options of {@link generateAnswers}. */
export interface GenerateAnswersOptions {
  /** Number of participants; default the form's minimum, capped at its maximum. */
  participantCount?: number;
  /** Answers only the required fields; default false, which answers every field. */
  requiredOnly?: boolean;
}

/**
 * Picks a category per participant: each category's minimum first, then more of the categories
 * with room until there are `count` participants (default the form's minimum).
 */
function participantCategories(form: RegistrationForm, count?: number): ParticipantCategory[] {
  const picked: ParticipantCategory[] = [];
  for (const category of form.participantCategories) {
    for (let number = 0; number < category.min; number += 1) picked.push(category);
  }

  const targetCount = Math.min(count ?? form.minParticipants, form.maxParticipants);
  for (const category of form.participantCategories) {
    let inCategory = picked.filter((item) => item.id === category.id).length;
    while (picked.length < targetCount && inCategory < category.max) {
      picked.push(category);
      inCategory += 1;
    }
  }
  return picked;
}

/**
 * Generates answers for the fields of a form (every field unless `requiredOnly`) that are valid
 * under the form's JSON Schema. An optional text field whose pattern no candidate fits is left
 * unanswered. They are names, an example.com email, a phone number and the
 * first option of each choice. Participant birth dates fit the category's age range at `now`.
 */
export function generateAnswers(
  form: RegistrationForm,
  now: Date,
  options: GenerateAnswersOptions = {},
): GeneratedAnswers {
  const requiredOnly = options.requiredOnly ?? false;
  const categories = participantCategories(form, options.participantCount);
  const participants = categories.map((category, index) => ({
    category: category.id,
    answers: scopeAnswers(form, 'participant', { now, index, category }, requiredOnly),
  }));
  const booking = scopeAnswers(form, 'booking', { now, index: 0 }, requiredOnly);
  return {
    guardian: scopeAnswers(form, 'guardian', { now, index: 0 }, requiredOnly),
    participants,
    ...(Object.keys(booking).length > 0 ? { booking } : {}),
  };
}

/**
 * Validates a value against a JSON Schema (draft 2020-12) with Ajv and its formats. Returns one
 * line per problem; an empty list means valid. A schema that does not compile is one problem.
 */
export function validateWithJsonSchema(schema: JsonSchema, value: unknown): string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  let validate;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    return [`the schema does not compile: ${(error as Error).message}`];
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (problem) => `${problem.instancePath || '(root)'} ${problem.message ?? 'is invalid'}`,
  );
}
