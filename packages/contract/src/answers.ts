import type { FieldIssue } from './errors.js';
import type { FormField, RegistrationForm } from './form.js';
import { PHONE_PATTERN } from './json-schema.js';
import type { Answers, RegistrationRequest } from './registration.js';

// Domain labels exclude dots, so the pattern matches in linear time; a looser one such as
// /^[^\s@]+@[^\s@]+\.[^\s@]+$/ backtracks quadratically on long input.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** Maximum length of an email address, from the RFC 5321 path limit. */
const EMAIL_MAX_LENGTH = 254;

function isEmpty(answer: unknown): boolean {
  return (
    answer === undefined ||
    answer === null ||
    (typeof answer === 'string' && answer.trim() === '') ||
    (Array.isArray(answer) && answer.length === 0)
  );
}

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  // setUTCFullYear, unlike Date.UTC, keeps years 0 to 99 as they are.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

function checkText(field: FormField, answer: string): string | undefined {
  const constraints = field.constraints ?? {};
  if (field.type === 'email') {
    if (answer.length > EMAIL_MAX_LENGTH) return `must have at most ${EMAIL_MAX_LENGTH} characters`;
    if (!EMAIL_PATTERN.test(answer)) return 'must be an email address';
  }
  if (field.type === 'phone' && !new RegExp(PHONE_PATTERN).test(answer)) {
    return 'must be a phone number such as +1 555 010 0199';
  }
  if (field.type === 'date' && !isCalendarDate(answer)) return 'must be a date as YYYY-MM-DD';
  if (constraints.minLength !== undefined && answer.length < constraints.minLength) {
    return `must have at least ${constraints.minLength} characters`;
  }
  if (constraints.maxLength !== undefined && answer.length > constraints.maxLength) {
    return `must have at most ${constraints.maxLength} characters`;
  }
  if (constraints.pattern && !new RegExp(constraints.pattern).test(answer)) {
    return 'has an invalid format';
  }
  return undefined;
}

function checkAnswer(field: FormField, answer: unknown): string | undefined {
  const constraints = field.constraints ?? {};
  const values = (field.options ?? []).map((option) => option.value);
  switch (field.type) {
    case 'text':
    case 'email':
    case 'phone':
    case 'date':
      return typeof answer === 'string' ? checkText(field, answer.trim()) : 'must be text';
    case 'number': {
      if (typeof answer !== 'number' || !Number.isFinite(answer)) return 'must be a number';
      if (constraints.integer && !Number.isInteger(answer)) return 'must be a whole number';
      if (constraints.min !== undefined && answer < constraints.min) {
        return `must be at least ${constraints.min}`;
      }
      if (constraints.max !== undefined && answer > constraints.max) {
        return `must be at most ${constraints.max}`;
      }
      return undefined;
    }
    case 'boolean':
      return typeof answer === 'boolean' ? undefined : 'must be true or false';
    case 'select':
      return typeof answer === 'string' && values.includes(answer)
        ? undefined
        : `must be one of: ${values.join(', ')}`;
    case 'multiselect':
      return Array.isArray(answer) && answer.every((item) => values.includes(item))
        ? undefined
        : `must be a list of: ${values.join(', ')}`;
  }
}

function checkScope(fields: FormField[], answers: Answers, prefix: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const known = new Set(fields.map((field) => field.key));
  for (const key of Object.keys(answers)) {
    if (!known.has(key))
      issues.push({ path: `${prefix}.${key}`, message: 'is not a field of this form' });
  }
  for (const field of fields) {
    const answer = answers[field.key];
    if (isEmpty(answer)) {
      if (field.required)
        issues.push({ path: `${prefix}.${field.key}`, message: `${field.label} is required` });
      continue;
    }
    const problem = checkAnswer(field, answer);
    if (problem)
      issues.push({ path: `${prefix}.${field.key}`, message: `${field.label} ${problem}` });
  }
  return issues;
}

function checkParticipantCounts(
  form: RegistrationForm,
  participants: RegistrationRequest['participants'],
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (participants.length < form.minParticipants || participants.length > form.maxParticipants) {
    issues.push({
      path: 'participants',
      message: `between ${form.minParticipants} and ${form.maxParticipants} participants are allowed`,
    });
  }
  for (const category of form.participantCategories) {
    const count = participants.filter((participant) => participant.category === category.id).length;
    if (count < category.min || count > category.max) {
      issues.push({
        path: 'participants',
        message: `${category.label}: between ${category.min} and ${category.max} allowed, got ${count}`,
      });
    }
  }
  return issues;
}

/**
 * Checks the answers of a registration request against a form. Returns one issue per missing
 * or invalid answer, unknown field and participant-count violation; an empty list means valid.
 */
export function validateRegistrationAnswers(
  form: RegistrationForm,
  request: Pick<RegistrationRequest, 'guardian' | 'participants' | 'booking'>,
): FieldIssue[] {
  const inScope = (scope: FormField['scope']) =>
    form.fields.filter((field) => field.scope === scope);
  const categories = new Set(form.participantCategories.map((category) => category.id));
  const issues = checkScope(inScope('guardian'), request.guardian, 'guardian');

  request.participants.forEach((participant, index) => {
    if (!categories.has(participant.category)) {
      issues.push({
        path: `participants.${index}.category`,
        message: `must be one of: ${[...categories].join(', ')}`,
      });
    }
    issues.push(
      ...checkScope(inScope('participant'), participant.answers, `participants.${index}`),
    );
  });

  issues.push(...checkParticipantCounts(form, request.participants));
  issues.push(...checkScope(inScope('booking'), request.booking ?? {}, 'booking'));
  return issues;
}
