import type { CampMinderProgram } from '../campminder-api.js';
import { camelPagedResponse, pagedResponse } from './pagination.js';
import { readInteger, type RequestContext } from './request-context.js';

/** `GET /sessions?clientid&seasonid`: the camp's sessions, of one season with `seasonid`. */
export function listSessions(context: RequestContext): Response {
  const seasonId = readInteger(context.query, 'seasonid');
  const sessions = context.camp.seed.sessions.filter(
    (session) => seasonId === undefined || session.SeasonID === seasonId,
  );
  return pagedResponse(context, sessions);
}

/**
 * `GET /sessions/programs?clientid&seasonid`: the camp's programs. With `seasonid`, only the
 * programs that run in that season, each with the program seasons of that season alone.
 */
export function listPrograms(context: RequestContext): Response {
  const seasonId = readInteger(context.query, 'seasonid');
  const programs = context.camp.seed.programs.flatMap((program): CampMinderProgram[] => {
    if (seasonId === undefined) return [program];
    const seasons = (program.ProgramSeasons ?? []).filter((item) => item.SeasonID === seasonId);
    return seasons.length === 0 ? [] : [{ ...program, ProgramSeasons: seasons }];
  });
  return pagedResponse(context, programs);
}

/** `GET /sessions/groups?clientid`: the camp's session groups, active or not. */
export function listSessionGroups(context: RequestContext): Response {
  return pagedResponse(context, context.camp.seed.groups);
}

/** `GET /persons/custom-fields?clientid`: custom field definitions, in camelCase. */
export function listCustomFields(context: RequestContext): Response {
  return camelPagedResponse(context, context.camp.seed.customFields);
}
