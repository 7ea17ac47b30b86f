import { ConnectorError, type Program, type Session } from '@signupassist/contract';
import { errorLogFields, toConnectorError } from '../errors.js';
import type { HubContext } from '../hub-context.js';
import { raceWithSignal } from '../router/abort.js';
import { isVendorSetupError, type RoutedVendor } from '../router/provider-router.js';
import type { VendorRecord } from '../vendors/vendor-source.js';
import { ageFits } from './age.js';
import { checkSearchWindow } from './search-window.js';
import { matchScore } from './text-match.js';

/** Default and maximum number of programs a search returns. */
export const SEARCH_LIMITS = { defaultResults: 10, maxResults: 25, sessionsPerProgram: 3 };

/** Filters of {@link searchPrograms}; every one is optional. */
export interface SearchProgramsInput {
  /** Words to find in titles, descriptions and tags; "swimming" finds "Learn to Swim". */
  query?: string;
  /** Age of the child in years, matched against the program's age range. */
  age?: number;
  /** Searches one vendor only. */
  vendorId?: string;
  /** Only sessions that start at or after this instant. */
  startsAfter?: Date;
  /** Only sessions that start before this instant. */
  startsBefore?: Date;
  /** Number of programs to return; default 10, at most 25. */
  limit?: number;
}

/** The vendor of a search result. */
export interface VendorSummary {
  id: string;
  displayName: string;
}

/** A program that matched a search, with its next sessions. */
export interface ProgramMatch {
  vendor: VendorSummary;
  program: Program;
  /** The next few sessions in the date window, earliest first. */
  sessions: Session[];
}

/** A vendor that could not be searched, and why, in words fit for the family. */
export interface UnavailableVendor {
  vendorId: string;
  displayName: string;
  reason: string;
}

/** Result of {@link searchPrograms}. */
export interface SearchProgramsResult {
  programs: ProgramMatch[];
  unavailableVendors: UnavailableVendor[];
  /** Notes on date filters that were clamped or cannot match any session. */
  notes?: string[];
}

interface ScoredMatch extends ProgramMatch {
  score: number;
}

/**
 * Searches every live vendor at once, each under its own time limit. A vendor that fails or
 * times out is listed in `unavailableVendors` and the others' results are still returned. The
 * date filters are checked and clamped first (see {@link checkSearchWindow}), so a filter that
 * no connector takes does not make every vendor unavailable.
 */
export async function searchPrograms(
  hub: HubContext,
  input: SearchProgramsInput,
  requestId: string,
): Promise<SearchProgramsResult> {
  const window = checkSearchWindow(input.startsAfter, input.startsBefore, hub.clock.now());
  const limit = Math.min(
    Math.max(1, input.limit ?? SEARCH_LIMITS.defaultResults),
    SEARCH_LIMITS.maxResults,
  );
  const vendors = (await hub.vendors.listVendors()).filter(
    (vendor) => vendor.status === 'live' && (!input.vendorId || vendor.id === input.vendorId),
  );
  if (input.vendorId && vendors.length === 0) {
    // Paused and draft vendors read as unknown here too, as in every other tool.
    throw new ConnectorError(
      'not_found',
      `No vendor "${input.vendorId}" is available. Search without vendorId to see every vendor's programs.`,
      { vendorId: input.vendorId },
    );
  }
  const notes = window.notes.length > 0 ? { notes: window.notes } : {};
  if (window.empty) return { programs: [], unavailableVendors: [], ...notes };
  const filters: SearchProgramsInput = { ...input };
  if (window.startsBefore) filters.startsBefore = window.startsBefore;
  hub.logger.info({ requestId, vendorCount: vendors.length }, 'Search started');

  const outcomes = await Promise.all(
    vendors.map((vendor) => searchOutcome(hub, vendor, filters, limit, requestId)),
  );
  const { matches, unavailableVendors } = splitOutcomes(hub, outcomes, requestId);

  matches.sort(compareMatches);
  const programs = matches
    .slice(0, limit)
    .map(({ vendor, program, sessions }) => ({ vendor, program, sessions }));
  hub.logger.info(
    { requestId, programCount: programs.length, unavailableCount: unavailableVendors.length },
    'Search finished',
  );
  return { programs, unavailableVendors, ...notes };
}

/** Collects the vendors' matches, and logs and lists the vendors that failed. */
function splitOutcomes(
  hub: HubContext,
  outcomes: VendorOutcome[],
  requestId: string,
): { matches: ScoredMatch[]; unavailableVendors: UnavailableVendor[] } {
  const matches: ScoredMatch[] = [];
  const unavailableVendors: UnavailableVendor[] = [];
  for (const outcome of outcomes) {
    if ('matches' in outcome) {
      matches.push(...outcome.matches);
      continue;
    }
    const reason = unavailableReason(outcome, hub.timings.searchTimeoutMs);
    hub.logger.warn(
      {
        requestId,
        vendorId: outcome.vendor.id,
        connectorId: outcome.vendor.connector,
        ...errorLogFields(outcome.error),
      },
      'Vendor left out of search results',
    );
    unavailableVendors.push({
      vendorId: outcome.vendor.id,
      displayName: outcome.vendor.displayName,
      reason,
    });
  }
  return { matches, unavailableVendors };
}

