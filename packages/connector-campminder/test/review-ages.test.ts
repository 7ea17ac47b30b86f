import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampMinderConnector } from '../src/index.js';
import {
  catalogRoutes,
  page,
  startStub,
  stubContext,
  stubSession,
  type StubApi,
} from './review-stub.js';

describe('campminder age limits at the edges', () => {
  let stub: StubApi;
  const connector = createCampMinderConnector();

  beforeAll(async () => {
    stub = await startStub(catalogRoutes([]));
  });

  afterAll(async () => {
    await stub.stop();
  });

  function serveSessions(sessions: Record<string, unknown>[]): void {
    stub.routes.set('GET /sessions', () => page(sessions));
  }

  it('reads an upper age of 0.0 as no limit', async () => {
    serveSessions([stubSession({ StartAge: 0.0, EndAge: 0.0 })]);
    const [program] = await connector.listPrograms(stubContext(stub));
    expect(program?.ageRange?.maxYears).toBeUndefined();

    const form = await connector.getRegistrationForm(stubContext(stub), {
      programId: 'session-1001',
      sessionId: '1001',
    });
    expect(form.participantCategories[0]?.ageRange?.maxYears).toBeUndefined();
  });

  it('keeps the lower age when the upper one is 0.0', async () => {
    serveSessions([stubSession({ StartAge: 7.6, EndAge: 0.0 })]);
    const [program] = await connector.listPrograms(stubContext(stub));
    expect(program?.ageRange).toEqual({ minYears: 7.5 });
  });

  it('reads 12.11 as twelve years eleven months', async () => {
    serveSessions([stubSession({ StartAge: 12.11, EndAge: 17 })]);
    const [program] = await connector.listPrograms(stubContext(stub));
    expect(program?.ageRange?.minYears).toBeCloseTo(12 + 11 / 12, 10);
    expect(program?.ageRange?.maxYears).toBe(17);
  });

  it('lists a catalog with an age beyond 130', async () => {
    serveSessions([stubSession({ EndAge: 999 }), stubSession({ ID: 1002, Name: 'Second' })]);
    const programs = await connector.listPrograms(stubContext(stub));
    expect(programs.map((program) => program.id)).toEqual(['session-1001', 'session-1002']);
    expect(programs[0]?.ageRange).toEqual({ minYears: 8 });
  });

  it('falls back to session ages for a program season of 0.0', async () => {
    serveSessions([stubSession({ StartAge: 8, EndAge: 15.11 })]);
    stub.routes.set('GET /sessions/programs', () =>
      page([
        {
          ID: 55,
          Name: 'Sailing',
          IsActive: true,
          ProgramSeasons: [{ SessionID: 1001, SeasonID: 2027, StartAge: 10, EndAge: 0.0 }],
        },
      ]),
    );
    const form = await connector.getRegistrationForm(stubContext(stub), {
      programId: 'session-1001',
      sessionId: '1001-55',
    });
    expect(form.participantCategories[0]?.ageRange?.minYears).toBe(10);
    expect(form.participantCategories[0]?.ageRange?.maxYears).toBeCloseTo(15 + 11 / 12, 10);
    stub.routes.set('GET /sessions/programs', () => page([]));
  });
});
