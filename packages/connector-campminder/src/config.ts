import { isCurrencyCode } from '@signupassist/contract';
import { z } from 'zod';

/** Base URL of the CampMinder API. */
export const CAMPMINDER_DEFAULT_BASE_URL = 'https://api.campminder.com';

/** Placeholders a `registrationUrl` template may contain. */
export const REGISTRATION_URL_PLACEHOLDERS = ['sessionId', 'programId', 'reference'] as const;

/**
 * Builds the schema of one key. Spaces and line breaks around a pasted key are trimmed. A
 * control character inside it, such as a line break, is rejected, because a header cannot carry
 * a line break and the request would fail before it is sent.
 */
function keySchema(field: string, label: string) {
  const required = `${field} is required: copy the ${label} from CampMinder`;
  return z
    .string({ error: required })
    .trim()
    .min(1, required)
    .regex(
      /^[^\x00-\x1f\x7f]+$/,
      `${field} contains a line break or another control character: copy the ${label} from ` +
        'CampMinder again',
    );
}

/**
 * A vendor's CampMinder credentials, both issued in the camp's CampMinder admin. Both are
 * secret, and API keys expire within a year.
 */
export const CampMinderCredentialsSchema = z.strictObject({
  /** API key, sent raw as `Authorization` when the connector requests a token. */
  apiKey: keySchema('apiKey', 'API key'),
  /** Subscription key, sent as `Ocp-Apim-Subscription-Key` on every request. */
  subscriptionKey: keySchema('subscriptionKey', 'subscription key'),
});

/** A vendor's CampMinder credentials. */
export type CampMinderCredentials = z.infer<typeof CampMinderCredentialsSchema>;

/**
 * Checks that a template names only known placeholders and fills to an http(s) URL whose
 * origin no placeholder changes.
 */
function checkRegistrationUrl(template: string, context: z.RefinementCtx): void {
  const unknown = [...template.matchAll(/\{([^{}]*)\}/g)]
    .map((match) => match[1] ?? '')
    .filter((name) => !(REGISTRATION_URL_PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    context.addIssue({
      code: 'custom',
      message:
        `registrationUrl has unknown placeholder {${unknown[0]}}: use only ` +
        REGISTRATION_URL_PLACEHOLDERS.map((name) => `{${name}}`).join(', '),
    });
    return;
  }

  // {programId} fills in empty for a session without programs, so the template must be a URL
  // both with values and with empty placeholders, and on the same origin with both.
  const filled = parseHttpUrl(template.replace(/\{[^{}]*\}/g, '1'));
  const empty = parseHttpUrl(template.replace(/\{[^{}]*\}/g, ''));
  if (filled === undefined || empty === undefined) {
    context.addIssue({
      code: 'custom',
      message:
        'registrationUrl must be an http:// or https:// URL template, such as ' +
        'https://campname.campintouch.com/ui/forms/application/camper/App?session={sessionId}',
    });
    return;
  }
  if (filled.origin !== empty.origin) {
    context.addIssue({
      code: 'custom',
      message:
        'registrationUrl must not put a placeholder in the scheme, host or port: keep ' +
        '{sessionId}, {programId} and {reference} in the path or query',
    });
    return;
  }
  if (hasUserInfo(filled)) {
    context.addIssue({
      code: 'custom',
      message:
        'registrationUrl must not contain a user name or password, because families see the URL',
    });
  }
}

/** Parses an http or https URL, or returns undefined for anything else. */
function parseHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function hasUserInfo(url: URL): boolean {
  return url.username !== '' || url.password !== '';
}

/** Checks that a base URL is an API root the connector can append paths to. */
function checkBaseUrl(baseUrl: string, context: z.RefinementCtx): void {
  if (/[?#]/.test(baseUrl)) {
    context.addIssue({
      code: 'custom',
      message:
        'baseUrl must not have a query or fragment, because the connector appends API paths ' +
        'to it: give the API root, such as https://api.campminder.com',
    });
    return;
  }
  const url = parseHttpUrl(baseUrl);
  if (url !== undefined && hasUserInfo(url)) {
    context.addIssue({
      code: 'custom',
      message:
        'baseUrl must not contain a user name or password: CampMinder keys belong in the ' +
        'credentials, and the base URL is the API root, such as https://api.campminder.com',
    });
  }
}

function checkSessionKeys(sessions: Record<string, number>, context: z.RefinementCtx): void {
  for (const key of Object.keys(sessions)) {
    if (/^\d+(-\d+)?$/.test(key)) continue;
    context.addIssue({
      code: 'custom',
      path: [key],
      message:
        `pricing.sessions key "${key}" is not a session id: use CampMinder session ids such as ` +
        '"1001", or "1001-55" for one program of a session',
    });
  }
}

/**
 * Rejects unknown fields by name, listing the known ones, and a value that is not an object
 * with `typeMessage`.
 */
function strictFields<Shape extends z.ZodRawShape>(
  shape: Shape,
  where: string,
  typeMessage: string,
) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') {
        return (
          `${where} has unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}: ` +
          `the fields are ${known}`
        );
      }
      return issue.code === 'invalid_type' ? typeMessage : undefined;
    },
  });
}

