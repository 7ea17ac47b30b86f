import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  RegistrationPaymentSchema,
  RegistrationRequestSchema,
  type RegistrationRequest,
} from '../src/index.js';

const request: RegistrationRequest = {
  programId: 'LTS58',
  sessionId: 'LTS58_2026-07-06',
  guardian: { firstName: 'Ana', lastName: 'Ruiz', email: 'ana@example.com' },
  participants: [{ category: 'Cchildren', answers: { firstName: 'Leo' } }],
  idempotencyKey: 'registration-0001',
};

const payment = { amount: { amountMinor: 8_500, currency: 'USD' }, reference: '9f2c4e1a7b3d5f60' };

function issueOf(value: unknown): string {
  const parsed = RegistrationRequestSchema.safeParse(value);
  if (parsed.success) return 'accepted';
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join('.')}: ${issue.message}`;
}

describe('registration request payment', () => {
  it('is optional', () => {
    expect(RegistrationRequestSchema.parse(request)).toEqual(request);
  });

  it('accepts an authorized program fee', () => {
    expect(RegistrationRequestSchema.parse({ ...request, payment })).toEqual({
      ...request,
      payment,
    });
  });

  it.each([
    ['a zero amount', { ...payment, amount: { amountMinor: 0, currency: 'USD' } }, /amount/],
    [
      'a fractional amount',
      { ...payment, amount: { amountMinor: 85.5, currency: 'USD' } },
      /amount/,
    ],
    [
      'an unknown currency',
      { ...payment, amount: { amountMinor: 100, currency: 'XYZ' } },
      /currency/,
    ],
    ['an empty reference', { ...payment, reference: '' }, /reference/],
    ['a reference with spaces', { ...payment, reference: 'paid by card' }, /reference/],
    ['a reference of 65 characters', { ...payment, reference: 'r'.repeat(65) }, /reference/],
    ['a card number as reference', { ...payment, reference: '4242424242424242' }, /card number/],
    ['a dashed card number', { ...payment, reference: '4000-0566-5566-5556' }, /card number/],
    ['an unknown field', { ...payment, cardLast4: '4242' }, /cardLast4|Unrecognized/],
  ])('rejects %s', (_, value, message) => {
    expect(issueOf({ ...request, payment: value })).toMatch(message);
  });

  it('accepts a numeric reference that is no card number', () => {
    const reference = '4242424242424241';

    expect(RegistrationPaymentSchema.safeParse({ ...payment, reference }).success).toBe(true);
  });

  it('appears in the JSON Schema', () => {
    const schema = z.toJSONSchema(RegistrationRequestSchema) as {
      properties: Record<string, { required?: string[]; additionalProperties?: unknown }>;
      required: string[];
    };

    expect(schema.required).not.toContain('payment');
    expect(schema.properties.payment?.required).toEqual(['amount', 'reference']);
    expect(schema.properties.payment?.additionalProperties).toBe(false);
  });
});
