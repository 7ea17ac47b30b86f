import {
  ConnectorError,
  isConnectorError,
  type BookingLookup,
  type BookingReceipt,
  type BookingStatus,
  type RegistrationDetails,
} from '@signupassist/contract';
import {
  CAMPMINDER_PATHS,
  campMinderAttendeeSchema,
  campMinderPersonSchema,
  personPath,
  type CampMinderPerson,
  type CampMinderSessionProgramStatus,
} from './campminder-api.js';
import { loadCatalogData } from './catalog.js';
import { buildCatalog, programIdOfAnySession } from './catalog-model.js';
import { handoffReceipt, parseBookingId, type ParsedBookingId } from './handoff.js';
import type { CampMinderClient } from './http-client.js';
import {
  camperStatus,
  familyCampers,
  overallStatus,
  participantNames,
  registeredStatuses,
  rowsForSession,
  unknownRelativeIds,
  type CamperStatus,
} from './status.js';

/** Max person ids sent in one `personids` or `id` query parameter. */
const IDS_PER_REQUEST = 50;

function notFound(client: CampMinderClient, bookingId: string): ConnectorError {
  return new ConnectorError(
    'not_found',
    `There is no CampMinder hand-off "${bookingId}" for vendor ` +
      `"${client.context.vendor.displayName}".`,
    { vendorId: client.context.vendor.id },
  );
}

/**
 * Returns the program of the booked session: the registration's when it names this session,
 * else the catalog's. A session that closed or changed its programs since the hand-off keeps
 * the program it had, and only a session CampMinder no longer returns is `not_found`.
 */
async function programIdOf(
  client: CampMinderClient,
  booking: ParsedBookingId,
  registration: RegistrationDetails | undefined,
  bookingId: string,
): Promise<string> {
  if (registration?.sessionId === booking.sessionId) return registration.programId;
  const data = await loadCatalogData(client);
  const session = buildCatalog(data, client.config).sessions.get(booking.sessionId);
  if (session) return session.programId;
  const programId = programIdOfAnySession(
    data,
    { sessionId: booking.campSessionId, campProgramId: booking.campProgramId },
    client.config.seasonId,
  );
  if (programId === undefined) throw notFound(client, bookingId);
  return programId;
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) {
    result.push(items.slice(index, index + size));
  }
  return result;
}

/**
 * Finds the family's persons: those with the guardian's email, and the guardians' relatives
 * that the email search did not return, read by id.
 */
async function findFamily(client: CampMinderClient, email: string): Promise<CampMinderPerson[]> {
  const endpoint = `GET ${CAMPMINDER_PATHS.persons}`;
  const persons = await client.sendForAllPages(
    {
      path: CAMPMINDER_PATHS.persons,
      endpoint,
      query: {
        clientid: client.config.clientId,
        email,
        includecontactdetails: true,
        includerelatives: true,
      },
    },
    campMinderPersonSchema,
  );
  for (const ids of chunks(unknownRelativeIds(persons, email), IDS_PER_REQUEST)) {
    const relatives = await client.sendForAllPages(
      {
        path: CAMPMINDER_PATHS.persons,
        endpoint,
        query: { clientid: client.config.clientId, id: ids.join(','), includecontactdetails: true },
      },
      campMinderPersonSchema,
    );
    persons.push(...relatives.filter((person) => ids.includes(person.ID)));
  }
  return persons;
}

/** Reads the status of each camper in the booked session; campers without rows are left out. */
async function readCamperStatuses(
  client: CampMinderClient,
  campers: CampMinderPerson[],
  booking: ParsedBookingId,
): Promise<Map<number, CamperStatus>> {
  const rowsByPerson = new Map<number, CampMinderSessionProgramStatus[]>();
  for (const ids of chunks(
    campers.map((camper) => camper.ID),
    IDS_PER_REQUEST,
  )) {
    const attendees = await client.sendForAllPages(
      {
        path: CAMPMINDER_PATHS.attendees,
        endpoint: `GET ${CAMPMINDER_PATHS.attendees}`,
        query: {
          clientid: client.config.clientId,
          seasonid: client.config.seasonId,
          personids: ids.join(','),
        },
      },
      campMinderAttendeeSchema,
    );
    for (const attendee of attendees) {
      if (!ids.includes(attendee.PersonID)) continue;
      const rows = rowsForSession(attendee, booking.campSessionId, booking.campProgramId);
      rowsByPerson.set(attendee.PersonID, [
        ...(rowsByPerson.get(attendee.PersonID) ?? []),
        ...rows,
      ]);
    }
  }

  const statuses = new Map<number, CamperStatus>();
  for (const [personId, rows] of rowsByPerson) {
    const status = camperStatus(rows);
    if (status !== undefined) statuses.set(personId, status);
  }
  return statuses;
}