/** Result of searching one vendor: its matches, or the error and the step that raised it. */
type VendorOutcome = { vendor: VendorRecord } & (
  { matches: ScoredMatch[] } | { error: unknown; step: 'setup' | 'provider' }
);

/**
 * Searches one vendor and catches its failure. A problem with the vendor's set-up (connector,
 * config, credentials) is kept apart from an error of the provider call, so only the former is
 * reported as a misconfigured vendor.
 */
async function searchOutcome(
  hub: HubContext,
  vendor: VendorRecord,
  input: SearchProgramsInput,
  limit: number,
  requestId: string,
): Promise<VendorOutcome> {
  let routed: RoutedVendor;
  try {
    const problems = hub.router.checkVendor(vendor);
    if (problems.length > 0) {
      throw new ConnectorError('invalid_request', problems.join(' '), { vendorId: vendor.id });
    }
    routed = hub.router.route(vendor);
  } catch (error) {
    return { vendor, error, step: 'setup' };
  }
  try {
    return { vendor, matches: await searchVendor(hub, routed, input, limit, requestId) };
  } catch (error) {
    return { vendor, error, step: isVendorSetupError(error) ? 'setup' : 'provider' };
  }
}

async function searchVendor(
  hub: HubContext,
  routed: RoutedVendor,
  input: SearchProgramsInput,
  limit: number,
  requestId: string,
): Promise<ScoredMatch[]> {
  const vendor = routed.vendor;
  const timeoutMs = hub.timings.searchTimeoutMs;
  // One deadline covers all of the vendor's calls, so a slow catalog cannot stretch the search.
  const signal = AbortSignal.timeout(timeoutMs);
  const options = { requestId, signal, timeoutMs };

  const work = async () => {
    // The hub matches text itself, with stemming. A connector's own text filter may be a plain
    // substring test that drops "Learn to Swim" for "swimming", so no query text is passed on.
    const programs = await hub.router.call(routed, 'listPrograms', options, (connector, context) =>
      connector.listPrograms(context),
    );
    const candidates = programs
      .map((program) => ({ program, score: programScore(program, input) }))
      .filter((candidate) => candidate.score > 0)
      .sort((left, right) => right.score - left.score)
      .slice(0, limit);

    const summary = { id: vendor.id, displayName: vendor.displayName };
    const matches = await Promise.all(
      candidates.map(async ({ program, score }) => ({
        vendor: summary,
        program,
        score,
        sessions: await upcomingSessions(hub, routed, program, input, options),
      })),
    );
    const windowed = input.startsAfter !== undefined || input.startsBefore !== undefined;
    return windowed ? matches.filter((match) => match.sessions.length > 0) : matches;
  };
  return raceWithSignal(work(), signal);
}

function programScore(program: Program, input: SearchProgramsInput): number {
  if (input.age !== undefined && !ageFits(program.ageRange, input.age)) return 0;
  if (!input.query?.trim()) return 1;
  const text = [program.title, program.description ?? '', ...(program.tags ?? [])].join(' ');
  return matchScore(input.query, text);
}

async function upcomingSessions(
  hub: HubContext,
  routed: RoutedVendor,
  program: Program,
  input: SearchProgramsInput,
  options: { requestId: string; signal: AbortSignal; timeoutMs: number },
): Promise<Session[]> {
  const now = hub.clock.now();
  const from = input.startsAfter && input.startsAfter > now ? input.startsAfter : now;
  const query = {
    programId: program.id,
    from,
    ...(input.startsBefore ? { to: input.startsBefore } : {}),
  };
  const sessions = await hub.router.call(routed, 'listSessions', options, (connector, context) =>
    connector.listSessions(context, query),
  );
  return sessions
    .filter((session) => {
      const start = new Date(session.start);
      return start >= from && (!input.startsBefore || start < input.startsBefore);
    })
    .sort((left, right) => Date.parse(left.start) - Date.parse(right.start))
    .slice(0, SEARCH_LIMITS.sessionsPerProgram);
}

function compareMatches(left: ScoredMatch, right: ScoredMatch): number {
  if (left.score !== right.score) return right.score - left.score;
  const leftStart = left.sessions[0] ? Date.parse(left.sessions[0].start) : Infinity;
  const rightStart = right.sessions[0] ? Date.parse(right.sessions[0].start) : Infinity;
  if (leftStart !== rightStart) return leftStart - rightStart;
  return left.program.title.localeCompare(right.program.title);
}

/** Explains in plain words why a vendor is missing from the results. */
function unavailableReason(
  outcome: { error: unknown; step: 'setup' | 'provider' },
  timeoutMs: number,
): string {
  // Set-up errors name configuration fields, which are for the operator's logs.
  if (outcome.step === 'setup') return 'This vendor is not available in the hub right now.';
  const converted = toConnectorError(outcome.error);
  switch (converted.code) {
    case 'timeout':
    case 'outcome_unknown':
      return `The booking system did not answer within ${Math.round(timeoutMs / 1000)} seconds.`;
    case 'auth_failed':
    case 'permission_denied':
      return "The vendor's booking system rejected the hub's access.";
    case 'rate_limited':
      return "The vendor's booking system is busy. Try again in a minute.";
    case 'invalid_request':
      return (
        "The vendor's booking system rejected this search, for example a date range longer " +
        'than it supports. Try a shorter date range.'
      );
    case 'provider_unavailable':
      return "The vendor's booking system is unavailable right now.";
    default:
      return converted.message;
  }
}
