import {
  ConnectorError,
  ProgramSchema,
  SessionSchema,
  type Program,
  type ProgramQuery,
  type Session,
  type SessionQuery,
} from '@signupassist/contract';
import {
  CAMPMINDER_PATHS,
  campMinderProgramSchema,
  campMinderSessionGroupSchema,
  campMinderSessionSchema,
} from './campminder-api.js';
import {
  buildCatalog,
  programAgeRange,
  programFromPrice,
  type CampMinderCatalog,
  type CampMinderCatalogData,
  type CatalogProgram,
  type CatalogSession,
} from './catalog-model.js';
import { toZonedDateTime } from './dates.js';
import { checkOutput, malformedPayloadError } from './errors.js';
import type { CampMinderClient } from './http-client.js';

const MS_PER_DAY = 86_400_000;

/**
 * Reads the sessions, session groups and programs of the configured season. The lists are read
 * one after another, so a failing list stops the operation before the next one is requested.
 */
export async function loadCatalogData(client: CampMinderClient): Promise<CampMinderCatalogData> {
  const { clientId, seasonId } = client.config;
  const sessions = await client.sendForAllPages(
    {
      path: CAMPMINDER_PATHS.sessions,
      endpoint: `GET ${CAMPMINDER_PATHS.sessions}`,
      query: { clientid: clientId, seasonid: seasonId },
    },
    campMinderSessionSchema,
  );
  const groups = await client.sendForAllPages(
    {
      path: CAMPMINDER_PATHS.groups,
      endpoint: `GET ${CAMPMINDER_PATHS.groups}`,
      query: { clientid: clientId },
    },
    campMinderSessionGroupSchema,
  );
  const programs = await client.sendForAllPages(
    {
      path: CAMPMINDER_PATHS.programs,
      endpoint: `GET ${CAMPMINDER_PATHS.programs}`,
      query: { clientid: clientId, seasonid: seasonId },
    },
    campMinderProgramSchema,
  );
  return { sessions, groups, programs };
}

/** Reads and builds the catalog of the configured season. */
export async function loadCatalog(client: CampMinderClient): Promise<CampMinderCatalog> {
  return buildCatalog(await loadCatalogData(client), client.config);
}

function toProgram(client: CampMinderClient, program: CatalogProgram): Program {
  const ageRange = programAgeRange(program);
  const fromPrice = programFromPrice(program);
  const tags = ['camp'];
  if (program.sessions.some((session) => session.isDay)) tags.push('day camp');
  if (program.sessions.some((session) => session.isResidential)) tags.push('overnight camp');

  const value = {
    id: program.id,
    vendorId: client.context.vendor.id,
    title: program.title,
    ...(program.description ? { description: program.description } : {}),
    ...(ageRange ? { ageRange } : {}),
    timeZone: client.context.vendor.timeZone,
    ...(fromPrice ? { fromPrice } : {}),
    bookingMode: 'handoff',
    tags,
  };
  return checkOutput(ProgramSchema, value, client.failureScope(`GET ${CAMPMINDER_PATHS.sessions}`));
}

function matchesText(program: Program, text: string | undefined): boolean {
  const needle = text?.trim().toLowerCase();
  if (!needle) return true;
  return [program.title, program.description ?? '', ...(program.tags ?? [])].some((value) =>
    value.toLowerCase().includes(needle),
  );
}

/**
 * Lists the camp's programs of the configured season. `query.text` keeps programs whose title,
 * description or tags contain it, ignoring case.
 */
export async function listPrograms(
  client: CampMinderClient,
  query: ProgramQuery = {},
): Promise<Program[]> {
  const catalog = await loadCatalog(client);
  return catalog.programs
    .map((program) => toProgram(client, program))
    .filter((program) => matchesText(program, query.text));
}

/** Returns a program of the catalog, or throws `not_found` naming it. */
export function findProgram(
  client: CampMinderClient,
  catalog: CampMinderCatalog,
  programId: string,
): CatalogProgram {
  const program = catalog.programs.find((item) => item.id === programId);
  if (program) return program;
  throw new ConnectorError(
    'not_found',
    `CampMinder has no active program "${programId}" in season ${client.config.seasonId} for ` +
      `vendor "${client.context.vendor.displayName}".`,
    { vendorId: client.context.vendor.id },
  );
}

/**
 * Converts a CampMinder date-time to the camp's time zone with its offset, or reports the
 * field as malformed.
 */
function zoned(client: CampMinderClient, text: string, what: string): string {
  const value = toZonedDateTime(text, client.context.vendor.timeZone);
  if (value !== undefined) return value;
  throw malformedPayloadError(
    client.failureScope(`GET ${CAMPMINDER_PATHS.sessions}`),
    `${what} is not a date-time`,
  );
}

/**
 * Returns the start and end of a session in the camp's zone. CampMinder gives dates at
 * midnight, so an end at or before the start means the session ends with the start's day: the
 * end then moves to the midnight after the start.
 */
export function sessionTimes(
  client: CampMinderClient,
  session: CatalogSession,
): { start: string; end: string } {
  const start = zoned(client, session.start, `the start date of session ${session.id}`);
  let end = zoned(client, session.end, `the end date of session ${session.id}`);
  if (Date.parse(end) <= Date.parse(start)) {
    const nextDay = new Date(Date.parse(`${start.slice(0, 10)}T00:00:00Z`) + MS_PER_DAY);
    end = zoned(
      client,
      nextDay.toISOString().slice(0, 19),
      `the end date of session ${session.id}`,
    );
  }
  return { start, end };
}

/** Builds the contract session of a catalog session. */
export function toSession(client: CampMinderClient, session: CatalogSession): Session {
  const { start, end } = sessionTimes(client, session);
  const value = {
    id: session.id,
    programId: session.programId,
    vendorId: client.context.vendor.id,
    title: session.title,
    start,
    end,
    timeZone: client.context.vendor.timeZone,
    // CampMinder publishes no seat counts, so every listed session is open.
    availability: { status: 'open' },
    ...(session.price ? { price: session.price, priceSource: 'vendor' } : {}),
  };
  return checkOutput(SessionSchema, value, client.failureScope(`GET ${CAMPMINDER_PATHS.sessions}`));
}

function sessionRange(client: CampMinderClient, query: SessionQuery): { from: Date; to?: Date } {
  const from = query.from ?? client.context.clock.now();
  const to = query.to;
  const invalid = (problem: string) =>
    new ConnectorError('invalid_request', `Invalid session range: ${problem}.`, {
      vendorId: client.context.vendor.id,
    });

  if (Number.isNaN(from.getTime()) || (to !== undefined && Number.isNaN(to.getTime()))) {
    throw invalid('from and to must be valid dates');
  }
  if (to !== undefined && to.getTime() <= from.getTime()) throw invalid('to must be after from');
  return to === undefined ? { from } : { from, to };
}

/**
 * Lists the sessions of a program that start in [from, to): by default from now to the end of
 * the configured season, ordered by start.
 */
export async function listSessions(
  client: CampMinderClient,
  query: SessionQuery,
): Promise<Session[]> {
  const { from, to } = sessionRange(client, query);
  const catalog = await loadCatalog(client);
  const program = findProgram(client, catalog, query.programId);

  return program.sessions
    .map((session) => toSession(client, session))
    .filter((session) => {
      const start = Date.parse(session.start);
      return start >= from.getTime() && (to === undefined || start < to.getTime());
    })
    .sort((left, right) => Date.parse(left.start) - Date.parse(right.start));
}
