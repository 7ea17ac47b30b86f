import {
  ProgramSchema,
  RegistrationFormSchema,
  SessionSchema,
  type Session,
} from '@signupassist/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampMinderConnector } from '../src/index.js';
import {
  canonicalCatalog,
  demoSeed,
  MAPLE_HOLLOW_CLIENT_ID,
  PINE_LAKE_CLIENT_ID,
  type CampMinderSandbox,
} from '../src/sandbox/index.js';
import { createConnectorHarness, sandboxSecrets, startSandbox } from './connector-harness.js';

const { contextFor, failure, expectNotLeaked } = createConnectorHarness();

function byId<T extends { id: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

describe('campminder connector catalog', () => {
  let sandbox: CampMinderSandbox;
  let paged: CampMinderSandbox;
  const connector = createCampMinderConnector();

  beforeAll(async () => {
    sandbox = await startSandbox();
    paged = await startSandbox({ pageSize: 2 });
  });

  afterAll(async () => {
    await sandbox.stop();
    await paged.stop();
    expectNotLeaked([...sandboxSecrets(sandbox), ...sandboxSecrets(paged)]);
  });

  it('lists the programs of the season', async () => {
    const programs = await connector.listPrograms(contextFor(sandbox));
    for (const program of programs) expect(ProgramSchema.safeParse(program).success).toBe(true);

    expect(programs.map((program) => program.id).sort()).toEqual(
      ['group-11', 'group-12', 'group-13', 'group-14', 'session-1040', 'session-1041'].sort(),
    );
    const camp = demoSeed(2027).camps.find((item) => item.clientId === PINE_LAKE_CLIENT_ID)!;
    expect(programs.map((program) => program.id).sort()).toEqual(
      [...canonicalCatalog(camp, 2027).programIds].sort(),
    );
  });

  it('fills program fields from groups and sessions', async () => {
    const programs = byId(await connector.listPrograms(contextFor(sandbox)));
    const overnight = programs.get('group-11')!;
    expect(overnight).toMatchObject({
      vendorId: `camp-${PINE_LAKE_CLIENT_ID}`,
      title: 'Overnight Camp',
      description: 'Three- and six-week residential sessions on the lake.',
      timeZone: 'America/New_York',
      bookingMode: 'handoff',
      fromPrice: { amountMinor: 425_000, currency: 'USD' },
    });
    // Sailing of session 1001 starts at 10, while session 1003 starts at 9.
    expect(overnight.ageRange?.minYears).toBe(9);
    expect(overnight.ageRange?.maxYears).toBeCloseTo(15 + 11 / 12, 10);
    expect(overnight.tags).toContain('overnight camp');
    expect(programs.get('group-14')?.tags).toContain('day camp');
    expect(programs.get('session-1041')?.title).toBe('Family Weekend');
    expect(programs.get('session-1041')?.ageRange).toBeUndefined();
  });

  it('filters programs by text', async () => {
    const programs = await connector.listPrograms(contextFor(sandbox), { text: 'DAY CAMP' });
    expect(programs.map((program) => program.id)).toEqual(['group-14']);
  });

  it('splits sessions by their CampMinder programs', async () => {
    const sessions = await connector.listSessions(contextFor(sandbox), { programId: 'group-11' });
    for (const session of sessions) expect(SessionSchema.safeParse(session).success).toBe(true);

    // Ordered by start: Full Summer at midnight, Sailing from 14:00 the same day.
    expect(sessions.map((session) => session.id)).toEqual([
      '1003',
      '1001-501',
      '1002-501',
      '1002-502',
    ]);
    expect(sessions.map((session) => session.title)).toEqual([
      'Full Summer',
      'First Session: Sailing',
      'Second Session: Sailing',
      'Second Session: Horseback Riding',
    ]);
  });

  it('gives session dates the camp offset', async () => {
    const sessions = byId(
      await connector.listSessions(contextFor(sandbox), { programId: 'group-11' }),
    );
    // Session dates carry no offset: wall-clock times in New York.
    expect(sessions.get('1003')).toMatchObject({
      start: '2027-06-27T00:00:00-04:00',
      end: '2027-08-07T00:00:00-04:00',
      timeZone: 'America/New_York',
    });
    // Program dates are UTC: 18:00Z is 14:00 in New York in summer.
    expect(sessions.get('1002-502')).toMatchObject({
      start: '2027-07-18T14:00:00-04:00',
      end: '2027-08-07T10:00:00-04:00',
    });
  });

  it('prices sessions from the vendor config', async () => {
    const sessions = byId(
      await connector.listSessions(contextFor(sandbox), { programId: 'group-11' }),
    );
    expect(sessions.get('1001-501')).toMatchObject({
      price: { amountMinor: 425_000, currency: 'USD' },
      priceSource: 'vendor',
      availability: { status: 'open' },
    });
    expect(sessions.get('1003')?.price).toEqual({ amountMinor: 790_000, currency: 'USD' });

    const teen = byId(await connector.listSessions(contextFor(sandbox), { programId: 'group-13' }));
    // Session 1020 is not in pricing.sessions, so the default tuition applies.
    expect(teen.get('1020-504')?.price).toEqual({ amountMinor: 95_000, currency: 'USD' });
  });

  it('matches the sandbox scenario for every program', async () => {
    const camp = demoSeed(2027).camps.find((item) => item.clientId === PINE_LAKE_CLIENT_ID)!;
    const expected = canonicalCatalog(camp, 2027);
    for (const [programId, sessionIds] of Object.entries(expected.sessionIds)) {
      const sessions = await connector.listSessions(contextFor(sandbox), { programId });
      expect(sessions.map((session) => session.id).sort(), programId).toEqual(
        [...sessionIds].sort(),
      );
      for (const session of sessions) {
        expect(session.price, session.id).toEqual(expected.prices[session.id]);
      }
    }
  });

  it('keeps sessions that start inside the window', async () => {
    const sessions = await connector.listSessions(contextFor(sandbox), {
      programId: 'group-11',
      from: new Date('2027-07-01T00:00:00-04:00'),
      to: new Date('2027-07-18T14:00:00-04:00'),
    });
    expect(sessions).toEqual([]);

    const including = await connector.listSessions(contextFor(sandbox), {
      programId: 'group-11',
      from: new Date('2027-07-01T00:00:00-04:00'),
      to: new Date('2027-07-18T14:00:01-04:00'),
    });
    expect(including.map((session: Session) => session.id)).toEqual(['1002-501', '1002-502']);
  });

  it('starts the default window at the clock', async () => {
    sandbox.clock.set(new Date('2027-07-01T12:00:00Z'));
    try {
      const sessions = await connector.listSessions(contextFor(sandbox), {
        programId: 'group-14',
      });
      expect(sessions.map((session) => session.id)).toEqual([
        '1031-506',
        '1032',
        '1033',
        '1034',
        '1035',
      ]);
    } finally {
      sandbox.clock.set(new Date('2027-03-01T15:00:00Z'));
    }
  });

  it('reads every page of each list', async () => {
    const before = paged.requests().length;
    const programs = await connector.listPrograms(contextFor(paged));
    expect(programs).toHaveLength(6);

    const sessionPages = paged
      .requests({ pathPrefix: '/sessions' })
      .slice(before)
      .filter((request) => request.path === '/sessions');
    // 16 sessions at 2 per page.
    expect(sessionPages).toHaveLength(8);
    expect(
      sessionPages.map((request) => new URLSearchParams(request.query).get('pagenumber')),
    ).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  });

  it('rejects an unknown program', async () => {
    const error = await failure(
      connector.listSessions(contextFor(sandbox), { programId: 'group-15' }),
    );
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('group-15');
  });

  it('rejects a window that ends before it starts', async () => {
    const error = await failure(
      connector.listSessions(contextFor(sandbox), {
        programId: 'group-11',
        from: new Date('2027-07-02T00:00:00Z'),
        to: new Date('2027-07-01T00:00:00Z'),
      }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('to must be after from');
  });
});

describe('campminder connector form', () => {
  let sandbox: CampMinderSandbox;
  const connector = createCampMinderConnector();

  beforeAll(async () => {
    sandbox = await startSandbox();
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  it('builds the form from the custom fields', async () => {
    const form = await connector.getRegistrationForm(contextFor(sandbox), {
      programId: 'group-11',
      sessionId: '1002-502',
    });
    expect(RegistrationFormSchema.safeParse(form).success).toBe(true);
    expect(form.sessionId).toBe('1002-502');

    const fields = byId(
      form.fields.map((field) => ({ ...field, id: `${field.scope}.${field.key}` })),
    );
    expect(fields.get('participant.custom_201')).toMatchObject({
      label: 'T-shirt size',
      type: 'text',
      required: false,
    });
    expect(fields.get('participant.custom_202')?.constraints).toEqual({ integer: true });
    expect(fields.get('participant.custom_203')?.type).toBe('number');
    expect(fields.get('participant.custom_204')?.type).toBe('date');
    expect(fields.get('guardian.custom_205')?.description).toContain('HH:MM');
    expect(fields.get('guardian.custom_206')?.type).toBe('text');
    expect(fields.get('guardian.custom_207')?.type).toBe('boolean');
    expect(form.fields.every((field) => !field.key.startsWith('custom_') || !field.required)).toBe(
      true,
    );

    // Horseback Riding of session 1002 takes campers from 9 years 6 months.
    expect(form.participantCategories[0]?.ageRange?.minYears).toBe(9.5);
    expect(form.warnings?.[0]).toContain('registration page');
  });

  it('builds a program form without a session', async () => {
    const form = await connector.getRegistrationForm(contextFor(sandbox, MAPLE_HOLLOW_CLIENT_ID), {
      programId: (await connector.listPrograms(contextFor(sandbox, MAPLE_HOLLOW_CLIENT_ID)))[0]!.id,
    });
    expect(form.sessionId).toBeUndefined();
    expect(form.participantCategories[0]?.ageRange).toBeUndefined();
  });

  it('rejects an unknown program or session', async () => {
    const program = await failure(
      connector.getRegistrationForm(contextFor(sandbox), { programId: 'conformance-unknown-id' }),
    );
    expect(program.code).toBe('not_found');

    const session = await failure(
      connector.getRegistrationForm(contextFor(sandbox), {
        programId: 'group-11',
        sessionId: '1002-503',
      }),
    );
    expect(session.code).toBe('not_found');
    expect(session.message).toContain('1002-503');
  });
});
