import {
  ConnectorError,
  RegistrationFormSchema,
  type FormField,
  type ParticipantCategorySchema,
  type RegistrationForm,
} from '@signupassist/contract';
import type { z } from 'zod';
import type {
  BookeoCustomerCustomFields,
  BookeoFieldDefinition,
  BookeoPeopleCategory,
  BookeoProduct,
  BookeoProductOptions,
} from './bookeo-api.js';
import { isApiBookable } from './catalog.js';
import { checkOutput } from './errors.js';
import type { BookeoClient } from './http-client.js';
import type { BookeoSettingsCache } from './settings.js';

// NOTE: Bookeo documents no limit for a product without a bookingLimits entry, so 10 is a guess.
/** Max people of one category per booking when the product sets no booking limit. */
export const DEFAULT_CATEGORY_MAX = 10;

/** Kind of a Bookeo custom field or product option. */
export type BookeoValueKind = 'choice' | 'number' | 'onOff' | 'text';

/** Destination of a form field's value in a Bookeo booking. */
export type FieldBinding =
  | { target: 'customer'; property: 'firstName' | 'lastName' | 'emailAddress' | 'phone' }
  | { target: 'person'; property: 'firstName' | 'lastName' | 'birthDate' }
  | { target: 'customerCustomField' | 'option'; bookeoId: string; kind: BookeoValueKind };

/** A contract form with the Bookeo destination of each field, keyed by `scope:key`. */
export interface BookeoForm {
  form: RegistrationForm;
  product: BookeoProduct;
  bindings: Map<string, FieldBinding>;
}

type ParticipantCategory = z.input<typeof ParticipantCategorySchema>;

const KIND_TYPES: Record<BookeoValueKind, FormField['type']> = {
  choice: 'select',
  number: 'number',
  onOff: 'boolean',
  text: 'text',
};

/** Returns the map key of a binding: the field's scope and key. */
export function bindingKey(scope: FormField['scope'], key: string): string {
  return `${scope}:${key}`;
}

/** Turns a Bookeo id into a field key: `custom_` or `option_` and the id's letters and digits. */
function fieldKey(prefix: string, bookeoId: string, taken: Set<string>): string {
  const base = `${prefix}_${bookeoId.replace(/[^A-Za-z0-9_]/g, '_')}`;
  let key = base;
  for (let suffix = 2; taken.has(key); suffix += 1) key = `${base}_${suffix}`;
  taken.add(key);
  return key;
}

class FormBuilder {
  readonly fields: FormField[] = [];
  readonly bindings = new Map<string, FieldBinding>();
  readonly warnings: string[] = [];
  readonly #taken = new Map<FormField['scope'], Set<string>>();

  add(field: FormField, binding: FieldBinding): void {
    this.fields.push(field);
    this.#keys(field.scope).add(field.key);
    this.bindings.set(bindingKey(field.scope, field.key), binding);
  }

  addDefinitions(
    scope: FormField['scope'],
    prefix: string,
    target: 'customerCustomField' | 'option',
    groups: [BookeoValueKind, BookeoFieldDefinition[] | undefined][],
  ): void {
    for (const [kind, definitions] of groups) {
      for (const definition of definitions ?? []) {
        const key = fieldKey(prefix, definition.id, this.#keys(scope));
        const field = this.#definitionField(scope, key, kind, definition);
        this.fields.push(field);
        this.bindings.set(bindingKey(scope, key), { target, bookeoId: definition.id, kind });
      }
    }
  }

  #keys(scope: FormField['scope']): Set<string> {
    let keys = this.#taken.get(scope);
    if (!keys) {
      keys = new Set();
      this.#taken.set(scope, keys);
    }
    return keys;
  }

  #definitionField(
    scope: FormField['scope'],
    key: string,
    kind: BookeoValueKind,
    definition: BookeoFieldDefinition,
  ): FormField {
    const choices = definition.choices ?? [];
    let type = KIND_TYPES[kind];
    if (kind === 'choice' && choices.length === 0) {
      type = 'text';
      this.warnings.push(`"${definition.name}" has no choices in Bookeo and is asked as text.`);
    }
    return {
      key,
      label: definition.name,
      scope,
      type,
      required: definition.required ?? false,
      ...(definition.description ? { description: definition.description } : {}),
      ...(type === 'select'
        ? { options: choices.map((choice) => ({ value: choice.name, label: choice.name })) }
        : {}),
    };
  }
}

