import { z } from 'zod';
import { invalidRequest } from './errors.js';
import { formatParam, type FormObject, type FormValue } from './form.js';

/**
 * Schemas of form-encoded Stripe parameters. Every value arrives as text, so integers and
 * booleans are parsed here and report Stripe's error codes (`parameter_invalid_integer`,
 * `parameter_missing`, `parameter_unknown`) with the parameter's bracketed name.
 */

/** Schema of a whole number sent as text. */
export const integer = z.string().transform((text, context) => {
  if (/^-?\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  context.addIssue({
    code: 'custom',
    message: `Invalid integer: ${text}`,
    params: { stripeCode: 'parameter_invalid_integer' },
  });
  return z.NEVER;
});

/** Schema of a non-negative whole number sent as text. */
export const amount = integer.pipe(
  z.number().refine((value) => value >= 0, {
    message: 'This value must be greater than or equal to 0.',
    params: { stripeCode: 'parameter_invalid_integer' },
  }),
);

/** Schema of `true` or `false` sent as text. */
export const boolean = z.string().transform((text, context) => {
  if (text === 'true') return true;
  if (text === 'false') return false;
  context.addIssue({
    code: 'custom',
    message: `Invalid boolean: ${text}`,
    params: { stripeCode: 'parameter_invalid_boolean' },
  });
  return z.NEVER;
});

/** Schema of a currency code. Stripe accepts upper case and returns lower case. */
export const currency = z.string().transform((text, context) => {
  const code = text.toLowerCase();
  if (/^[a-z]{3}$/.test(code)) return code;
  context.addIssue({ code: 'custom', message: `Invalid currency: ${text}.` });
  return z.NEVER;
});

/** Schema of Stripe metadata: up to 50 keys of at most 40 characters, values of at most 500. */
export const metadata = z.record(z.string(), z.string()).superRefine((entries, context) => {
  const keys = Object.keys(entries);
  if (keys.length > 50) {
    context.addIssue({ code: 'custom', message: 'Metadata can have at most 50 keys.' });
  }
  for (const key of keys) {
    if (key.length > 40 || (entries[key] ?? '').length > 500) {
      context.addIssue({
        code: 'custom',
        message: 'Metadata keys can be at most 40 characters and values at most 500 characters.',
        path: [key],
      });
    }
  }
});

/** Schema of the `expand` list of dotted paths. */
export const expand = z.array(z.string()).optional();

/**
 * Parses `params` with `schema`, or throws the 400 error Stripe would return for the first
 * problem. Empty values (`param=`) mean "not set", as in Stripe, and are dropped first.
 */
export function parseParams<Schema extends z.ZodType>(
  schema: Schema,
  params: FormObject,
): z.output<Schema> {
  const result = schema.safeParse(dropEmpty(params), { reportInput: true });
  if (result.success) return result.data;

  const issue = result.error.issues[0] as z.core.$ZodIssue;
  throw issueToError(issue);
}

function issueToError(issue: z.core.$ZodIssue) {
  const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));

  if (issue.code === 'unrecognized_keys') {
    const param = formatParam([...path, issue.keys[0] ?? '']);
    return invalidRequest(`Received unknown parameter: ${param}`, {
      code: 'parameter_unknown',
      param,
    });
  }

  const param = formatParam(path);
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return invalidRequest(`Missing required param: ${param}.`, {
      code: 'parameter_missing',
      param,
    });
  }
  if (issue.code === 'invalid_value') {
    const allowed = issue.values.map(String).join(', ');
    return invalidRequest(`Invalid ${param}: must be one of ${allowed}`, {
      code: 'parameter_invalid_string',
      param,
    });
  }
  if (issue.code === 'invalid_type') {
    return invalidRequest(`Invalid ${issue.expected} for ${param}.`, { param });
  }

  const params =
    issue.code === 'custom' ? (issue.params as { stripeCode?: string } | undefined) : undefined;
  return invalidRequest(issue.message, {
    ...(params?.stripeCode === undefined ? {} : { code: params.stripeCode }),
    ...(param === '' ? {} : { param }),
  });
}

function dropEmpty(value: FormValue): FormValue | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (Array.isArray(value)) {
    return value.map(dropEmpty).filter((item): item is FormValue => item !== undefined);
  }
  const kept: { [key: string]: FormValue } = {};
  for (const [key, item] of Object.entries(value)) {
    const cleaned = dropEmpty(item);
    if (cleaned !== undefined) kept[key] = cleaned;
  }
  return kept;
}
