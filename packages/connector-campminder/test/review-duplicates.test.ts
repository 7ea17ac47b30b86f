import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampMinderConnector } from '../src/index.js';
import {
  catalogRoutes,
  page,
  startStub,
  stubContext,
  stubSession,
  type StubApi,
  type StubRequest,
} from './review-stub.js';

/** Serves `pages` by `pagenumber`, as a list that shifted between two page reads does. */
function pagedRoute(pages: unknown[][]) {
  return (request: StubRequest) => {
    const index = Number(request.query.get('pagenumber') ?? '1') - 1;
    const last = index >= pages.length - 1;
    return {
      body: {
        TotalCount: pages.flat().length,
        Next: last ? null : `http://127.0.0.1/next?pagenumber=${index + 2}`,
        Results: pages[index] ?? [],
      },
    };
  };
}

describe('campminder lists that repeat an item', () => {
  let stub: StubApi;
  const connector = createCampMinderConnector();

  beforeAll(async () => {
    stub = await startStub(catalogRoutes([]));
    // Session 1002 moved from page 1 to page 2 while the pages were read.
    stub.routes.set(
      'GET /sessions',
      pagedRoute([
        [stubSession({ ID: 1001 }), stubSession({ ID: 1002, Name: 'Second' })],
        [stubSession({ ID: 1002, Name: 'Second' }), stubSession({ ID: 1003, Name: 'Third' })],
      ]),
    );
    const sailing = {
      ID: 55,
      Name: 'Sailing',
      IsActive: true,
      ProgramSeasons: [{ SessionID: 1001, SeasonID: 2027 }],
    };
    stub.routes.set('GET /sessions/programs', pagedRoute([[sailing], [sailing]]));
    const allergies = {
      id: 5,
      name: 'Allergies',
      dataType: 'String',
      partition: 'Camper',
      isActive: true,
    };
    stub.routes.set('GET /persons/custom-fields', () => ({
      body: { totalCount: 2, next: null, result: [allergies, { ...allergies }] },
    }));
  });

  afterAll(async () => {
    await stub.stop();
  });

  it('lists each program once', async () => {
    const programs = await connector.listPrograms(stubContext(stub));
    expect(programs.map((program) => program.id)).toEqual([
      'session-1001',
      'session-1002',
      'session-1003',
    ]);
  });

  it('lists each session once', async () => {
    const first = await connector.listSessions(stubContext(stub), { programId: 'session-1001' });
    expect(first.map((session) => session.id)).toEqual(['1001-55']);

    const second = await connector.listSessions(stubContext(stub), { programId: 'session-1002' });
    expect(second.map((session) => session.id)).toEqual(['1002']);
  });

  it('asks each custom field once', async () => {
    const form = await connector.getRegistrationForm(stubContext(stub), {
      programId: 'session-1001',
    });
    const keys = form.fields.map((field) => `${field.scope}.${field.key}`);
    expect(keys.filter((key) => key === 'participant.custom_5')).toHaveLength(1);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('campminder program seasons that repeat a session', () => {
  it('keeps one session per program', async () => {
    const stub = await startStub(catalogRoutes([stubSession()]));
    try {
      stub.routes.set('GET /sessions/programs', () =>
        page([
          {
            ID: 55,
            Name: 'Sailing',
            IsActive: true,
            ProgramSeasons: [
              { SessionID: 1001, SeasonID: 2027, StartDate: '2027-06-28T13:00:00Z' },
              { SessionID: 1001, SeasonID: 2027, StartDate: '2027-07-05T13:00:00Z' },
            ],
          },
        ]),
      );
      const sessions = await createCampMinderConnector().listSessions(stubContext(stub), {
        programId: 'session-1001',
      });
      expect(sessions.map((session) => session.id)).toEqual(['1001-55']);
      expect(sessions[0]?.start).toBe('2027-06-28T09:00:00-04:00');
    } finally {
      await stub.stop();
    }
  });
});