const CURRENCY_MESSAGE = 'pricing.currency must be an ISO 4217 code such as USD';
const TUITION_MESSAGE =
  'pricing.defaultTuition must be whole minor units, such as 125000 for 1,250.00 USD';
const SESSION_PRICE_MESSAGE = 'pricing.sessions values must be whole minor units, such as 125000';
const PHONE_MESSAGE = 'contact.phone must be a phone number, such as "+1 518 555 0142"';

/** Price settings: CampMinder's API has no tuition, so prices come from the vendor's config. */
export const CampMinderPricingSchema = strictFields(
  {
    /** ISO 4217 code of every configured price. */
    currency: z.string({ error: CURRENCY_MESSAGE }).refine(isCurrencyCode, CURRENCY_MESSAGE),
    /** Tuition per camper in integer minor units (cents for USD) for sessions not listed below. */
    defaultTuition: z
      .number({ error: TUITION_MESSAGE })
      .int(TUITION_MESSAGE)
      .nonnegative('pricing.defaultTuition must not be negative')
      .optional(),
    /**
     * Tuition per camper in integer minor units, keyed by CampMinder session id ("1001") or by
     * canonical session id ("1001-55" for program 55 of session 1001). The canonical id wins.
     */
    sessions: z
      .record(
        z.string(),
        z
          .number({ error: SESSION_PRICE_MESSAGE })
          .int(SESSION_PRICE_MESSAGE)
          .nonnegative('pricing.sessions values must not be negative'),
        {
          error:
            'pricing.sessions must map session ids to whole minor units, such as ' +
            '{"1001": 425000, "1002-502": 460000}',
        },
      )
      .superRefine(checkSessionKeys)
      .optional(),
  },
  'pricing',
  'must be an object with the currency and the prices in minor units, such as ' +
    '{"currency": "USD", "defaultTuition": 95000}',
);

/** Whom families contact for changes and cancellations; at least one channel is required. */
export const CampMinderContactSchema = strictFields(
  {
    name: z
      .string({ error: 'contact.name must be text, such as "Pine Lake Camp office"' })
      .min(1, 'contact.name must not be empty')
      .optional(),
    email: z.email('contact.email must be an email address such as office@camp.example').optional(),
    phone: z.string({ error: PHONE_MESSAGE }).min(3, PHONE_MESSAGE).optional(),
    url: z
      .url({ protocol: /^https?$/, error: 'contact.url must be an http:// or https:// URL' })
      .optional(),
  },
  'contact',
  'must be an object with at least one of email, phone or url, such as ' +
    '{"email": "office@camp.example"}',
).refine(
  (contact) => contact.email || contact.phone || contact.url,
  'contact needs at least one of email, phone or url, so families can reach the camp',
);

/** A vendor's CampMinder connector settings. */
export const CampMinderConfigSchema = strictFields(
  {
    /** CampMinder API base URL, `http` or `https`. A sandbox or proxy may replace the public one. */
    baseUrl: z
      .url({
        protocol: /^https?$/,
        error: 'baseUrl must be an http:// or https:// URL, such as https://api.campminder.com',
      })
      .superRefine(checkBaseUrl)
      .default(CAMPMINDER_DEFAULT_BASE_URL),
    /** The camp's CampMinder client id. */
    clientId: z
      .number({ error: 'clientId must be the camp’s CampMinder client id, a number such as 123' })
      .int('clientId must be a whole number')
      .positive('clientId must be a positive CampMinder client id'),
    /** The season to list, as CampMinder numbers it: the year. */
    seasonId: z
      .number({ error: 'seasonId must be the season year, such as 2027' })
      .int('seasonId must be a whole year, such as 2027')
      .min(2000, 'seasonId must be a year from 2000 to 2100')
      .max(2100, 'seasonId must be a year from 2000 to 2100'),
    /**
     * The camp's own registration page, with placeholders {sessionId}, {programId} and
     * {reference} that the connector fills, URL-encoded. {programId} is empty for a session
     * without CampMinder programs.
     */
    registrationUrl: z
      .string({ error: 'registrationUrl is required: the camp’s online registration page' })
      .superRefine(checkRegistrationUrl),
    /** Appends the guardian's and campers' names, email, phone and birth dates to the URL. */
    prefill: z.boolean({ error: 'prefill must be true or false' }).default(false),
    pricing: CampMinderPricingSchema,
    contact: CampMinderContactSchema,
    /** Sets a matched camper's ExternalID to the hand-off reference when it is empty. */
    tagExternalId: z.boolean({ error: 'tagExternalId must be true or false' }).default(true),
  },
  'The config',
  'The config must be an object with clientId, seasonId, registrationUrl, pricing and contact',
);

/** A vendor's CampMinder connector settings, after defaults are applied. */
export type CampMinderConfig = z.output<typeof CampMinderConfigSchema>;

/** A vendor's CampMinder connector settings as written, before defaults. */
export type CampMinderConfigInput = z.input<typeof CampMinderConfigSchema>;
