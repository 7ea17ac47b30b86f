import { HttpResponse } from 'msw';
import {
  EXTERNAL_ID_PATTERN,
  type CampMinderAttendee,
  type CampMinderPerson,
} from '../campminder-api.js';
import { badRequest, SandboxApiError } from './errors.js';
import { pagedResponse } from './pagination.js';
import {
  readBoolean,
  readIdList,
  readInteger,
  readJsonBody,
  type RequestContext,
} from './request-context.js';

/** Tells whether one of a person's email addresses equals `email`, ignoring letter case. */
export function hasEmail(person: CampMinderPerson, email: string): boolean {
  const expected = email.trim().toLowerCase();
  return (person.ContactDetails?.Emails ?? []).some(
    (item) => item.Address.trim().toLowerCase() === expected,
  );
}

/**
 * `GET /persons?clientid&email&id&includecontactdetails&includerelatives`: the camp's persons
 * whose email matches (any letter case) and whose id is listed, when those filters are given.
 * Contact details and relatives are null unless their include flag is true.
 */
export function listPersons(context: RequestContext): Response {
  const { query } = context;
  const email = query.get('email');
  const ids = readIdList(query, 'id');
  const withContact = readBoolean(query, 'includecontactdetails');
  const withRelatives = readBoolean(query, 'includerelatives');

  const persons = [...context.camp.persons.values()]
    .filter((person) => email === null || hasEmail(person, email))
    .filter((person) => ids === undefined || ids.includes(person.ID))
    .sort((left, right) => left.ID - right.ID)
    .map((person) => ({
      ...person,
      ContactDetails: withContact ? person.ContactDetails : null,
      Relatives: withRelatives ? person.Relatives : null,
    }));
  return pagedResponse(context, persons);
}

/**
 * `GET /sessions/attendees?clientid&seasonid&personids&status`: one entry per person and
 * season with its status rows. `status` keeps the rows whose StatusID shares a bit with it,
 * and entries left without rows are dropped.
 */
export function listAttendees(context: RequestContext): Response {
  const { query } = context;
  const seasonId = readInteger(query, 'seasonid');
  const personIds = readIdList(query, 'personids');
  const status = readInteger(query, 'status');

  const attendees = context.camp.attendees
    .filter((attendee) => seasonId === undefined || attendee.SeasonID === seasonId)
    .filter((attendee) => personIds === undefined || personIds.includes(attendee.PersonID))
    .map((attendee): CampMinderAttendee => ({
      ...attendee,
      SessionProgramStatus: (attendee.SessionProgramStatus ?? []).filter(
        (row) => status === undefined || (row.StatusID & status) !== 0,
      ),
    }))
    .filter((attendee) => attendee.SessionProgramStatus!.length > 0);
  return pagedResponse(context, attendees);
}

/**
 * `PATCH /persons/{id}?clientid` with `{"ExternalID": "..."}`: sets the person's ExternalID
 * and returns 204. An ExternalID outside CampMinder's pattern is a 400, a person the camp does
 * not have a 404.
 */
export async function patchPerson(context: RequestContext): Promise<Response> {
  const idText = context.params.id ?? '';
  const person = /^\d+$/.test(idText) ? context.camp.persons.get(Number(idText)) : undefined;
  if (!person) {
    throw new SandboxApiError(
      404,
      `Person ${idText} not found in client ${context.camp.seed.clientId}.`,
    );
  }

  const body = await readJsonBody(context.request);
  const externalId = (body as { ExternalID?: unknown } | null)?.ExternalID;
  if (typeof externalId !== 'string') {
    badRequest('Missing ExternalID: send {"ExternalID": "<value>"}.');
  }
  if (!EXTERNAL_ID_PATTERN.test(externalId)) {
    badRequest(
      `Invalid ExternalID "${externalId}": give 2 to 50 characters from letters, digits and ` +
        '!@#$%^&*.',
    );
  }
  person.ExternalID = externalId;
  return new HttpResponse(null, { status: 204 });
}
