import type { SandboxPrice } from '@signupassist/contract/testing';
import type { CampMinderSession } from '../campminder-api.js';
import type { CampMinderSeedCamp } from './seed.js';

/** The catalog of a camp in one season, named by the connector's canonical ids. */
export interface CanonicalCatalog {
  /** Program ids: `group-<GroupID>` and `session-<SessionID>` for an ungrouped session. */
  programIds: string[];
  /** Program id to its session ids: `<SessionID>`, or `<SessionID>-<ProgramID>` per program. */
  sessionIds: Record<string, string[]>;
  /** Session id to the tuition per camper, from the camp's pricing. */
  prices: Record<string, SandboxPrice>;
}

/** Returns the canonical session ids of one CampMinder session: one per active program in it. */
function canonicalSessionIds(camp: CampMinderSeedCamp, session: CampMinderSession): string[] {
  const programIds = camp.programs
    .filter((program) => program.IsActive)
    .filter((program) =>
      (program.ProgramSeasons ?? []).some(
        (item) => item.SessionID === session.ID && item.SeasonID === session.SeasonID,
      ),
    )
    .map((program) => program.ID);
  if (programIds.length === 0) return [String(session.ID)];
  return programIds.map((programId) => `${session.ID}-${programId}`);
}

/**
 * Builds a camp's catalog for a season the way the connector reads it, from the active
 * sessions of that season. An active group with at least one of them is a program, and so is
 * each such session without a group. Sessions of an inactive or unknown group are left out,
 * and the seed has no active session in such a group.
 */
export function canonicalCatalog(camp: CampMinderSeedCamp, season: number): CanonicalCatalog {
  const sessions = camp.sessions.filter(
    (session) => session.IsActive && session.SeasonID === season,
  );
  const programIds: string[] = [];
  const sessionIds: Record<string, string[]> = {};

  const activeGroups = [...camp.groups]
    .filter((group) => group.IsActive)
    .sort((left, right) => (left.SortOrder ?? 0) - (right.SortOrder ?? 0));
  for (const group of activeGroups) {
    const inGroup = sessions.filter((session) => session.GroupID === group.ID);
    if (inGroup.length === 0) continue;
    const programId = `group-${group.ID}`;
    programIds.push(programId);
    sessionIds[programId] = inGroup.flatMap((session) => canonicalSessionIds(camp, session));
  }
  for (const session of sessions.filter((item) => (item.GroupID ?? null) === null)) {
    const programId = `session-${session.ID}`;
    programIds.push(programId);
    sessionIds[programId] = canonicalSessionIds(camp, session);
  }

  const prices: Record<string, SandboxPrice> = {};
  for (const session of sessions) {
    const amountMinor = camp.pricing.sessions?.[String(session.ID)] ?? camp.pricing.defaultTuition;
    if (amountMinor === undefined) continue;
    for (const id of canonicalSessionIds(camp, session)) {
      prices[id] = { amountMinor, currency: camp.pricing.currency };
    }
  }
  return { programIds, sessionIds, prices };
}
