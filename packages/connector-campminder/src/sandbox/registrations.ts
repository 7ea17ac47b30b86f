import type {
  CampMinderAttendee,
  CampMinderPerson,
  CampMinderSession,
  CampMinderSessionProgramStatus,
} from '../campminder-api.js';
import { hasEmail } from './person-handlers.js';
import type { SandboxCamp, SandboxRegistration, SandboxState } from './state.js';
import { isEndedStatus, statusIdOf, statusNameOf, type SandboxStatus } from './statuses.js';
import { localDateTime, utcDateTime } from './time.js';

/** A family's answers on the camp's own registration form. */
export interface FamilyRegistration {
  /** Camp of the registration; without it, the camp that has the session. */
  clientId?: number;
  /** CampMinder session id. */
  sessionId: number;
  /** CampMinder program id, or null for a session without programs. */
  programId: number | null;
  /** The reference of the hand-off. */
  reference: string;
  guardian: { firstName: string; lastName: string; email: string; phone?: string };
  campers: { firstName: string; lastName: string; birthDate?: string }[];
}

/** Input of {@link setAttendeeStatus}. */
export interface AttendeeStatusChange {
  /** Email of the guardian whose campers change. */
  email: string;
  /**
   * Session whose rows change: a CampMinder session id (every program row of it), or a
   * canonical id `<SessionID>-<ProgramID>` (that program's row).
   */
  sessionId: string | number;
  /** CampMinder status name, such as `Enrolled`, or its StatusID. */
  status: SandboxStatus | string;
  /** Camp to look in; default every camp where the guardian is known. */
  clientId?: number;
}

/** Finds a camp's session by id; throws when it is unknown or inactive. */
function activeSession(camp: SandboxCamp, sessionId: number): CampMinderSession {
  const session = camp.seed.sessions.find((item) => item.ID === sessionId);
  if (!session) {
    throw new RangeError(`Unknown session ${sessionId} in client ${camp.seed.clientId}.`);
  }
  if (!session.IsActive) {
    throw new RangeError(`Session ${sessionId} of client ${camp.seed.clientId} is inactive.`);
  }
  return session;
}

/** Returns the ids of the active programs that run in a session. */
function programsOf(camp: SandboxCamp, session: CampMinderSession): number[] {
  return camp.seed.programs
    .filter((program) => program.IsActive)
    .filter((program) =>
      (program.ProgramSeasons ?? []).some(
        (item) => item.SessionID === session.ID && item.SeasonID === session.SeasonID,
      ),
    )
    .map((program) => program.ID);
}

function campOfSession(state: SandboxState, registration: FamilyRegistration): SandboxCamp {
  if (registration.clientId !== undefined) return state.camp(registration.clientId);
  const camps = [...state.camps.values()].filter((camp) =>
    camp.seed.sessions.some((session) => session.ID === registration.sessionId),
  );
  if (camps.length === 1) return camps[0]!;
  throw new RangeError(
    camps.length === 0
      ? `Unknown session ${registration.sessionId}: no camp of the sandbox has it.`
      : `Session ${registration.sessionId} exists in several camps: give the clientId.`,
  );
}

function sameName(person: CampMinderPerson, firstName: string, lastName: string): boolean {
  const equal = (left: string | null | undefined, right: string) =>
    (left ?? '').trim().toLowerCase() === right.trim().toLowerCase();
  return equal(person.Name?.First, firstName) && equal(person.Name?.Last, lastName);
}

/** Returns the guardians of a camp with this email: persons who are not campers. */
function guardiansWithEmail(camp: SandboxCamp, email: string): CampMinderPerson[] {
  return [...camp.persons.values()].filter((person) => !person.IsCamper && hasEmail(person, email));
}

/** Returns the campers among a guardian's relatives. */
function campersOf(camp: SandboxCamp, guardian: CampMinderPerson): CampMinderPerson[] {
  return (guardian.Relatives ?? [])
    .map((relative) => camp.persons.get(relative.ID))
    .filter((person): person is CampMinderPerson => person?.IsCamper === true);
}

function findOrCreateGuardian(
  state: SandboxState,
  camp: SandboxCamp,
  guardian: FamilyRegistration['guardian'],
): CampMinderPerson {
  const known = guardiansWithEmail(camp, guardian.email)[0];
  if (known) return known;
  const person: CampMinderPerson = {
    ID: state.newPersonId(),
    Name: { First: guardian.firstName, Last: guardian.lastName, Preferred: null },
    DateOfBirth: null,
    IsCamper: false,
    IsAdult: true,
    ExternalID: null,
    ContactDetails: {
      Emails: [{ Address: guardian.email, Type: 'Primary' }],
      ...(guardian.phone ? { Phones: [{ Number: guardian.phone, Type: 'Mobile' }] } : {}),
    },
    Relatives: [],
  };
  camp.persons.set(person.ID, person);
  return person;
}

