/** A question of a Tidepool program's booking form. */
export interface TidepoolQuestion {
  id: string;
  label: string;
  kind: 'text' | 'email' | 'phone' | 'date' | 'choice';
  required: boolean;
  /** Who answers: the guardian once per booking, or each swimmer. */
  appliesTo: 'guardian' | 'swimmer';
  choices?: string[];
}

/** A program as the sandbox stores it. */
export interface SeedProgram {
  id: string;
  name: string;
  summary: string;
  ageMin: number;
  ageMax: number;
  pool: string;
  swimmersPerBooking: { min: number; max: number };
  questions: TidepoolQuestion[];
}

/** A session as the sandbox stores it; prices are integer cents. */
export interface SeedSession {
  id: string;
  programId: string;
  start: Date;
  end: Date;
  capacity: number;
  seatsLeft: number;
  priceCents: number;
}

/** Everything a sandbox starts from. */
export interface TidepoolSeed {
  account: { id: string; name: string; timeZone: string };
  programs: SeedProgram[];
  sessions: SeedSession[];
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const QUESTIONS: TidepoolQuestion[] = [
  { id: 'fullName', label: 'Guardian name', kind: 'text', required: true, appliesTo: 'guardian' },
  { id: 'email', label: 'Guardian email', kind: 'email', required: true, appliesTo: 'guardian' },
  { id: 'phone', label: 'Guardian phone', kind: 'phone', required: false, appliesTo: 'guardian' },
  {
    id: 'firstName',
    label: 'Swimmer first name',
    kind: 'text',
    required: true,
    appliesTo: 'swimmer',
  },
  {
    id: 'birthDate',
    label: 'Swimmer birth date',
    kind: 'date',
    required: true,
    appliesTo: 'swimmer',
  },
  {
    id: 'level',
    label: 'Swimming level',
    kind: 'choice',
    required: true,
    appliesTo: 'swimmer',
    choices: ['new', 'paddling', 'confident'],
  },
];

function program(id: string, name: string, summary: string, ages: [number, number]): SeedProgram {
  return {
    id,
    name,
    summary,
    ageMin: ages[0],
    ageMax: ages[1],
    pool: 'Harbor Pool, 12 Shoreline Way, Tidepool Bay',
    swimmersPerBooking: { min: 1, max: 2 },
    questions: QUESTIONS,
  };
}

/**
 * Builds the seed: three programs and eight weekly sessions starting a week after `start`.
 * Guppy Splash has five sessions, so with a page size of 2 its list spans three pages. The
 * second Dolphin Laps session is sold out.
 */
export function tidepoolSeed(start: Date): TidepoolSeed {
  // Sessions start at 16:00 UTC, which is the morning in Los Angeles.
  const firstDay = Math.floor(start.getTime() / DAY_MS) * DAY_MS + 16 * HOUR_MS;
  const session = (
    id: string,
    programId: string,
    week: number,
    priceCents: number,
    seatsLeft = 6,
  ): SeedSession => {
    const begins = firstDay + week * 7 * DAY_MS;
    return {
      id,
      programId,
      start: new Date(begins),
      end: new Date(begins + 45 * 60_000),
      capacity: 6,
      seatsLeft,
      priceCents,
    };
  };

  return {
    account: { id: 'acct_harbor', name: 'Harbor Swim School', timeZone: 'America/Los_Angeles' },
    programs: [
      program('prog_guppy', 'Guppy Splash', 'Water confidence for little ones.', [3, 5]),
      program('prog_dolphin', 'Dolphin Laps', 'Front crawl and back crawl basics.', [6, 9]),
      program(
        'prog_shark',
        'Shark Squad',
        'Stroke technique and diving for strong swimmers.',
        [10, 14],
      ),
    ],
    sessions: [
      session('ses_guppy_1', 'prog_guppy', 1, 8550),
      session('ses_guppy_2', 'prog_guppy', 2, 8550),
      session('ses_guppy_3', 'prog_guppy', 3, 8550),
      session('ses_guppy_4', 'prog_guppy', 4, 8550),
      session('ses_guppy_5', 'prog_guppy', 5, 8550),
      session('ses_dolphin_1', 'prog_dolphin', 1, 12000),
      session('ses_dolphin_2', 'prog_dolphin', 2, 12000, 0),
      session('ses_shark_1', 'prog_shark', 1, 15000),
    ],
  };
}
