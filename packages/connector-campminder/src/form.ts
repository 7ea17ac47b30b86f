import {
  ConnectorError,
  RegistrationFormSchema,
  type FormField,
  type RegistrationForm,
} from '@signupassist/contract';
import {
  CAMPMINDER_PATHS,
  campMinderCustomFieldSchema,
  type CampMinderCustomField,
} from './campminder-api.js';
import { findProgram, loadCatalog } from './catalog.js';
import type { CatalogSession } from './catalog-model.js';
import { checkOutput } from './errors.js';
import type { CampMinderClient } from './http-client.js';

/** Id of the one participant category: the camper. */
export const CAMPER_CATEGORY_ID = 'camper';

/** Max campers one registration may name; a family registers more in a second one. */
export const MAX_CAMPERS = 6;

/** Partitions whose custom fields are asked of the guardian. */
const GUARDIAN_PARTITIONS = new Set(['parent', 'family', 'adult']);

const NAME = { type: 'text', required: true, constraints: { maxLength: 100 } } as const;

/** The fields of every CampMinder registration form, before the camp's custom fields. */
export const BASE_FIELDS: readonly FormField[] = [
  { key: 'firstName', label: 'First name', scope: 'guardian', ...NAME },
  { key: 'lastName', label: 'Last name', scope: 'guardian', ...NAME },
  { key: 'email', label: 'Email', scope: 'guardian', type: 'email', required: true },
  { key: 'phone', label: 'Phone', scope: 'guardian', type: 'phone', required: false },
  { key: 'firstName', label: 'First name', scope: 'participant', ...NAME },
  { key: 'lastName', label: 'Last name', scope: 'participant', ...NAME },
  { key: 'birthDate', label: 'Birth date', scope: 'participant', type: 'date', required: true },
];

/**
 * Returns the form scope of a custom field from its partition. A list that includes Camper
 * ("Camper, Adult") is about the camper. Parent, Family and Adult fields, and fields without a
 * partition, are about the guardian. Other partitions (Staff, Alumni, ...) are not part of a
 * registration, so undefined.
 */
export function partitionScope(
  partition: CampMinderCustomField['partition'],
): 'guardian' | 'participant' | undefined {
  const names = (Array.isArray(partition) ? partition : (partition ?? '').split(','))
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (names.length === 0) return 'guardian';
  if (names.includes('camper')) return 'participant';
  return names.some((name) => GUARDIAN_PARTITIONS.has(name)) ? 'guardian' : undefined;
}

type FieldShape = Pick<FormField, 'type'> & Partial<Pick<FormField, 'constraints' | 'description'>>;

/** Returns the form type of a CampMinder data type, or undefined for an unknown one. */
export function dataTypeShape(dataType: string): FieldShape | undefined {
  switch (dataType.trim().toLowerCase()) {
    case 'string':
      return { type: 'text' };
    case 'integer':
      return { type: 'number', constraints: { integer: true } };
    case 'decimal':
      return { type: 'number' };
    case 'date':
      return { type: 'date' };
    // Time and DateTime answers get a format hint but no pattern. The answers never reach
    // CampMinder, whose own form asks them again, so a pattern would only block the hand-off.
    case 'time':
      return { type: 'text', description: 'A time as HH:MM, such as 08:30.' };
    case 'datetime':
      return {
        type: 'text',
        description: 'A date and time as ISO 8601, such as 2027-06-28T08:30.',
      };
    case 'boolean':
      return { type: 'boolean' };
    default:
      return undefined;
  }
}

/** Fields and warnings built from a camp's custom fields. */
export interface CustomFieldMapping {
  fields: FormField[];
  warnings: string[];
}

/**
 * Maps a camp's active custom fields to optional form fields keyed `custom_<id>`. Their answers
 * are optional here because the camp's own form enforces its rules. A field of an unknown data
 * type is asked as text, with a warning. A repeated id is asked once.
 */