/** Returns the guardian's camper of that name, or adds one with the family's email. */
function findOrCreateCamper(
  state: SandboxState,
  camp: SandboxCamp,
  guardian: CampMinderPerson,
  email: string,
  camper: FamilyRegistration['campers'][number],
): CampMinderPerson {
  const known = campersOf(camp, guardian).find((person) =>
    sameName(person, camper.firstName, camper.lastName),
  );
  if (known) return known;
  const person: CampMinderPerson = {
    ID: state.newPersonId(),
    Name: { First: camper.firstName, Last: camper.lastName, Preferred: null },
    DateOfBirth: camper.birthDate ? `${camper.birthDate}T00:00:00` : null,
    IsCamper: true,
    IsAdult: false,
    ExternalID: null,
    ContactDetails: { Emails: [{ Address: email, Type: 'Family' }] },
    Relatives: [{ ID: guardian.ID, RelationshipType: 'Parent' }],
  };
  camp.persons.set(person.ID, person);
  guardian.Relatives = [
    ...(guardian.Relatives ?? []),
    { ID: person.ID, RelationshipType: 'Child' },
  ];
  return person;
}

function attendeeOf(camp: SandboxCamp, personId: number, seasonId: number): CampMinderAttendee {
  let attendee = camp.attendees.find(
    (item) => item.PersonID === personId && item.SeasonID === seasonId,
  );
  if (!attendee) {
    attendee = { PersonID: personId, SeasonID: seasonId, SessionProgramStatus: [] };
    camp.attendees.push(attendee);
  }
  attendee.SessionProgramStatus ??= [];
  return attendee;
}

/**
 * Sets a row's status and dates as CampMinder stamps them: the post date once, the effective
 * and update dates on each change.
 */
function stampRow(
  row: CampMinderSessionProgramStatus,
  statusId: number,
  now: Date,
  timeZone: string,
): void {
  const local = localDateTime(now, timeZone);
  row.StatusID = statusId;
  row.StatusName = statusNameOf(statusId);
  row.PostDate ??= local;
  row.EffectiveDate = `${local.slice(0, 10)}T00:00:00`;
  row.LastUpdatedUTC = utcDateTime(now);
}

/** Sets the status of a camper's row for a session and program, adding the row when missing. */
function upsertRow(
  state: SandboxState,
  camp: SandboxCamp,
  camperId: number,
  session: CampMinderSession,
  programId: number | null,
  statusId: number,
): void {
  const rows = attendeeOf(camp, camperId, session.SeasonID).SessionProgramStatus!;
  let row = rows.find(
    (item) => item.SessionID === session.ID && (item.ProgramID ?? null) === programId,
  );
  if (!row) {
    row = { SessionID: session.ID, ProgramID: programId, StatusID: statusId, PostDate: null };
    rows.push(row);
  }
  stampRow(row, statusId, state.clock.now(), camp.seed.timeZone);
}

/**
 * Plays the family finishing the camp's form and the camp giving the registration `status`.
 * Reuses the guardian with that email and campers of the same names, or creates them, and
 * gives each camper a status row for the session and program. A second call with the same
 * reference changes the same rows and keeps one registration. Throws for an unknown or inactive
 * session, a program the session does not offer, or a session with programs and none chosen.
 */
export function registerFamily(
  state: SandboxState,
  registration: FamilyRegistration,
  status: SandboxStatus | string,
): SandboxRegistration {
  const statusId = statusIdOf(status);
  const camp = campOfSession(state, registration);
  const session = activeSession(camp, registration.sessionId);
  const programs = programsOf(camp, session);
  const { programId } = registration;
  if (programId === null && programs.length > 0) {
    throw new RangeError(
      `Session ${session.ID} offers programs ${programs.join(', ')}: choose one of them.`,
    );
  }
  if (programId !== null && !programs.includes(programId)) {
    throw new RangeError(`Program ${programId} is not an active program of session ${session.ID}.`);
  }
  if (registration.campers.length === 0) {
    throw new RangeError('A registration needs at least one camper.');
  }

  const guardian = findOrCreateGuardian(state, camp, registration.guardian);
  const campers = registration.campers.map((camper) =>
    findOrCreateCamper(state, camp, guardian, registration.guardian.email, camper),
  );
  for (const camper of campers) upsertRow(state, camp, camper.ID, session, programId, statusId);

  const camperIds = campers.map((camper) => camper.ID);
  const known = camp.registrations.find((item) => item.reference === registration.reference);
  if (known) {
    known.camperIds = [...new Set([...known.camperIds, ...camperIds])];
    return structuredClone(known);
  }
  const record: SandboxRegistration = {
    clientId: camp.seed.clientId,
    reference: registration.reference,
    sessionId: programId === null ? String(session.ID) : `${session.ID}-${programId}`,
    campMinderSessionId: session.ID,
    programId,
    guardianId: guardian.ID,
    camperIds,
    completedAt: state.clock.now().toISOString(),
  };
  camp.registrations.push(record);
  return structuredClone(record);
}

function parseSessionId(sessionId: string | number): { session: number; program?: number } {
  const match = /^(\d+)(?:-(\d+))?$/.exec(String(sessionId).trim());
  if (!match) {
    throw new RangeError(
      `Invalid sessionId "${sessionId}": give a CampMinder session id such as 1002, or ` +
        '<SessionID>-<ProgramID> such as 1002-501.',
    );
  }
  return {
    session: Number(match[1]),
    ...(match[2] === undefined ? {} : { program: Number(match[2]) }),
  };
}

