import type { CampMinderSeed, CampMinderSeedCamp } from './seed.js';

/** Replaces the year of an ISO date or date-time text, keeping month, day and time. */
function shiftYear<Text extends string | null | undefined>(text: Text, years: number): Text {
  if (typeof text !== 'string') return text;
  return text.replace(/^\d{4}/, (year) => String(Number(year) + years)) as Text;
}

function shiftCamp(camp: CampMinderSeedCamp, years: number): CampMinderSeedCamp {
  return {
    ...camp,
    sessions: camp.sessions.map((session) => ({
      ...session,
      SeasonID: session.SeasonID + years,
      StartDate: shiftYear(session.StartDate, years),
      EndDate: shiftYear(session.EndDate, years),
    })),
    programs: camp.programs.map((program) => ({
      ...program,
      ProgramSeasons: program.ProgramSeasons?.map((programSeason) => ({
        ...programSeason,
        SeasonID: programSeason.SeasonID + years,
        StartDate: shiftYear(programSeason.StartDate, years),
        EndDate: shiftYear(programSeason.EndDate, years),
      })),
    })),
    attendees: camp.attendees.map((attendee) => ({
      ...attendee,
      SeasonID: attendee.SeasonID + years,
      SessionProgramStatus: attendee.SessionProgramStatus?.map((row) => ({
        ...row,
        PostDate: shiftYear(row.PostDate, years),
        EffectiveDate: shiftYear(row.EffectiveDate, years),
        LastUpdatedUTC: shiftYear(row.LastUpdatedUTC, years),
      })),
    })),
  };
}

/**
 * Moves a seed to another season: season ids and the dates of sessions, program seasons and
 * status rows move by whole years, keeping month, day and time, so weekdays change. Birth
 * dates stay. Throws for a season that is not a year from 2000 to 2100.
 */
export function shiftSeason(seed: CampMinderSeed, season: number): CampMinderSeed {
  if (!Number.isInteger(season) || season < 2000 || season > 2100) {
    throw new RangeError(`Invalid season ${season}: give a year from 2000 to 2100, such as 2027.`);
  }
  const years = season - seed.season;
  if (years === 0) return seed;
  // NOTE: a 29 February in the fixtures would become an invalid date in a common year; the
  // fixtures have none.
  return { ...seed, season, camps: seed.camps.map((camp) => shiftCamp(camp, years)) };
}

/**
 * Returns the summer season a date looks ahead to: its own year until the end of May, the
 * next year from June on, so that a demo or conformance run lists sessions still to come.
 */
export function upcomingSeason(date: Date): number {
  const year = date.getUTCFullYear();
  return date.getUTCMonth() >= 5 ? year + 1 : year;
}