export function mapCustomFields(definitions: CampMinderCustomField[]): CustomFieldMapping {
  const fields: FormField[] = [];
  const warnings: string[] = [];
  const keys = new Set<string>();
  for (const definition of definitions) {
    const key = `custom_${definition.id}`;
    if (!definition.isActive || definition.id < 0 || keys.has(key)) continue;
    const scope = partitionScope(definition.partition);
    if (scope === undefined) continue;

    let shape = dataTypeShape(definition.dataType);
    if (shape === undefined) {
      shape = { type: 'text' };
      warnings.push(
        `"${definition.name}" has the CampMinder data type "${definition.dataType}", which ` +
          'is asked as text.',
      );
    }
    const label = definition.name.trim() || `Custom field ${definition.id}`;
    keys.add(key);
    fields.push({ key, label, scope, required: false, ...shape });
  }
  return { fields, warnings };
}

/** Reads the camp's custom field definitions. */
export function loadCustomFields(client: CampMinderClient): Promise<CampMinderCustomField[]> {
  return client.sendForAllPages(
    {
      path: CAMPMINDER_PATHS.customFields,
      endpoint: `GET ${CAMPMINDER_PATHS.customFields}`,
      query: { clientid: client.config.clientId },
    },
    campMinderCustomFieldSchema,
  );
}

/** Builds the registration form of a program, or of one session when `session` is given. */
export function buildForm(
  programId: string,
  session: CatalogSession | undefined,
  customFields: CampMinderCustomField[],
): RegistrationForm {
  const custom = mapCustomFields(customFields);
  const ageRange =
    session && (session.minAge !== undefined || session.maxAge !== undefined)
      ? {
          ...(session.minAge === undefined ? {} : { minYears: session.minAge }),
          ...(session.maxAge === undefined ? {} : { maxYears: session.maxAge }),
        }
      : undefined;
  const validAgeRange =
    ageRange?.minYears !== undefined &&
    ageRange.maxYears !== undefined &&
    ageRange.minYears > ageRange.maxYears
      ? undefined
      : ageRange;

  return {
    programId,
    ...(session ? { sessionId: session.id } : {}),
    fields: [...BASE_FIELDS, ...custom.fields],
    participantCategories: [
      {
        id: CAMPER_CATEGORY_ID,
        label: 'Camper',
        min: 1,
        max: MAX_CAMPERS,
        ...(validAgeRange ? { ageRange: validAgeRange } : {}),
      },
    ],
    minParticipants: 1,
    maxParticipants: MAX_CAMPERS,
    warnings: [
      'CampMinder takes registrations only on the camp’s own registration page. The family ' +
        'finishes there, and the camp’s form asks its own questions again.',
      ...custom.warnings,
    ],
  };
}

/**
 * Loads what a form needs and builds it: the catalog, to check that the program (and the
 * session) exist, and the camp's custom fields.
 */
export async function getRegistrationForm(
  client: CampMinderClient,
  target: { programId: string; sessionId?: string },
): Promise<RegistrationForm> {
  const catalog = await loadCatalog(client);
  const program = findProgram(client, catalog, target.programId);
  const session =
    target.sessionId === undefined ? undefined : findSession(client, program.sessions, target);
  const customFields = await loadCustomFields(client);
  return checkOutput(
    RegistrationFormSchema,
    buildForm(program.id, session, customFields),
    client.failureScope(`GET ${CAMPMINDER_PATHS.customFields}`),
  );
}

function findSession(
  client: CampMinderClient,
  sessions: CatalogSession[],
  target: { programId: string; sessionId?: string },
): CatalogSession {
  const session = sessions.find((item) => item.id === target.sessionId);
  if (session) return session;
  throw new ConnectorError(
    'not_found',
    `Program "${target.programId}" of vendor "${client.context.vendor.displayName}" has no ` +
      `active session "${target.sessionId}".`,
    { vendorId: client.context.vendor.id },
  );
}
