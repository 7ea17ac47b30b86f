import type { Answers, BookingStatus } from '@signupassist/contract';
import {
  CAMPMINDER_STATUS,
  type CampMinderAttendee,
  type CampMinderPerson,
  type CampMinderSessionProgramStatus,
} from './campminder-api.js';

// Reading a family's registration back from CampMinder: which persons are the family's
// campers, and what status their attendee rows give them in one session.

/** Status of one camper in one session. */
export type CamperStatus = 'confirmed' | 'pending' | 'waitlisted' | 'cancelled';

const ENDED_BITS =
  CAMPMINDER_STATUS.Cancelled |
  CAMPMINDER_STATUS.Withdrawn |
  CAMPMINDER_STATUS.Dismissed |
  CAMPMINDER_STATUS.LeftEarly;
const PENDING_BITS =
  CAMPMINDER_STATUS.Applied | CAMPMINDER_STATUS.Incomplete | CAMPMINDER_STATUS.Inquiry;

/**
 * Returns the camper status of one attendee row's StatusID. Enrolled is confirmed. Applied,
 * Incomplete and Inquiry are pending. WaitList is waitlisted. Cancelled, Withdrawn, Dismissed
 * and LeftEarly are cancelled. When a StatusID combines bits, an ended bit wins, because it
 * records a later step than enrolling or applying, then Enrolled, WaitList and the pending
 * bits. None (1) and unknown bits give undefined.
 */
export function statusOfRow(statusId: number): CamperStatus | undefined {
  if ((statusId & ENDED_BITS) !== 0) return 'cancelled';
  if ((statusId & CAMPMINDER_STATUS.Enrolled) !== 0) return 'confirmed';
  if ((statusId & CAMPMINDER_STATUS.WaitList) !== 0) return 'waitlisted';
  if ((statusId & PENDING_BITS) !== 0) return 'pending';
  return undefined;
}

/** Rank of a camper status: a higher one is further along and wins among one camper's rows. */
const RANK: Record<CamperStatus, number> = {
  cancelled: 0,
  waitlisted: 1,
  pending: 2,
  confirmed: 3,
};

/** Returns the most advanced status among one camper's rows, or undefined for none. */
export function camperStatus(rows: CampMinderSessionProgramStatus[]): CamperStatus | undefined {
  let best: CamperStatus | undefined;
  for (const row of rows) {
    const status = statusOfRow(row.StatusID);
    if (status !== undefined && (best === undefined || RANK[status] > RANK[best])) best = status;
  }
  return best;
}

/**
 * Combines the statuses of the matched campers: confirmed when all are confirmed, cancelled
 * when all are cancelled, waitlisted when every camper not cancelled is waitlisted, else
 * pending. No camper statuses at all means the family has not finished the hand-off.
 */
export function overallStatus(statuses: CamperStatus[]): BookingStatus {
  if (statuses.length === 0) return 'handoff_required';
  if (statuses.every((status) => status === 'confirmed')) return 'confirmed';
  if (statuses.every((status) => status === 'cancelled')) return 'cancelled';
  const active = statuses.filter((status) => status !== 'cancelled');
  if (active.every((status) => status === 'waitlisted')) return 'waitlisted';
  return 'pending';
}

/** Returns the rows of an attendee for one session, and one program when `campProgramId` is set. */
export function rowsForSession(
  attendee: CampMinderAttendee,
  campSessionId: number,
  campProgramId?: number,
): CampMinderSessionProgramStatus[] {
  return (attendee.SessionProgramStatus ?? []).filter(
    (row) =>
      row.SessionID === campSessionId &&
      (campProgramId === undefined || row.ProgramID === campProgramId),
  );
}

function normalized(text: string | null | undefined): string {
  return (text ?? '').trim().toLowerCase();
}

/** Tells whether a person has the email address, ignoring letter case. */
export function hasEmail(person: CampMinderPerson, email: string): boolean {
  const expected = normalized(email);
  return (person.ContactDetails?.Emails ?? []).some(
    (item) => normalized(item.Address) === expected,
  );
}

/** A participant's name from the registration answers. */
export interface ParticipantName {
  firstName: string;
  lastName: string;
}

/** Reads the participants' names from registration answers, leaving out entries without both. */
export function participantNames(participants: { answers: Answers }[]): ParticipantName[] {
  return participants.flatMap(({ answers }) => {
    const first = answers.firstName;
    const last = answers.lastName;
    return typeof first === 'string' && typeof last === 'string' && first.trim() && last.trim()
      ? [{ firstName: first, lastName: last }]
      : [];
  });
}

/** Tells whether a person has a participant's first (or preferred) and last name. */
export function hasName(person: CampMinderPerson, name: ParticipantName): boolean {
  const first = normalized(name.firstName);
  const last = normalized(name.lastName);
  const firstMatches =
    normalized(person.Name?.First) === first || normalized(person.Name?.Preferred) === first;
  return firstMatches && normalized(person.Name?.Last) === last;
}

/**
 * Returns the family's campers among the persons found: the guardians are the persons with
 * the email who are not campers, and the campers are the camper persons that are their
 * relatives or carry the email themselves. With names given, only campers of those names.
 */
export function familyCampers(
  persons: CampMinderPerson[],
  email: string,
  names: ParticipantName[],
): CampMinderPerson[] {
  const guardians = persons.filter((person) => person.IsCamper !== true && hasEmail(person, email));
  const relativeIds = new Set(
    guardians.flatMap((guardian) => (guardian.Relatives ?? []).map((relative) => relative.ID)),
  );
  const campers = new Map<number, CampMinderPerson>();
  for (const person of persons) {
    if (person.IsCamper !== true) continue;
    if (!relativeIds.has(person.ID) && !hasEmail(person, email)) continue;
    if (names.length > 0 && !names.some((name) => hasName(person, name))) continue;
    campers.set(person.ID, person);
  }
  return [...campers.values()];
}

/**
 * Returns one status per registered camper that CampMinder has. Without names, every camper
 * with a status counts. With names, the participants of one name take the most advanced
 * statuses of the campers of that name, at most one each, so a duplicate record of one camper
 * neither counts for a sibling nor lowers the status.
 */
export function registeredStatuses(
  campers: CampMinderPerson[],
  statuses: ReadonlyMap<number, CamperStatus>,
  names: ParticipantName[],
): CamperStatus[] {
  const found = campers.flatMap((camper) => {
    const status = statuses.get(camper.ID);
    return status === undefined ? [] : [{ camper, status }];
  });
  if (names.length === 0) return found.map(({ status }) => status);

  const participantsByName = new Map<string, { name: ParticipantName; count: number }>();
  for (const name of names) {
    const key = `${normalized(name.firstName)}\u0000${normalized(name.lastName)}`;
    const entry = participantsByName.get(key) ?? { name, count: 0 };
    entry.count += 1;
    participantsByName.set(key, entry);
  }
  return [...participantsByName.values()].flatMap(({ name, count }) =>
    found
      .filter(({ camper }) => hasName(camper, name))
      .map(({ status }) => status)
      .sort((left, right) => RANK[right] - RANK[left])
      .slice(0, count),
  );
}

/** Returns the ids of the guardians' relatives that are not among `persons`. */
export function unknownRelativeIds(persons: CampMinderPerson[], email: string): number[] {
  const known = new Set(persons.map((person) => person.ID));
  const ids = persons
    .filter((person) => person.IsCamper !== true && hasEmail(person, email))
    .flatMap((guardian) => (guardian.Relatives ?? []).map((relative) => relative.ID))
    .filter((id) => !known.has(id));
  return [...new Set(ids)];
}
