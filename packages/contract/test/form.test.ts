import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import {
  AnswersSchema,
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

describe('answer checks on hostile input', () => {
  const answersWithEmail = (email: string) => ({
    ...validAnswers,
    guardian: { ...validAnswers.guardian, email },
  });

  it('rejects a long malformed email', () => {
    const issues = validateRegistrationAnswers(swimForm, answersWithEmail(`a@${'.'.repeat(240)}@`));
    expect(issues.map((issue) => issue.path)).toEqual(['guardian.email']);
  });

  it('rejects emails over 254 characters', () => {
    const issues = validateRegistrationAnswers(
      swimForm,
      answersWithEmail(`${'a'.repeat(250)}@example.com`),
    );
    expect(issues[0]?.message).toMatch(/at most 254 characters/);
  });

  it('accepts ordinary emails', () => {
    for (const email of ['dana@example.com', 'dana.rivera+swim@mail.example.co.uk']) {
      expect(validateRegistrationAnswers(swimForm, answersWithEmail(email)), email).toEqual([]);
    }
    for (const email of ['dana@example', 'dana@.com', 'dana@example..com', 'da na@example.com']) {
      expect(validateRegistrationAnswers(swimForm, answersWithEmail(email)).length, email).toBe(1);
    }
  });

  it('reads years below 100 as written', () => {
    const child = validAnswers.participants[0]!;
    const issues = validateRegistrationAnswers(swimForm, {
      ...validAnswers,
      participants: [{ ...child, answers: { ...child.answers, birthDate: '0099-03-01' } }],
    });
    expect(issues).toEqual([]);
  });

  it('caps the length of text answers', () => {
    expect(AnswersSchema.safeParse({ note: 'x'.repeat(5001) }).success).toBe(false);
    expect(AnswersSchema.safeParse({ note: 'x'.repeat(5000) }).success).toBe(true);
  });
});