function addBasics(builder: FormBuilder): void {
  const text = { type: 'text', required: true, constraints: { maxLength: 100 } } as const;
  builder.add(
    { key: 'firstName', label: 'First name', scope: 'guardian', ...text },
    { target: 'customer', property: 'firstName' },
  );
  builder.add(
    { key: 'lastName', label: 'Last name', scope: 'guardian', ...text },
    { target: 'customer', property: 'lastName' },
  );
  builder.add(
    { key: 'email', label: 'Email', scope: 'guardian', type: 'email', required: true },
    { target: 'customer', property: 'emailAddress' },
  );
  builder.add(
    { key: 'phone', label: 'Phone', scope: 'guardian', type: 'phone', required: false },
    { target: 'customer', property: 'phone' },
  );
  builder.add(
    { key: 'firstName', label: 'First name', scope: 'participant', ...text },
    { target: 'person', property: 'firstName' },
  );
  builder.add(
    { key: 'lastName', label: 'Last name', scope: 'participant', ...text },
    { target: 'person', property: 'lastName' },
  );
  // NOTE: Bookeo's name for a participant's birth date is unconfirmed, so `birthDate` is assumed.
  builder.add(
    { key: 'birthDate', label: 'Birth date', scope: 'participant', type: 'date', required: false },
    { target: 'person', property: 'birthDate' },
  );
}

function participantCategories(
  product: BookeoProduct,
  categories: BookeoPeopleCategory[],
): ParticipantCategory[] {
  const ids = [...new Set(product.defaultRates.map((rate) => rate.peopleCategoryId))];
  const result: ParticipantCategory[] = [];
  for (const id of ids) {
    const limit = product.bookingLimits?.find((item) => item.peopleCategoryId === id);
    const max = limit?.max ?? DEFAULT_CATEGORY_MAX;
    if (max <= 0) continue;

    const label = categories.find((category) => category.id === id)?.name ?? id;
    result.push({ id, label, min: Math.min(limit?.min ?? 0, max), max });
  }
  return result;
}

function optionGroups(options: BookeoProductOptions | undefined) {
  return [
    ['choice', options?.choiceOptions],
    ['number', options?.numberOptions],
    ['onOff', options?.onOffOptions],
    ['text', options?.textOptions],
  ] satisfies [BookeoValueKind, BookeoFieldDefinition[] | undefined][];
}

/**
 * Builds the registration form of a product from Bookeo's settings: guardian basics and the
 * customer custom fields, participant names and birth date per people category that has a
 * rate, and the product's options as booking questions.
 */
export function buildBookeoForm(
  client: BookeoClient,
  product: BookeoProduct,
  categories: BookeoPeopleCategory[],
  customFields: BookeoCustomerCustomFields,
  sessionId?: string,
): BookeoForm {
  const builder = new FormBuilder();
  addBasics(builder);
  builder.addDefinitions('guardian', 'custom', 'customerCustomField', [
    ['choice', customFields.choiceFields],
    ['number', customFields.numberFields],
    ['onOff', customFields.onOffFields],
    ['text', customFields.textFields],
  ]);
  builder.addDefinitions('booking', 'option', 'option', optionGroups(product.options));

  const participantCategoryList = participantCategories(product, categories);
  if (participantCategoryList.length === 0) {
    throw new ConnectorError(
      'unsupported',
      `Bookeo product "${product.productId}" has no rates for any people category, so it ` +
        'cannot be booked.',
      { vendorId: client.context.vendor.id },
    );
  }
  if (!isApiBookable(product)) {
    builder.warnings.push('Bookeo does not take API bookings for this program; book it directly.');
  }

  const minimum = participantCategoryList.reduce((sum, category) => sum + category.min, 0);
  const maximum = participantCategoryList.reduce((sum, category) => sum + category.max, 0);
  const form = {
    programId: product.productId,
    ...(sessionId === undefined ? {} : { sessionId }),
    fields: builder.fields,
    participantCategories: participantCategoryList,
    minParticipants: Math.max(1, minimum),
    maxParticipants: Math.max(1, minimum, maximum),
    ...(builder.warnings.length > 0 ? { warnings: builder.warnings } : {}),
  };
  const checked = checkOutput(
    RegistrationFormSchema,
    form,
    client.failureScope({ endpoint: 'GET /settings/products' }),
  );
  return { form: checked, product, bindings: builder.bindings };
}

/** Loads the Bookeo settings a product's form needs and builds the form. */
export async function loadBookeoForm(
  client: BookeoClient,
  settings: BookeoSettingsCache,
  target: { programId: string; sessionId?: string },
): Promise<BookeoForm> {
  const [product, categories, customFields] = await Promise.all([
    settings.product(client, target.programId),
    settings.peopleCategories(client),
    settings.customerCustomFields(client),
  ]);
  return buildBookeoForm(client, product, categories, customFields, target.sessionId);
}
