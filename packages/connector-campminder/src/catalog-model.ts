import type { Money } from '@signupassist/contract';
import type {
  CampMinderProgram,
  CampMinderSession,
  CampMinderSessionGroup,
} from './campminder-api.js';
import type { CampMinderConfig } from './config.js';

// The canonical catalog of one camp season, built from CampMinder's sessions, session groups
// and programs without any I/O.
//
// - Program `group-<GroupID>`: an active session group with at least one active session of the
//   season. A session whose group is inactive is not listed. A session that names a group
//   CampMinder does not return, or none, is its own program `session-<SessionID>`.
// - Session `<SessionID>` for a session without active CampMinder programs in the season, else
//   `<SessionID>-<ProgramID>` for each of them, whose dates and ages win over the session's.

/** The CampMinder lists a catalog is built from. */
export interface CampMinderCatalogData {
  sessions: CampMinderSession[];
  groups: CampMinderSessionGroup[];
  programs: CampMinderProgram[];
}

/** One canonical session, still in CampMinder's terms. */
export interface CatalogSession {
  /** Canonical session id: `1001` or `1001-55`. */
  id: string;
  /** Canonical program id: `group-3` or `session-1001`. */
  programId: string;
  /** The CampMinder session id. */
  sessionId: number;
  /** The CampMinder program id, for a program of a session. */
  campProgramId?: number;
  title: string;
  description?: string;
  /** CampMinder date-times: without offset for sessions, in UTC (`Z`) for programs. */
  start: string;
  end: string;
  /** Age limits in years. */
  minAge?: number;
  maxAge?: number;
  /** Price per camper from the vendor's config. */
  price?: Money;
  isDay: boolean;
  isResidential: boolean;
}

/** One canonical program with its sessions. */
export interface CatalogProgram {
  id: string;
  title: string;
  description?: string;
  sortOrder: number;
  sessions: CatalogSession[];
}

/** The catalog of one camp season. */
export interface CampMinderCatalog {
  programs: CatalogProgram[];
  /** Every canonical session, by canonical id. */
  sessions: Map<string, CatalogSession>;
}

/**
 * Converts a CampMinder age in "years.months" notation to years: 7.3 is 7 years and 3 months,
 * so 7.25, and 12.11 is 12 years and 11 months. Returns undefined for a missing or negative age or
 * a month part above 11.
 */
export function campMinderAgeToYears(value: number | null | undefined): number | undefined {
  if (value === null || value === undefined || !Number.isFinite(value) || value < 0) {
    return undefined;
  }
  // NOTE: a JSON number cannot tell 7.1 (one month) from 7.10 (ten months), so 7.1 is one month.
  const [whole = '0', fraction = ''] = String(value).split('.');
  const months = fraction === '' ? 0 : Number(fraction);
  if (months > 11) return undefined;
  return Number(whole) + months / 12;
}

/** Oldest age limit the contract carries, in years. */
const MAX_AGE_YEARS = 130;

// NOTE: CampMinder does not document how a session without an age limit is sent. Null is read
// as no limit, and so are an upper limit of 0 and any limit above 130 years, because no camp
// session admits only infants and the contract cannot carry the larger values.
/** Reads a CampMinder age limit in years, or undefined when the session has none. */
function ageLimit(value: number | null | undefined, bound: 'lower' | 'upper'): number | undefined {
  const years = campMinderAgeToYears(value);
  if (years === undefined || years > MAX_AGE_YEARS) return undefined;
  if (bound === 'upper' && years === 0) return undefined;
  return years;
}

/** Returns the price per camper of a session: by canonical id, then by session id, then default. */
export function sessionPrice(
  pricing: CampMinderConfig['pricing'],
  canonicalId: string,
  sessionId: number,
): Money | undefined {
  const amount =
    pricing.sessions?.[canonicalId] ??
    pricing.sessions?.[String(sessionId)] ??
    pricing.defaultTuition;
  return amount === undefined ? undefined : { amountMinor: amount, currency: pricing.currency };
}

/** Splits a canonical session id into the CampMinder session id and program id. */
export function parseSessionId(
  id: string,
): { sessionId: number; campProgramId?: number } | undefined {
  const match = /^(\d{1,15})(?:-(\d{1,15}))?$/.exec(id);
  if (!match) return undefined;
  const sessionId = Number(match[1]);
  return match[2] === undefined ? { sessionId } : { sessionId, campProgramId: Number(match[2]) };
}

/**
 * Returns the first item of each id, in order. Reading a list page by page can repeat an item
 * when the list changes between two page reads.
 */