/**
 * Sets the status of the rows that the campers of the guardian with `email` have for a
 * session, as camp staff do in CampMinder. With a program in the id, a camper who has rows
 * for the session but none for that program gets one. Creates no persons: throws when no
 * camper of that guardian holds a row for the session, which a completed registration gives.
 * Returns the number of rows changed.
 */
export function setAttendeeStatus(state: SandboxState, change: AttendeeStatusChange): number {
  const statusId = statusIdOf(change.status);
  const target = parseSessionId(change.sessionId);
  const camps =
    change.clientId === undefined ? [...state.camps.values()] : [state.camp(change.clientId)];

  let changed = 0;
  for (const camp of camps) {
    const session = camp.seed.sessions.find((item) => item.ID === target.session);
    if (!session) continue;
    for (const guardian of guardiansWithEmail(camp, change.email)) {
      for (const camper of campersOf(camp, guardian)) {
        changed += changeCamperRows(state, camp, camper.ID, session, target.program, statusId);
      }
    }
  }
  if (changed === 0) {
    throw new RangeError(
      `No camper of a guardian with that email has a status row for session ` +
        `${target.session}. Complete a registration for it first.`,
    );
  }
  return changed;
}

function changeCamperRows(
  state: SandboxState,
  camp: SandboxCamp,
  camperId: number,
  session: CampMinderSession,
  programId: number | undefined,
  statusId: number,
): number {
  const attendee = camp.attendees.find(
    (item) => item.PersonID === camperId && item.SeasonID === session.SeasonID,
  );
  const rows = (attendee?.SessionProgramStatus ?? []).filter((row) => row.SessionID === session.ID);
  if (rows.length === 0) return 0;
  if (programId === undefined) {
    for (const row of rows) stampRow(row, statusId, state.clock.now(), camp.seed.timeZone);
    return rows.length;
  }
  upsertRow(state, camp, camperId, session, programId, statusId);
  return 1;
}

/** Input of {@link setRegistrationStatus}. */
export interface RegistrationStatusChange {
  /** Reference of the hand-off the registration came from. */
  reference: string;
  /** Camp of the registration; default the camp that has a registration with the reference. */
  clientId?: number;
  /** CampMinder status name, such as `Enrolled`, or its StatusID. */
  status: SandboxStatus | string;
}

/**
 * Sets the status rows of a portal registration's campers for its session and program, as camp
 * staff do when they review an application. Throws when no registration has the reference.
 * Returns a copy of the registration.
 */
export function setRegistrationStatus(
  state: SandboxState,
  change: RegistrationStatusChange,
): SandboxRegistration {
  const statusId = statusIdOf(change.status);
  const camps =
    change.clientId === undefined ? [...state.camps.values()] : [state.camp(change.clientId)];
  for (const camp of camps) {
    const registration = camp.registrations.find((item) => item.reference === change.reference);
    if (!registration) continue;
    const session = activeSession(camp, registration.campMinderSessionId);
    for (const camperId of registration.camperIds) {
      upsertRow(state, camp, camperId, session, registration.programId, statusId);
    }
    return structuredClone(registration);
  }
  throw new RangeError(
    `No registration has the reference "${change.reference}": submit the portal form for it ` +
      'first.',
  );
}

/** Filter of {@link countRegistrations}. Every given field must match. */
export interface RegistrationFilter {
  clientId?: number;
  /** Canonical session id. */
  sessionId?: string;
  reference?: string;
  /**
   * Counts registrations whose every row has ended (cancelled, withdrawn, ...) too; false by
   * default.
   */
  includeCancelled?: boolean;
}

/** Tells whether every camper of a registration has left its session or program. */
function hasEnded(camp: SandboxCamp, registration: SandboxRegistration): boolean {
  const rows = registration.camperIds.flatMap((camperId) =>
    camp.attendees
      .filter((attendee) => attendee.PersonID === camperId)
      .flatMap((attendee) => attendee.SessionProgramStatus ?? [])
      .filter(
        (row) =>
          row.SessionID === registration.campMinderSessionId &&
          (row.ProgramID ?? null) === registration.programId,
      ),
  );
  return rows.length > 0 && rows.every((row) => isEndedStatus(row.StatusID));
}

/** Returns copies of the portal registrations matching every given filter, oldest first. */
export function listRegistrations(
  state: SandboxState,
  filter: RegistrationFilter = {},
): SandboxRegistration[] {
  return [...state.camps.values()]
    .filter((camp) => filter.clientId === undefined || camp.seed.clientId === filter.clientId)
    .flatMap((camp) =>
      camp.registrations.filter(
        (registration) =>
          (filter.sessionId === undefined || registration.sessionId === filter.sessionId) &&
          (filter.reference === undefined || registration.reference === filter.reference) &&
          (filter.includeCancelled === true || !hasEnded(camp, registration)),
      ),
    )
    .map((registration) => structuredClone(registration));
}
