import {
  registrationFormToJsonSchema,
  validateRegistrationAnswers,
  type RegistrationForm,
} from '@signupassist/contract';
import { describe, expect, it } from 'vitest';
import { generateAnswers, validateWithJsonSchema } from '../src/index.js';

const NOW = new Date('2026-03-02T17:00:00Z');

const form: RegistrationForm = {
  programId: 'CAMP',
  fields: [
    { key: 'firstName', label: 'First name', scope: 'guardian', type: 'text', required: true },
    { key: 'email', label: 'Email', scope: 'guardian', type: 'email', required: true },
    { key: 'phone', label: 'Phone', scope: 'guardian', type: 'phone', required: false },
    {
      key: 'memberCode',
      label: 'Member code',
      scope: 'guardian',
      type: 'text',
      required: true,
      constraints: { pattern: '^[0-9]{5}$' },
    },
    {
      key: 'firstName',
      label: 'First name',
      scope: 'participant',
      type: 'text',
      required: true,
      constraints: { maxLength: 3 },
    },
    { key: 'birthDate', label: 'Birth date', scope: 'participant', type: 'date', required: true },
    {
      key: 'shirt',
      label: 'Shirt',
      scope: 'booking',
      type: 'select',
      required: true,
      options: [{ value: 'S', label: 'Small' }],
    },
    {
      key: 'extras',
      label: 'Extras',
      scope: 'booking',
      type: 'multiselect',
      required: false,
      options: [{ value: 'lunch', label: 'Lunch' }],
    },
    {
      key: 'nights',
      label: 'Nights',
      scope: 'booking',
      type: 'number',
      required: true,
      constraints: { min: 2, max: 5, integer: true },
    },
    { key: 'consent', label: 'Consent', scope: 'booking', type: 'boolean', required: true },
  ],
  participantCategories: [
    { id: 'child', label: 'Child', min: 1, max: 3, ageRange: { minYears: 6, maxYears: 12 } },
    { id: 'adult', label: 'Adult', min: 0, max: 1 },
  ],
  minParticipants: 2,
  maxParticipants: 4,
};

describe('generateAnswers', () => {
  it('satisfies the form’s JSON Schema', () => {
    const answers = generateAnswers(form, NOW);

    expect(validateWithJsonSchema(registrationFormToJsonSchema(form), answers)).toEqual([]);
  });

  it('satisfies the contract validator', () => {
    expect(validateRegistrationAnswers(form, generateAnswers(form, NOW))).toEqual([]);
  });

  it('meets minimums and the requested count', () => {
    expect(generateAnswers(form, NOW).participants).toHaveLength(2);
    expect(
      generateAnswers(form, NOW, { participantCount: 4 }).participants.map((item) => item.category),
    ).toEqual(['child', 'child', 'child', 'adult']);
    expect(generateAnswers(form, NOW, { participantCount: 9 }).participants).toHaveLength(4);
  });

  it('answers only required fields on request', () => {
    const answers = generateAnswers(form, NOW, { requiredOnly: true });

    expect(Object.keys(answers.guardian)).toEqual(['firstName', 'email', 'memberCode']);
    expect(answers.booking).toEqual({ shirt: 'S', nights: 2, consent: true });
    expect(validateWithJsonSchema(registrationFormToJsonSchema(form), answers)).toEqual([]);
  });

  it('fits birth dates to the age range', () => {
    const [child] = generateAnswers(form, NOW).participants;

    expect(child?.answers.birthDate).toBe('2017-03-02');
  });

  it('matches patterns and length limits', () => {
    const answers = generateAnswers(form, NOW);

    expect(answers.guardian.memberCode).toBe('12345');
    expect(answers.participants[0]?.answers.firstName).toBe('Ale');
    expect(answers.booking).toEqual({ shirt: 'S', extras: ['lunch'], nights: 2, consent: true });
  });

  it('fills time and date-time patterns', () => {
    const text = (key: string, pattern: string, required = false) => ({
      key,
      label: key,
      scope: 'guardian' as const,
      type: 'text' as const,
      required,
      constraints: { pattern },
    });
    const timed: RegistrationForm = {
      ...form,
      fields: [
        ...form.fields,
        text('pickup', '^([01]\\d|2[0-3]):[0-5]\\d$'),
        text('arrival', '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?(Z|[+-]\\d{2}:\\d{2})$'),
        text('impossible', '^@never@$'),
        text('impossibleRequired', '^@never@$', true),
      ],
    };

    const answers = generateAnswers(timed, NOW);

    expect(answers.guardian.pickup).toBe('09:30');
    expect(answers.guardian.arrival).toBe('2027-06-28T09:30:00Z');
    expect(answers.guardian).not.toHaveProperty('impossible');
    expect(answers.guardian.impossibleRequired).toBe('Sample answer');
    expect(validateWithJsonSchema(registrationFormToJsonSchema(timed), answers)).toEqual([
      '/guardian/impossibleRequired must match pattern "^@never@$"',
    ]);
  });
});

describe('validateWithJsonSchema', () => {
  it('lists each problem with its path', () => {
    const schema = registrationFormToJsonSchema(form);
    const problems = validateWithJsonSchema(schema, { guardian: {}, participants: [] });

    expect(problems.some((problem) => problem.startsWith('/guardian'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('/participants'))).toBe(true);
  });

  it('reports a schema that does not compile', () => {
    const problems = validateWithJsonSchema({ type: 'no-such-type' }, {});

    expect(problems[0]).toMatch(/does not compile/);
  });
});