export function firstOfEachId<T>(items: readonly T[], idOf: (item: T) => number): T[] {
  const seen = new Set<number>();
  return items.filter((item) => {
    const id = idOf(item);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function textOrUndefined(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function sessionsOf(
  session: CampMinderSession,
  programId: string,
  programs: CampMinderProgram[],
  config: Pick<CampMinderConfig, 'seasonId' | 'pricing'>,
): CatalogSession[] {
  const base = {
    programId,
    sessionId: session.ID,
    isDay: session.IsDay === true,
    isResidential: session.IsResidential === true,
  };
  const description = textOrUndefined(session.Description);
  // NOTE: a canonical id holds one program season per session and program, so a second
  // season of the same program in one session is left out.
  const offered = firstOfEachId(
    programs.flatMap((program) =>
      program.IsActive
        ? (program.ProgramSeasons ?? [])
            .filter((season) => season.SessionID === session.ID)
            .filter((season) => season.SeasonID === config.seasonId)
            .map((season) => ({ program, season }))
        : [],
    ),
    ({ program }) => program.ID,
  );

  if (offered.length === 0) {
    const id = String(session.ID);
    const minAge = ageLimit(session.StartAge, 'lower');
    const maxAge = ageLimit(session.EndAge, 'upper');
    const price = sessionPrice(config.pricing, id, session.ID);
    return [
      {
        ...base,
        id,
        title: session.Name,
        ...(description ? { description } : {}),
        start: session.StartDate,
        end: session.EndDate,
        ...(minAge === undefined ? {} : { minAge }),
        ...(maxAge === undefined ? {} : { maxAge }),
        ...(price ? { price } : {}),
      },
    ];
  }

  return offered.map(({ program, season }) => {
    const id = `${session.ID}-${program.ID}`;
    const minAge = ageLimit(season.StartAge, 'lower') ?? ageLimit(session.StartAge, 'lower');
    const maxAge = ageLimit(season.EndAge, 'upper') ?? ageLimit(session.EndAge, 'upper');
    const programDescription = textOrUndefined(program.Description) ?? description;
    const price = sessionPrice(config.pricing, id, session.ID);
    return {
      ...base,
      id,
      campProgramId: program.ID,
      title: `${session.Name}: ${program.Name}`,
      ...(programDescription ? { description: programDescription } : {}),
      start: textOrUndefined(season.StartDate) ?? session.StartDate,
      end: textOrUndefined(season.EndDate) ?? session.EndDate,
      ...(minAge === undefined ? {} : { minAge }),
      ...(maxAge === undefined ? {} : { maxAge }),
      ...(price ? { price } : {}),
    };
  });
}

function bySortOrder(left: CatalogProgram, right: CatalogProgram): number {
  return left.sortOrder - right.sortOrder || left.title.localeCompare(right.title);
}

/** Builds the canonical catalog of the configured season. */
export function buildCatalog(
  data: CampMinderCatalogData,
  config: Pick<CampMinderConfig, 'seasonId' | 'pricing'>,
): CampMinderCatalog {
  const groups = new Map(data.groups.map((group) => [group.ID, group]));
  const programs = new Map<string, CatalogProgram>();
  const sessions = new Map<string, CatalogSession>();

  const seasonSessions = firstOfEachId(data.sessions, (session) => session.ID)
    .filter((session) => session.IsActive && session.SeasonID === config.seasonId)
    .sort((left, right) => (left.SortOrder ?? 0) - (right.SortOrder ?? 0) || left.ID - right.ID);

  for (const session of seasonSessions) {
    const group = session.GroupID === null ? undefined : groups.get(session.GroupID ?? NaN);
    if (group && !group.IsActive) continue;

    const programId = group ? `group-${group.ID}` : `session-${session.ID}`;
    let program = programs.get(programId);
    if (!program) {
      const description = textOrUndefined(group ? group.Description : session.Description);
      program = {
        id: programId,
        title: group ? group.Name : session.Name,
        ...(description ? { description } : {}),
        sortOrder: (group ? group.SortOrder : session.SortOrder) ?? 0,
        sessions: [],
      };
      programs.set(programId, program);
    }
    for (const entry of sessionsOf(session, programId, data.programs, config)) {
      program.sessions.push(entry);
      sessions.set(entry.id, entry);
    }
  }

  return { programs: [...programs.values()].sort(bySortOrder), sessions };
}

/**
 * Returns the canonical program id of a session of the season whether or not it is still
 * listed, as `buildCatalog` gave it while the session was open: `group-<GroupID>` when
 * CampMinder has its group, else `session-<SessionID>`. Undefined when CampMinder does not
 * return the session, or the CampMinder program `campProgramId` when one is given.
 */
export function programIdOfAnySession(
  data: CampMinderCatalogData,
  ids: { sessionId: number; campProgramId?: number },
  seasonId: number,
): string | undefined {
  const session = data.sessions.find(
    (item) => item.ID === ids.sessionId && item.SeasonID === seasonId,
  );
  if (!session) return undefined;
  if (
    ids.campProgramId !== undefined &&
    !data.programs.some((program) => program.ID === ids.campProgramId)
  ) {
    return undefined;
  }
  const group =
    session.GroupID === null || session.GroupID === undefined
      ? undefined
      : data.groups.find((item) => item.ID === session.GroupID);
  return group ? `group-${group.ID}` : `session-${session.ID}`;
}

/**
 * Returns the age range covering every session of a program: the lowest lower limit and the
 * highest upper limit, each only when every session has one.
 */
export function programAgeRange(
  program: CatalogProgram,
): { minYears?: number; maxYears?: number } | undefined {
  if (program.sessions.length === 0) return undefined;
  const mins = program.sessions.map((session) => session.minAge);
  const maxes = program.sessions.map((session) => session.maxAge);
  const minYears = mins.every((age) => age !== undefined) ? Math.min(...mins) : undefined;
  const maxYears = maxes.every((age) => age !== undefined) ? Math.max(...maxes) : undefined;
  if (minYears !== undefined && maxYears !== undefined && minYears > maxYears) return undefined;
  if (minYears === undefined && maxYears === undefined) return undefined;
  return {
    ...(minYears === undefined ? {} : { minYears }),
    ...(maxYears === undefined ? {} : { maxYears }),
  };
}

/** Returns the lowest price of a program's sessions, when any has one. */
export function programFromPrice(program: CatalogProgram): Money | undefined {
  let lowest: Money | undefined;
  for (const session of program.sessions) {
    if (session.price && (!lowest || session.price.amountMinor < lowest.amountMinor)) {
      lowest = session.price;
    }
  }
  return lowest;
}
