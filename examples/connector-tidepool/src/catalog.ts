import {
  OffsetDateTimeSchema,
  type Program,
  type ProgramQuery,
  type Session,
  type SessionQuery,
} from '@signupassist/contract';
import {
  tidepoolProgramSchema,
  tidepoolSessionSchema,
  type TidepoolProgram,
  type TidepoolSession,
} from './api.js';
import type { TidepoolClient } from './client.js';
import { malformedError, type FailureScope } from './errors.js';
import { toMoney } from './money.js';

const DAY_MS = 86_400_000;

/** Lists every program of the vendor, following pagination to the end. */
export async function listPrograms(
  client: TidepoolClient,
  query: ProgramQuery = {},
): Promise<Program[]> {
  const endpoint = 'GET /programs';
  const programs = await client.sendForAllPages(
    { method: 'GET', path: '/programs', endpoint },
    tidepoolProgramSchema,
  );
  const scope = client.scope(endpoint);
  const text = query.text?.trim().toLowerCase();
  return programs
    .map((program) => toProgram(program, client.context.vendor.id, scope))
    .filter(
      (program) => !text || `${program.title} ${program.description}`.toLowerCase().includes(text),
    );
}

/**
 * Lists the sessions of a program that start in the query's window. Without `from` the window
 * starts now; without `to` it ends `catalogHorizonDays` later.
 */
export async function listSessions(
  client: TidepoolClient,
  query: SessionQuery,
): Promise<Session[]> {
  const from = query.from ?? client.context.clock.now();
  const to = query.to ?? new Date(from.getTime() + client.config.catalogHorizonDays * DAY_MS);
  const endpoint = 'GET /programs/{id}/sessions';
  const sessions = await client.sendForAllPages(
    {
      method: 'GET',
      path: `/programs/${encodeURIComponent(query.programId)}/sessions`,
      endpoint,
      query: { startsFrom: from.toISOString(), startsBefore: to.toISOString() },
    },
    tidepoolSessionSchema,
  );
  const scope = client.scope(endpoint);
  const timeZone = client.context.vendor.timeZone;
  return sessions.map((session) => toSession(session, client.context.vendor.id, timeZone, scope));
}

/** Maps a Tidepool program to the contract's Program. Every Tidepool program books by API. */
export function toProgram(
  program: TidepoolProgram,
  vendorId: string,
  scope: FailureScope,
): Program {
  return {
    id: program.id,
    vendorId,
    title: program.name,
    ...(program.summary ? { description: program.summary } : {}),
    ...(program.ages
      ? { ageRange: { minYears: program.ages.min, maxYears: program.ages.max } }
      : {}),
    ...(program.pool ? { location: { name: program.pool } } : {}),
    timeZone: program.timeZone,
    ...(program.priceFrom ? { fromPrice: toMoney(program.priceFrom, scope) } : {}),
    bookingMode: 'api',
    tags: ['swimming'],
  };
}

/** Maps a Tidepool session to the contract's Session. */
export function toSession(
  session: TidepoolSession,
  vendorId: string,
  timeZone: string,
  scope: FailureScope,
): Session {
  for (const time of [session.startsAt, session.endsAt]) {
    if (!OffsetDateTimeSchema.safeParse(time).success) {
      throw malformedError(scope, `the session time "${time}" has no UTC offset`);
    }
  }
  const seatsLeft = Math.max(0, session.seatsLeft);
  return {
    id: session.id,
    programId: session.programId,
    vendorId,
    start: session.startsAt,
    end: session.endsAt,
    timeZone,
    availability: { status: seatsLeft > 0 ? 'open' : 'full', seatsLeft },
    price: toMoney(session.price, scope),
    priceSource: 'provider',
  };
}