/**
 * Sets the ExternalID of each matched camper to the reference, where CampMinder has none.
 * An ExternalID the camp or an earlier registration set is left as it is. A failed write is
 * logged and does not change the read-back.
 */
async function tagCampers(
  client: CampMinderClient,
  campers: CampMinderPerson[],
  reference: string,
): Promise<void> {
  for (const camper of campers) {
    if (camper.ExternalID === reference) continue;
    if (camper.ExternalID !== null && camper.ExternalID !== undefined && camper.ExternalID !== '') {
      client.context.logger.debug(
        { ...client.logFields, personId: camper.ID },
        'CampMinder camper already has an ExternalID; leaving it',
      );
      continue;
    }
    try {
      await client.send({
        method: 'PATCH',
        path: personPath(camper.ID),
        endpoint: `PATCH ${CAMPMINDER_PATHS.persons}/{id}`,
        query: { clientid: client.config.clientId },
        body: { ExternalID: reference },
      });
      client.context.logger.info(
        { ...client.logFields, personId: camper.ID },
        'CampMinder camper tagged with the hand-off reference',
      );
    } catch (error) {
      if (client.context.signal.aborted) throw error;
      client.context.logger.warn(
        {
          ...client.logFields,
          personId: camper.ID,
          code: isConnectorError(error) ? error.code : 'unexpected',
        },
        'Setting the CampMinder ExternalID failed; the status read-back is unaffected',
      );
    }
  }
}

interface ReadBack {
  status: BookingStatus;
  warnings: string[];
}

async function readBack(
  client: CampMinderClient,
  booking: ParsedBookingId,
  registration: RegistrationDetails,
  email: string,
): Promise<ReadBack> {
  const persons = await findFamily(client, email);
  const names = participantNames(registration.participants);
  const campers = familyCampers(persons, email, names);
  if (campers.length === 0) {
    return { status: 'handoff_required', warnings: [] };
  }

  const statuses = await readCamperStatuses(client, campers, booking);
  const matched = campers.filter((camper) => statuses.has(camper.ID));
  const registered = registeredStatuses(campers, statuses, names);
  let status = overallStatus(registered);
  const warnings: string[] = [];
  if (status === 'confirmed' && registered.length < registration.participants.length) {
    status = 'pending';
    warnings.push(
      `CampMinder has ${registered.length} of the ${registration.participants.length} campers ` +
        'in this session so far.',
    );
  }

  const active = matched.filter((camper) => statuses.get(camper.ID) !== 'cancelled');
  if (active.length > 0 && client.config.tagExternalId) {
    await tagCampers(client, active, booking.reference);
  }
  return { status, warnings };
}

/**
 * Reads back a hand-off: finds the family by the guardian's email from the registration,
 * their campers' attendee rows for the booked session, and turns them into a status. Without
 * the registration it cannot look, so it returns `handoff_required` with a warning.
 */
export async function getBooking(
  client: CampMinderClient,
  lookup: BookingLookup,
): Promise<BookingReceipt> {
  const booking = parseBookingId(lookup.bookingId);
  if (!booking) throw notFound(client, lookup.bookingId);
  const { registration } = lookup;
  const programId = await programIdOf(client, booking, registration, lookup.bookingId);
  const email = registration?.guardian.email;

  let result: ReadBack;
  if (registration === undefined || typeof email !== 'string' || email.trim() === '') {
    result = {
      status: 'handoff_required',
      warnings: [
        'The hub passed no registration with a guardian email, so the CampMinder record ' +
          'could not be matched; the status is unknown.',
      ],
    };
  } else {
    result = await readBack(client, booking, registration, email.trim());
  }

  client.context.logger.info(
    { ...client.logFields, bookingId: lookup.bookingId, status: result.status },
    'CampMinder hand-off read back',
  );
  return handoffReceipt(
    client.config,
    client.context.vendor.displayName,
    {
      booking,
      programId,
      status: result.status,
      campers: registration?.participants.length ?? 1,
      ...(registration === undefined ? {} : { registration }),
      ...(result.warnings.length > 0 ? { warnings: result.warnings } : {}),
    },
    client.failureScope(`GET ${CAMPMINDER_PATHS.attendees}`),
  );
}
