import type { FormField, RegistrationForm } from './form.js';

/** A JSON Schema document (draft 2020-12), as a plain object. */
export type JsonSchema = Record<string, unknown>;

/** Pattern of a phone number answer: digits with optional +, spaces, dots, dashes, brackets. */
export const PHONE_PATTERN = '^\\+?[0-9 ().-]{6,24}$';

function fieldSchema(field: FormField): JsonSchema {
  const constraints = field.constraints ?? {};
  const common: JsonSchema = { title: field.label };
  if (field.description) common.description = field.description;

  switch (field.type) {
    case 'text':
    case 'email':
    case 'phone':
    case 'date': {
      const schema: JsonSchema = { ...common, type: 'string' };
      if (field.type === 'email') schema.format = 'email';
      if (field.type === 'date') schema.format = 'date';
      if (field.type === 'phone') schema.pattern = PHONE_PATTERN;
      if (constraints.pattern) schema.pattern = constraints.pattern;
      if (constraints.minLength !== undefined) schema.minLength = constraints.minLength;
      else if (field.required) schema.minLength = 1;
      if (constraints.maxLength !== undefined) schema.maxLength = constraints.maxLength;
      return schema;
    }
    case 'number': {
      const schema: JsonSchema = { ...common, type: constraints.integer ? 'integer' : 'number' };
      if (constraints.min !== undefined) schema.minimum = constraints.min;
      if (constraints.max !== undefined) schema.maximum = constraints.max;
      return schema;
    }
    case 'boolean':
      return { ...common, type: 'boolean' };
    case 'select':
      return {
        ...common,
        type: 'string',
        enum: (field.options ?? []).map((option) => option.value),
      };
    case 'multiselect':
      return {
        ...common,
        type: 'array',
        uniqueItems: true,
        items: { type: 'string', enum: (field.options ?? []).map((option) => option.value) },
      };
  }
}

function scopeSchema(fields: FormField[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const field of fields) properties[field.key] = fieldSchema(field);
  return {
    type: 'object',
    properties,
    required: fields.filter((field) => field.required).map((field) => field.key),
    additionalProperties: false,
  };
}

/**
 * Converts a registration form to a JSON Schema (draft 2020-12) of the `guardian`,
 * `participants` and `booking` parts of a registration request, so a chat client can render
 * the form and check answers before sending them.
 */
export function registrationFormToJsonSchema(form: RegistrationForm): JsonSchema {
  const inScope = (scope: FormField['scope']) =>
    form.fields.filter((field) => field.scope === scope);
  const participant = scopeSchema(inScope('participant'));
  const booking = inScope('booking');

  const schema: JsonSchema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `Registration for ${form.programId}`,
    type: 'object',
    properties: {
      guardian: scopeSchema(inScope('guardian')),
      participants: {
        type: 'array',
        minItems: form.minParticipants,
        maxItems: form.maxParticipants,
        items: {
          type: 'object',
          properties: {
            category: {
              type: 'string',
              enum: form.participantCategories.map((category) => category.id),
            },
            answers: participant,
          },
          required: ['category', 'answers'],
          additionalProperties: false,
        },
      },
      ...(booking.length > 0 ? { booking: scopeSchema(booking) } : {}),
    },
    required: ['guardian', 'participants', ...(booking.some((f) => f.required) ? ['booking'] : [])],
    additionalProperties: false,
  };
  return schema;
}
