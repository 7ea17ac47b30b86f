import type { BookingReceipt, RegistrationDetails } from '@signupassist/contract';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CAMPMINDER_STATUS } from '../src/campminder-api.js';
import { createCampMinderConnector } from '../src/index.js';
import {
  catalogRoutes,
  page,
  startStub,
  stubContext,
  stubRegistration,
  stubSession,
  type StubApi,
} from './review-stub.js';

const { Enrolled, Withdrawn, WaitList } = CAMPMINDER_STATUS;

interface Camper {
  id: number;
  firstName: string;
  statusId?: number;
}

/** Serves a guardian with the email in another letter case and the given campers. */
function serveFamily(stub: StubApi, campers: Camper[]): void {
  const guardian = {
    ID: 1,
    Name: { First: 'Dana', Last: 'Neil', Preferred: null },
    IsCamper: false,
    ExternalID: null,
    ContactDetails: { Emails: [{ Address: 'Dana.Neil@Example.COM', Type: 'Primary' }] },
    Relatives: campers.map((camper) => ({ ID: camper.id, RelationshipType: 'Child' })),
  };
  const persons = campers.map((camper) => ({
    ID: camper.id,
    Name: { First: camper.firstName, Last: 'Neil', Preferred: null },
    IsCamper: true,
    ExternalID: null,
    ContactDetails: { Emails: [] },
    Relatives: [{ ID: 1, RelationshipType: 'Parent' }],
  }));
  stub.routes.set('GET /persons', () => page([guardian, ...persons]));
  stub.routes.set('GET /sessions/attendees', () =>
    page(
      campers
        .filter((camper) => camper.statusId !== undefined)
        .map((camper) => ({
          PersonID: camper.id,
          SeasonID: 2027,
          SessionProgramStatus: [{ SessionID: 1001, ProgramID: null, StatusID: camper.statusId }],
        })),
    ),
  );
  for (const camper of campers) {
    stub.routes.set(`PATCH /persons/${camper.id}`, () => ({ status: 204 }));
  }
}

describe('campminder read-back with campers of the same name', () => {
  let stub: StubApi;
  const connector = createCampMinderConnector();

  beforeAll(async () => {
    stub = await startStub(catalogRoutes([stubSession()]));
  });

  beforeEach(() => {
    stub.requests.length = 0;
  });

  afterAll(async () => {
    await stub.stop();
  });

  async function readBack(firstNames: string[]): Promise<BookingReceipt> {
    const request = stubRegistration(
      firstNames.map((firstName) => ({ firstName, lastName: 'Neil' })),
    );
    const receipt = await connector.book(stubContext(stub), request);
    const registration: Partial<typeof request> = { ...request };
    delete registration.idempotencyKey;
    return connector.getBooking(stubContext(stub), {
      bookingId: receipt.bookingId,
      registration: registration as RegistrationDetails,
    });
  }

  it('stays pending while a named camper is missing', async () => {
    // Two person records of Ari, and none of Bo yet.
    serveFamily(stub, [
      { id: 2, firstName: 'Ari', statusId: Enrolled },
      { id: 3, firstName: 'Ari', statusId: Enrolled },
    ]);
    const receipt = await readBack(['Ari', 'Bo']);
    expect(receipt.status).toBe('pending');
    expect(receipt.warnings?.join(' ')).toContain('1 of the 2 campers');
  });

  it('confirms a camper with a duplicate withdrawn record', async () => {
    serveFamily(stub, [
      { id: 2, firstName: 'Ari', statusId: Enrolled },
      { id: 3, firstName: 'Ari', statusId: Withdrawn },
    ]);
    const receipt = await readBack(['Ari']);
    expect(receipt.status).toBe('confirmed');
    expect(receipt.warnings).toBeUndefined();
  });

  it('waits for the second of two campers named alike', async () => {
    serveFamily(stub, [{ id: 2, firstName: 'Ari', statusId: Enrolled }]);
    const receipt = await readBack(['Ari', 'Ari']);
    expect(receipt.status).toBe('pending');
    expect(receipt.warnings?.join(' ')).toContain('1 of the 2 campers');
  });

  it('confirms two campers named alike once both are enrolled', async () => {
    serveFamily(stub, [
      { id: 2, firstName: 'Ari', statusId: Enrolled },
      { id: 3, firstName: 'Ari', statusId: Enrolled },
    ]);
    const receipt = await readBack(['Ari', 'Ari']);
    expect(receipt.status).toBe('confirmed');
  });

  it('combines siblings of different statuses', async () => {
    serveFamily(stub, [
      { id: 2, firstName: 'Ari', statusId: WaitList },
      { id: 3, firstName: 'Bo', statusId: Withdrawn },
      { id: 4, firstName: 'Cy' },
    ]);
    const receipt = await readBack(['Ari', 'Bo']);
    expect(receipt.status).toBe('waitlisted');
  });
});
