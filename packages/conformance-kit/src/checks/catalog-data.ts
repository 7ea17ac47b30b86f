import type { Program, Session } from '@signupassist/contract';
import type { CheckContext } from '../check-context.js';
import { ensure } from '../check.js';

/** Days of the session window a live run lists. */
const LIVE_WINDOW_DAYS = 30;

/** Max programs whose sessions a live run lists, so a large catalog stays a short run. */
const LIVE_PROGRAM_LIMIT = 10;

/** Programs and, per program id, the sessions listed in the window. */
export interface CatalogListing {
  programs: Program[];
  sessions: Map<string, Session[]>;
  window: { from: Date; to: Date };
}

/** Returns the window sessions are listed in: the scenario's, or the next 30 days live. */
export function sessionWindow(context: CheckContext): { from: Date; to: Date } {
  const scenario = context.environment.scenario;
  if (scenario) return scenario.sessionWindow;
  const from = context.now();
  return { from, to: new Date(from.getTime() + LIVE_WINDOW_DAYS * 86_400_000) };
}

/** Lists every program and the sessions of each in the window, failing on any error. */
export async function listCatalog(context: CheckContext): Promise<CatalogListing> {
  const programs = await context.expectSuccess('listPrograms', (connectorContext) =>
    context.connector.listPrograms(connectorContext),
  );
  ensure(Array.isArray(programs), 'listPrograms returned something other than an array.');

  const window = sessionWindow(context);
  const listed = context.environment.live ? programs.slice(0, LIVE_PROGRAM_LIMIT) : programs;
  const sessions = new Map<string, Session[]>();
  for (const program of listed as Program[]) {
    const found = await context.expectSuccess(`listSessions of program "${program.id}"`, (c) =>
      context.connector.listSessions(c, { programId: program.id, ...window }),
    );
    ensure(Array.isArray(found), 'listSessions returned something other than an array.');
    sessions.set(program.id, found);
  }
  return { programs, sessions, window };
}

/**
 * Compares listed ids with the expected ones. Returns a sentence naming duplicates, missing and
 * unexpected ids, or undefined when every expected id is listed exactly once.
 */
export function compareIds(
  what: string,
  listed: readonly string[],
  expected: readonly string[],
): string | undefined {
  const counts = new Map<string, number>();
  for (const id of listed) counts.set(id, (counts.get(id) ?? 0) + 1);
  const duplicated = [...counts].filter(([, count]) => count > 1).map(([id]) => id);
  const missing = expected.filter((id) => !counts.has(id));
  const unexpected = [...counts.keys()].filter((id) => !expected.includes(id));

  const problems = [
    duplicated.length > 0 ? `listed more than once: ${duplicated.join(', ')}` : '',
    missing.length > 0 ? `missing: ${missing.join(', ')}` : '',
    unexpected.length > 0 ? `not in the provider's data: ${unexpected.join(', ')}` : '',
  ].filter((problem) => problem !== '');
  return problems.length === 0 ? undefined : `${what} ${problems.join('; ')}.`;
}
