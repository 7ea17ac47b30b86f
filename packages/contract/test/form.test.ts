import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import {
  registrationFormToJsonSchema,
  RegistrationFormSchema,
  validateRegistrationAnswers,
} from '../src/index.js';
import { swimForm, validAnswers } from './fixtures.js';

function compile() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(registrationFormToJsonSchema(swimForm));
}

describe('registration form schema', () => {
  it('accepts the fixture form', () => {
    expect(RegistrationFormSchema.parse(swimForm)).toEqual(swimForm);
  });

  it('rejects a select without options and a bad key', () => {
    const select = {
      key: 'level',
      label: 'Level',
      scope: 'guardian',
      type: 'select',
      required: true,
    };
    expect(RegistrationFormSchema.safeParse({ ...swimForm, fields: [select] }).success).toBe(false);
    const badKey = { ...select, key: 'swim level', type: 'text' };
    expect(RegistrationFormSchema.safeParse({ ...swimForm, fields: [badKey] }).success).toBe(false);
  });
});

describe('registrationFormToJsonSchema', () => {
  it('declares draft 2020-12', () => {
    expect(registrationFormToJsonSchema(swimForm).$schema).toBe(
      'https://json-schema.org/draft/2020-12/schema',
    );
  });

  it('accepts valid answers', () => {
    const validate = compile();
    expect(validate(validAnswers), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects what the validator rejects', () => {
    const validate = compile();
    const cases = [
      { ...validAnswers, guardian: { firstName: 'Dana' } },
      { ...validAnswers, guardian: { ...validAnswers.guardian, email: 'not-an-email' } },
      { ...validAnswers, participants: [] },
      {
        ...validAnswers,
        participants: [
          {
            category: 'Cchildren',
            answers: { childName: 'Sam', birthDate: '2019-04-02', swimLevel: 'expert' },
          },
        ],
      },
      { ...validAnswers, booking: { photos: 'yes' } },
      { ...validAnswers, booking: { photos: true, siblings: 9 } },
    ];
    for (const answers of cases) {
      expect(validate(answers), JSON.stringify(answers)).toBe(false);
      expect(validateRegistrationAnswers(swimForm, answers as never).length).toBeGreaterThan(0);
    }
  });
});

describe('validateRegistrationAnswers', () => {
  it('accepts valid answers', () => {
    expect(validateRegistrationAnswers(swimForm, validAnswers)).toEqual([]);
  });

  it('names each missing and invalid field', () => {
    const issues = validateRegistrationAnswers(swimForm, {
      guardian: { email: 'dana@', unknown: 'x' },
      participants: [
        {
          category: 'Cadults',
          answers: { childName: 'Sam', birthDate: '2019-02-30', swimLevel: 'beginner' },
        },
      ],
      booking: {},
    });
    const paths = issues.map((issue) => issue.path);
    expect(paths).toContain('guardian.firstName');
    expect(paths).toContain('guardian.email');
    expect(paths).toContain('guardian.unknown');
    expect(paths).toContain('participants.0.category');
    expect(paths).toContain('participants.0.birthDate');
    expect(paths).toContain('booking.photos');
    expect(issues.find((issue) => issue.path === 'guardian.firstName')?.message).toBe(
      'First name is required',
    );
  });

  it('checks participant counts', () => {
    const child = validAnswers.participants[0]!;
    const issues = validateRegistrationAnswers(swimForm, {
      ...validAnswers,
      participants: [child, child, child, child],
    });
    expect(issues.map((issue) => issue.path)).toContain('participants');
  });
});
