import {
  campMinderAttendeeSchema,
  campMinderCustomFieldSchema,
  campMinderPersonSchema,
  campMinderProgramSchema,
  campMinderSessionGroupSchema,
  campMinderSessionSchema,
  type CampMinderAttendee,
  type CampMinderCustomField,
  type CampMinderPerson,
  type CampMinderProgram,
  type CampMinderSession,
  type CampMinderSessionGroup,
} from '../campminder-api.js';
import mapleHollowAttendees from './fixtures/maple-hollow/attendees.json';
import mapleHollowCustomFields from './fixtures/maple-hollow/custom-fields.json';
import mapleHollowPersons from './fixtures/maple-hollow/persons.json';
import mapleHollowPrograms from './fixtures/maple-hollow/programs.json';
import mapleHollowGroups from './fixtures/maple-hollow/session-groups.json';
import mapleHollowSessions from './fixtures/maple-hollow/sessions.json';
import pineLakeAttendees from './fixtures/pine-lake/attendees.json';
import pineLakeCustomFields from './fixtures/pine-lake/custom-fields.json';
import pineLakePersons from './fixtures/pine-lake/persons.json';
import pineLakePrograms from './fixtures/pine-lake/programs.json';
import pineLakeGroups from './fixtures/pine-lake/session-groups.json';
import pineLakeSessions from './fixtures/pine-lake/sessions.json';
import { shiftSeason } from './season.js';

/** Season (year) the fixture files are written for. */
export const FIXTURE_SEASON = 2027;

/** Tuition a camp charges, as a vendor's `pricing` config gives it, in minor units. */
export interface CampMinderSeedPricing {
  currency: string;
  defaultTuition?: number;
  /** CampMinder session id, as a string, to the tuition of that session. */
  sessions?: Record<string, number>;
}

/** Contact details of a camp, as a vendor's `contact` config gives them. */
export interface CampMinderSeedContact {
  name?: string;
  email?: string;
  phone?: string;
  url?: string;
}

/**
 * One camp (CampMinder client) with its API data in CampMinder's shape. `pricing` and
 * `contact` are not API data: CampMinder has no tuition resource, so the demo and conformance
 * vendors carry them in their config.
 */
export interface CampMinderSeedCamp {
  clientId: number;
  name: string;
  /** IANA time zone of the camp, in which session dates without an offset are wall-clock times. */
  timeZone: string;
  groups: CampMinderSessionGroup[];
  sessions: CampMinderSession[];
  programs: CampMinderProgram[];
  customFields: CampMinderCustomField[];
  persons: CampMinderPerson[];
  attendees: CampMinderAttendee[];
  pricing: CampMinderSeedPricing;
  contact: CampMinderSeedContact;
}

/** An API key, its subscription key and the camps it may read. */
export interface CampMinderSeedKey {
  apiKey: string;
  subscriptionKey: string;
  clientIds: number[];
}

/** The initial data of a sandbox. */
export interface CampMinderSeed {
  /** The current season (year) of the data. */
  season: number;
  /** Max items per page on every list, below CampMinder's own 1000. Lets tests force paging. */
  pageSize?: number;
  camps: CampMinderSeedCamp[];
  keys: CampMinderSeedKey[];
}

/** Client id of Pine Lake Camp, the overnight and day camp of the demo seed. */
export const PINE_LAKE_CLIENT_ID = 4101;

/** Client id of Maple Hollow Day Camp, the second camp of the demo seed. */
export const MAPLE_HOLLOW_CLIENT_ID = 4102;

