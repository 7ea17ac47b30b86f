import { z } from 'zod';

// Schemas of the CampMinder API payloads the connector reads and the sandbox emits. The objects
// are loose, so fields CampMinder adds later pass through. CampMinder answers some endpoints in
// PascalCase and others (custom fields) in camelCase, so every object and list envelope here
// also accepts its keys in any letter case: `TotalCount`, `totalCount` and `totalcount` all
// read as `TotalCount`. The output types keep the casing CampMinder documents for each endpoint.

/** Paths of the CampMinder endpoints, relative to the base URL. */
export const CAMPMINDER_PATHS = {
  token: '/auth/apikey',
  sessions: '/sessions',
  programs: '/sessions/programs',
  groups: '/sessions/groups',
  attendees: '/sessions/attendees',
  persons: '/persons',
  customFields: '/persons/custom-fields',
} as const;

/** Returns the path of one person, as `PATCH /persons/{id}` takes it. */
export function personPath(personId: number): string {
  return `${CAMPMINDER_PATHS.persons}/${encodeURIComponent(String(personId))}`;
}

/** Limits of the CampMinder API that the connector and the sandbox both apply. */
export const CAMPMINDER_LIMITS = {
  /** Largest `pagesize` a list accepts. */
  maxPageSize: 1000,
  /** Lifetime of a token the sandbox issues, in seconds; CampMinder's are about an hour. */
  tokenLifetimeSeconds: 3600,
  /** Token requests one API key may make per window before CampMinder answers 429. */
  tokenRequestsPerWindow: 10,
  /** Length of that window, in seconds. */
  tokenWindowSeconds: 60,
} as const;

/** Values `PATCH /persons/{id}` accepts as `ExternalID`; anything else is a 400. */
export const EXTERNAL_ID_PATTERN = /^[a-zA-Z0-9!@#$%^&*]{2,50}$/;

/**
 * Bits of an attendee row's `StatusID`. A status filter matches any of the bits given, and a
 * row's StatusID may combine several.
 */
export const CAMPMINDER_STATUS = {
  None: 1,
  Enrolled: 2,
  Applied: 4,
  WaitList: 8,
  LeftEarly: 16,
  Cancelled: 32,
  Dismissed: 64,
  Inquiry: 128,
  Withdrawn: 256,
  Incomplete: 512,
} as const;

/** Name of a CampMinder attendee status, such as `Enrolled`. */
export type CampMinderStatusName = keyof typeof CAMPMINDER_STATUS;

/** Data types of a CampMinder custom field. */
export const CAMPMINDER_DATA_TYPES = [
  'String',
  'Integer',
  'Decimal',
  'Date',
  'Time',
  'DateTime',
  'Boolean',
] as const;

/** Data type of a CampMinder custom field. */
export type CampMinderDataType = (typeof CAMPMINDER_DATA_TYPES)[number];

/**
 * Copies each expected key that the input lacks from an input key spelled with other letter
 * cases, so `id`, `Id` and `ID` all fill `ID`. Keys already present win.
 */
export function normalizeKeyCase(value: unknown, keys: readonly string[]): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const input = value as Record<string, unknown>;
  const byLowerCase = new Map<string, string>();
  for (const key of Object.keys(input)) {
    if (!byLowerCase.has(key.toLowerCase())) byLowerCase.set(key.toLowerCase(), key);
  }

  const output: Record<string, unknown> = { ...input };
  for (const key of keys) {
    if (key in input) continue;
    const source = byLowerCase.get(key.toLowerCase());
    if (source !== undefined) output[key] = input[source];
  }
  return output;
}

/**
 * Builds a loose object schema whose keys are matched in any letter case. The output carries
 * the keys as `shape` spells them.
 */
export function anyCaseObject<Shape extends z.ZodRawShape>(shape: Shape) {
  const keys = Object.keys(shape);
  return z.preprocess((value) => normalizeKeyCase(value, keys), z.looseObject(shape));
}

const optionalText = z.string().nullable().optional();
const optionalNumber = z.number().nullable().optional();

/** The body of a CampMinder error response, `{code, message}` or `{statusCode, message}`. */
export const campMinderErrorSchema = anyCaseObject({
  code: z.union([z.number(), z.string()]).optional(),
  statusCode: z.union([z.number(), z.string()]).optional(),
  message: z.string().optional(),
});
/** The body of a CampMinder error response. */
export type CampMinderError = z.infer<typeof campMinderErrorSchema>;

