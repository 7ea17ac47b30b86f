import { isConnectorError } from '@signupassist/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampMinderConnector, referenceFor } from '../src/index.js';
import {
  catalogRoutes,
  page,
  startStub,
  stubContext,
  stubSession,
  type StubApi,
} from './review-stub.js';

describe('campminder read-back of a session that closed after the hand-off', () => {
  let stub: StubApi;
  const connector = createCampMinderConnector();
  const reference = referenceFor('review-closed-0001');

  beforeAll(async () => {
    // Session 1001 of group 3 and session 1002 without a group are inactive now.
    stub = await startStub(
      catalogRoutes([
        stubSession({ ID: 1001, GroupID: 3, IsActive: false }),
        stubSession({ ID: 1002, IsActive: false }),
        stubSession({ ID: 1003 }),
      ]),
    );
    // Session 1003 was booked without programs, and the camp added program 55 since.
    stub.routes.set('GET /sessions/programs', () =>
      page([
        {
          ID: 55,
          Name: 'Sailing',
          IsActive: true,
          ProgramSeasons: [{ SessionID: 1003, SeasonID: 2027 }],
        },
      ]),
    );
    stub.routes.set('GET /sessions/groups', () =>
      page([{ ID: 3, Name: 'Summer', IsActive: true, SortOrder: 1 }]),
    );
  });

  afterAll(async () => {
    await stub.stop();
  });

  it('keeps the program of an inactive grouped session', async () => {
    const receipt = await connector.getBooking(stubContext(stub), {
      bookingId: `1001~${reference}`,
    });
    expect(receipt.status).toBe('handoff_required');
    expect(receipt.programId).toBe('group-3');
    expect(receipt.externalReference).toBe(reference);
  });

  it('keeps the program of an inactive session without a group', async () => {
    const receipt = await connector.getBooking(stubContext(stub), {
      bookingId: `1002~${reference}`,
    });
    expect(receipt.programId).toBe('session-1002');
  });

  it('keeps the program of a session that gained programs', async () => {
    const receipt = await connector.getBooking(stubContext(stub), {
      bookingId: `1003~${reference}`,
    });
    expect(receipt.programId).toBe('session-1003');
    expect(receipt.sessionId).toBe('1003');
  });

  it.each(['9999', '1001-99999'])('still reports unknown session %s', async (sessionId) => {
    const error = await connector
      .getBooking(stubContext(stub), { bookingId: `${sessionId}~${reference}` })
      .catch((caught: unknown) => caught);
    expect(isConnectorError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('not_found');
  });
});
