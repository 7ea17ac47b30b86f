import type { BookeoFieldDefinition, BookeoFieldValue } from '../bookeo-api.js';
import { badRequest } from './errors.js';

/** Field or option definitions grouped by kind, as Bookeo groups them. */
export interface FieldDefinitionGroups {
  choice?: BookeoFieldDefinition[];
  number?: BookeoFieldDefinition[];
  onOff?: BookeoFieldDefinition[];
  text?: BookeoFieldDefinition[];
}

type FieldKind = keyof FieldDefinitionGroups;

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Checks values sent for custom fields or product options against their definitions, and
 * rejects with 400 an unknown id, a value of the wrong kind, or a missing required field.
 * A choice's value is the choice's name, and an on/off value is "true" or "false".
 */
export function checkFieldValues(
  groups: FieldDefinitionGroups,
  values: BookeoFieldValue[] | undefined,
  fieldPath: string,
): void {
  const definitions = new Map<string, { definition: BookeoFieldDefinition; kind: FieldKind }>();
  for (const kind of ['choice', 'number', 'onOff', 'text'] as const) {
    for (const definition of groups[kind] ?? [])
      definitions.set(definition.id, { definition, kind });
  }

  const given = new Set<string>();
  for (const value of values ?? []) {
    const entry = definitions.get(value.id);
    if (!entry) badRequest(`Invalid field ${fieldPath}: unknown id "${value.id}".`);
    checkValue(entry.definition, entry.kind, value.value, fieldPath);
    if (value.value.trim() !== '') given.add(value.id);
  }

  for (const { definition } of definitions.values()) {
    if (definition.required && !given.has(definition.id)) {
      badRequest(`Missing required ${fieldPath} "${definition.name}" (id ${definition.id}).`);
    }
  }
}

function checkValue(
  definition: BookeoFieldDefinition,
  kind: FieldKind,
  value: string,
  fieldPath: string,
): void {
  const label = `${fieldPath} "${definition.name}" (id ${definition.id})`;

  if (kind === 'choice') {
    const names = (definition.choices ?? []).map((choice) => choice.name);
    if (!names.includes(value)) {
      badRequest(`Invalid value for ${label}: expected one of ${names.join(', ')}.`);
    }
  }
  if (kind === 'onOff' && value !== 'true' && value !== 'false') {
    badRequest(`Invalid value for ${label}: expected "true" or "false".`);
  }
  if (kind === 'number' && value.trim() !== '' && !NUMBER.test(value.trim())) {
    badRequest(`Invalid value for ${label}: expected a number.`);
  }
}