/**
 * The response of `GET /auth/apikey`. `Token` is a JWT whose payload carries `exp` in seconds
 * since the epoch. `ClientIDs` lists the camps the key may read, as "123,456".
 */
export const campMinderTokenSchema = anyCaseObject({
  // The token goes into the Authorization header, which cannot carry spaces or line breaks.
  Token: z.string().regex(/^[\x21-\x7e]+$/, 'expected printable characters without spaces'),
  ClientIDs: z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))]),
});
/** The response of `GET /auth/apikey`. */
export type CampMinderToken = z.infer<typeof campMinderTokenSchema>;

/** The payload part of a CampMinder JWT that the connector reads. */
export const campMinderJwtPayloadSchema = z.looseObject({ exp: z.number() });

/**
 * Reads the client ids of a token response: "123,456", 123 or ["123", 456] all give numbers.
 * Entries that are not whole numbers are skipped.
 */
export function parseClientIds(value: CampMinderToken['ClientIDs']): number[] {
  const parts = Array.isArray(value) ? value : String(value).split(',');
  return parts
    .map((part) => Number(String(part).trim()))
    .filter((id) => Number.isSafeInteger(id) && id > 0);
}

/** One page of a CampMinder list, after case normalization. */
export interface CampMinderPage<Item> {
  TotalCount?: number | null;
  /** Absolute URL of the next page, or null on the last page. */
  Next?: string | null;
  Results: Item[];
}

/** One page of a list as the custom-field endpoints send it, in camelCase. */
export interface CampMinderCamelPage<Item> {
  totalCount: number;
  next: string | null;
  result: Item[];
}

/**
 * Builds the schema of one page of a CampMinder list. It reads the PascalCase envelope
 * `{TotalCount, Next, Results}` and the camelCase one `{totalCount, next, result}`.
 */
export function campMinderPage<Item extends z.ZodType>(itemSchema: Item) {
  return z.preprocess(
    (value) => normalizeKeyCase(value, ['TotalCount', 'Next', 'Results', 'Result']),
    z
      .looseObject({
        TotalCount: optionalNumber,
        Next: optionalText,
        Results: z.array(itemSchema).optional(),
        Result: z.array(itemSchema).optional(),
      })
      .transform((page, context) => {
        const results = page.Results ?? page.Result;
        if (results === undefined) {
          context.addIssue({ code: 'custom', path: ['Results'], message: 'is missing' });
          return z.NEVER;
        }
        return { TotalCount: page.TotalCount, Next: page.Next, Results: results };
      }),
  );
}

/**
 * A session from `GET /sessions`. `StartDate` and `EndDate` carry no offset
 * ("2027-06-28T00:00:00"): they are wall-clock times of the camp. Ages are "years.months"
 * numbers (7.3 is 7 years 3 months).
 */
export const campMinderSessionSchema = anyCaseObject({
  ID: z.number().int(),
  Name: z.string(),
  Description: optionalText,
  IsActive: z.boolean(),
  SeasonID: z.number().int(),
  GroupID: optionalNumber,
  IsDay: z.boolean().nullable().optional(),
  IsResidential: z.boolean().nullable().optional(),
  // CampMinder spells this field without the second "r".
  IsForChilden: z.boolean().nullable().optional(),
  IsForAdults: z.boolean().nullable().optional(),
  StartDate: z.string(),
  EndDate: z.string(),
  StartAge: optionalNumber,
  EndAge: optionalNumber,
  StartGradeID: optionalNumber,
  EndGradeID: optionalNumber,
  GenderID: optionalNumber,
  SortOrder: optionalNumber,
});
/** A CampMinder session. */
export type CampMinderSession = z.infer<typeof campMinderSessionSchema>;

/** One season of a program: the session it runs in, with dates in UTC ("...Z") and ages. */
export const campMinderProgramSeasonSchema = anyCaseObject({
  SessionID: z.number().int(),
  SeasonID: z.number().int(),
  StartDate: optionalText,
  EndDate: optionalText,
  StartAge: optionalNumber,
  EndAge: optionalNumber,
});
/** One season of a CampMinder program. */
export type CampMinderProgramSeason = z.infer<typeof campMinderProgramSeasonSchema>;