function pineLake(): CampMinderSeedCamp {
  return {
    clientId: PINE_LAKE_CLIENT_ID,
    name: 'Pine Lake Camp',
    timeZone: 'America/New_York',
    groups: campMinderSessionGroupSchema.array().parse(pineLakeGroups),
    sessions: campMinderSessionSchema.array().parse(pineLakeSessions),
    programs: campMinderProgramSchema.array().parse(pineLakePrograms),
    customFields: campMinderCustomFieldSchema.array().parse(pineLakeCustomFields),
    persons: campMinderPersonSchema.array().parse(pineLakePersons),
    attendees: campMinderAttendeeSchema.array().parse(pineLakeAttendees),
    pricing: {
      currency: 'USD',
      defaultTuition: 95_000,
      sessions: {
        '1001': 425_000,
        '1002': 425_000,
        '1003': 790_000,
        '1030': 32_500,
        '1031': 32_500,
        '1040': 187_550,
      },
    },
    contact: {
      name: 'Pine Lake Camp office',
      email: 'office@pinelake.example.org',
      phone: '+1 518 555 0142',
      url: 'https://pinelake.example.org/contact',
    },
  };
}

function mapleHollow(): CampMinderSeedCamp {
  return {
    clientId: MAPLE_HOLLOW_CLIENT_ID,
    name: 'Maple Hollow Day Camp',
    timeZone: 'America/New_York',
    groups: campMinderSessionGroupSchema.array().parse(mapleHollowGroups),
    sessions: campMinderSessionSchema.array().parse(mapleHollowSessions),
    programs: campMinderProgramSchema.array().parse(mapleHollowPrograms),
    customFields: campMinderCustomFieldSchema.array().parse(mapleHollowCustomFields),
    persons: campMinderPersonSchema.array().parse(mapleHollowPersons),
    attendees: campMinderAttendeeSchema.array().parse(mapleHollowAttendees),
    pricing: {
      currency: 'USD',
      defaultTuition: 29_500,
      sessions: { '2005': 41_250, '2010': 18_000 },
    },
    contact: { name: 'Maple Hollow registration desk', email: 'hello@maplehollow.example.org' },
  };
}

/**
 * Builds the demo seed for `season` (default {@link FIXTURE_SEASON}): two camps, each with its
 * own API key, and one organization key that reads both. Fixture dates move by whole years to
 * the season asked for.
 *
 * Pine Lake Camp (client 4101, `PINELAKE-APIKEY-0001`): session groups Overnight Camp (11),
 * Junior Camp (12, with the inactive session 1011), Teen Adventure (13) and Day Camp Weeks
 * (14, six sessions); the inactive group 15 and group 16, whose only session is last season's;
 * the ungrouped sessions 1040 and 1041; programs on sessions 1001, 1002, 1020, 1030 and 1031,
 * with the inactive program 503; custom fields of every data type, comma partitions and one
 * inactive field; the Whitfield family, whose camper 90002 holds three status rows, two of
 * them for session 1002.
 *
 * Maple Hollow Day Camp (client 4102, `MAPLEHOLLOW-APIKEY-0001`): Summer Weeks (21), Specialty
 * Camps (22, session 2005 with two programs), the ungrouped session 2010, the inactive session
 * 2011 and the Ortega family.
 */
export function demoSeed(season: number = FIXTURE_SEASON): CampMinderSeed {
  const seed: CampMinderSeed = {
    season: FIXTURE_SEASON,
    camps: [pineLake(), mapleHollow()],
    keys: [
      {
        apiKey: 'PINELAKE-APIKEY-0001',
        subscriptionKey: 'PINELAKE-SUBSCRIPTION-0001',
        clientIds: [PINE_LAKE_CLIENT_ID],
      },
      {
        apiKey: 'MAPLEHOLLOW-APIKEY-0001',
        subscriptionKey: 'MAPLEHOLLOW-SUBSCRIPTION-0001',
        clientIds: [MAPLE_HOLLOW_CLIENT_ID],
      },
      {
        apiKey: 'LAKESHORE-ORG-APIKEY-0001',
        subscriptionKey: 'LAKESHORE-ORG-SUBSCRIPTION-0001',
        clientIds: [PINE_LAKE_CLIENT_ID, MAPLE_HOLLOW_CLIENT_ID],
      },
    ],
  };
  return shiftSeason(seed, season);
}