/** A program from `GET /sessions/programs`: an option offered within one or more sessions. */
export const campMinderProgramSchema = anyCaseObject({
  ID: z.number().int(),
  Name: z.string(),
  Description: optionalText,
  IsActive: z.boolean(),
  ProgramSeasons: z.array(campMinderProgramSeasonSchema).nullable().optional(),
});
/** A CampMinder program. */
export type CampMinderProgram = z.infer<typeof campMinderProgramSchema>;

/** A session group from `GET /sessions/groups`. */
export const campMinderSessionGroupSchema = anyCaseObject({
  ID: z.number().int(),
  Name: z.string(),
  Description: optionalText,
  IsActive: z.boolean(),
  SortOrder: optionalNumber,
});
/** A CampMinder session group. */
export type CampMinderSessionGroup = z.infer<typeof campMinderSessionGroupSchema>;

/**
 * A custom field definition from `GET /persons/custom-fields`, which CampMinder sends in
 * camelCase. `partition` names who the field is about (Camper, Parent, Family, Adult, ...) and
 * may be a comma list such as "Camper, Adult".
 */
export const campMinderCustomFieldSchema = anyCaseObject({
  id: z.number().int(),
  name: z.string(),
  dataType: z.string(),
  partition: z
    .union([z.string(), z.array(z.string())])
    .nullable()
    .optional(),
  isSeasonal: z.boolean().nullable().optional(),
  isArray: z.boolean().nullable().optional(),
  isActive: z.boolean(),
});
/** A CampMinder custom field definition. */
export type CampMinderCustomField = z.infer<typeof campMinderCustomFieldSchema>;

/** A person's name. */
export const campMinderPersonNameSchema = anyCaseObject({
  First: optionalText,
  Last: optionalText,
  Preferred: optionalText,
});

/** One email address of a person. */
export const campMinderEmailSchema = anyCaseObject({
  Address: z.string(),
  Type: z.union([z.string(), z.number()]).nullable().optional(),
});

/** Link from a person to a relative, such as a guardian's link to a camper. */
export const campMinderRelativeSchema = anyCaseObject({
  ID: z.number().int(),
  RelationshipType: z.union([z.string(), z.number()]).nullable().optional(),
});

/**
 * A person from `GET /persons` with contact details and relatives included. `DateOfBirth`
 * carries no offset ("2016-05-02T00:00:00").
 */
export const campMinderPersonSchema = anyCaseObject({
  ID: z.number().int(),
  Name: campMinderPersonNameSchema.nullable().optional(),
  DateOfBirth: optionalText,
  IsCamper: z.boolean().nullable().optional(),
  IsAdult: z.boolean().nullable().optional(),
  ExternalID: optionalText,
  ContactDetails: anyCaseObject({
    Emails: z.array(campMinderEmailSchema).nullable().optional(),
  })
    .nullable()
    .optional(),
  Relatives: z.array(campMinderRelativeSchema).nullable().optional(),
});
/** A CampMinder person. */
export type CampMinderPerson = z.infer<typeof campMinderPersonSchema>;

/**
 * One status row of an attendee: the person's status in one session, and one program of it
 * when `ProgramID` is set. One person may hold several rows for one session.
 */
export const campMinderSessionProgramStatusSchema = anyCaseObject({
  SessionID: z.number().int(),
  ProgramID: optionalNumber,
  StatusID: z.number().int(),
  StatusName: optionalText,
  PostDate: optionalText,
  EffectiveDate: optionalText,
  LastUpdatedUTC: optionalText,
});
/** One status row of a CampMinder attendee. */
export type CampMinderSessionProgramStatus = z.infer<typeof campMinderSessionProgramStatusSchema>;

/** An attendee from `GET /sessions/attendees`: one person's status rows in one season. */
export const campMinderAttendeeSchema = anyCaseObject({
  PersonID: z.number().int(),
  SeasonID: z.number().int(),
  SessionProgramStatus: z.array(campMinderSessionProgramStatusSchema).nullable().optional(),
});
/** A CampMinder attendee. */
export type CampMinderAttendee = z.infer<typeof campMinderAttendeeSchema>;

/** The body of `PATCH /persons/{id}`, the API's only write. */
export const campMinderPersonPatchSchema = anyCaseObject({
  ExternalID: z.string(),
});
/** The body of `PATCH /persons/{id}`. */
export type CampMinderPersonPatch = z.infer<typeof campMinderPersonPatchSchema>;
