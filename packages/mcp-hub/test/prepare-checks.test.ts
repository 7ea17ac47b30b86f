import { describe, expect, it } from 'vitest';
import type { Hub, PrepareRegistrationInput } from '../src/index.js';
import { ageOn, localDate } from '../src/registration/age-check.js';
import { sandboxVendor, SWIM_ACCOUNT, swimAnswers } from './bookeo-fixtures.js';
import { CAMP_ACCOUNT, rejection, useBookeoHarness } from './bookeo-harness.js';

const campGuardian = {
  firstName: 'Dana',
  lastName: 'Whitfield',
  email: 'dana.whitfield@example.com',
  custom_TSHIRT: 'Youth M',
  custom_PICKUP: 'Grandparent',
};

function camper(firstName: string, birthDate?: string) {
  return {
    category: 'Cchildren',
    answers: { firstName, lastName: 'Whitfield', ...(birthDate ? { birthDate } : {}) },
  };
}

/** Shifts a YYYY-MM-DD date by whole years and days. */
function shift(date: { year: number; month: number; day: number }, years: number, days = 0) {
  const shifted = new Date(Date.UTC(date.year + years, date.month - 1, date.day + days));
  return shifted.toISOString().slice(0, 10);
}

describe('prepare checks against the Bookeo sandbox', () => {
  const harness = useBookeoHarness();

  function campHub(): Hub {
    return harness.hubWith([
      sandboxVendor(harness.sandbox, SWIM_ACCOUNT),
      sandboxVendor(harness.sandbox, CAMP_ACCOUNT),
    ]);
  }

  async function campSession(hub: Hub) {
    const details = await hub.getProgram({ vendorId: 'prairiecamp', programId: 'CAMP612' });
    return details.sessions[0]!;
  }

  async function prepareCamp(hub: Hub, participants: PrepareRegistrationInput['participants']) {
    const session = await campSession(hub);
    return hub.prepareRegistration({
      vendorId: 'prairiecamp',
      programId: 'CAMP612',
      sessionId: session.id,
      guardian: campGuardian,
      participants,
    });
  }

  it('reports a wrong category once', async () => {
    const hub = campHub();
    const error = await rejection(
      prepareCamp(hub, [{ category: 'Ccampers', answers: { firstName: 'Mia', lastName: 'W' } }]),
    );

    expect(error.code).toBe('invalid_fields');
    expect(error.fields).toEqual([
      {
        path: 'participants.0.category',
        message: 'must be one of the category ids: Cchildren (Camper)',
      },
    ]);
  });

  it('reports too many participants once', async () => {
    const hub = campHub();
    const error = await rejection(
      prepareCamp(hub, [camper('Mia'), camper('Noah'), camper('Liam'), camper('Ava')]),
    );

    expect(error.fields).toEqual([
      { path: 'participants', message: 'between 1 and 3 participants are allowed, got 4' },
    ]);
  });

  it('rejects a camper older than the range', async () => {
    const hub = campHub();
    const error = await rejection(prepareCamp(hub, [camper('Mia', '2011-01-01')]));

    expect(error.code).toBe('invalid_fields');
    expect(error.fields?.map((field) => field.path)).toEqual(['participants.0.birthDate']);
    expect(error.fields?.[0]?.message).toMatch(/^Birth date gives age 1\d on \d{4}-\d{2}-\d{2}/);
    expect(error.fields?.[0]?.message).toContain('this program takes ages 6 to 12');
    expect(harness.sandbox.bookingCount()).toBe(0);
  });

  it('checks ages on the first day in the session zone', async () => {
    const hub = campHub();
    const session = await campSession(hub);
    const firstDay = localDate(session.start, session.timeZone);
    const cases: [string, boolean][] = [
      [shift(firstDay, -6), true],
      [shift(firstDay, -6, 1), false],
      [shift(firstDay, -13, 1), true],
      [shift(firstDay, -13), false],
      [shift(firstDay, 0, 1), false],
    ];
    for (const [birthDate, accepted] of cases) {
      const result = prepareCamp(hub, [camper('Mia', birthDate)]);
      if (accepted) {
        expect((await result).state, birthDate).toBe('prepared');
      } else {
        expect((await rejection(result)).fields?.[0]?.path, birthDate).toBe(
          'participants.0.birthDate',
        );
      }
    }
  });

  it('skips the age check without a birth date', async () => {
    const hub = campHub();
    const prepared = await prepareCamp(hub, [camper('Mia')]);

    expect(prepared.state).toBe('prepared');
  });

  it('returns the details the family checks', async () => {
    const hub = campHub();
    const session = await campSession(hub);
    const input = {
      vendorId: 'prairiecamp',
      programId: 'CAMP612',
      sessionId: session.id,
      guardian: campGuardian,
      participants: [camper('Mia'), camper('Noah')],
      idempotencyKey: 'client-key-camp-1',
    };
    const prepared = await hub.prepareRegistration(input);
    const repeated = await hub.prepareRegistration(input);

    const expected = {
      programTitle: 'Summer Day Camp, ages 6-12',
      session: { start: session.start, end: session.end, timeZone: 'America/Chicago' },
      participants: [
        { firstName: 'Mia', category: 'Camper' },
        { firstName: 'Noah', category: 'Camper' },
      ],
    };
    expect(prepared.details).toEqual(expected);
    expect(repeated.registrationId).toBe(prepared.registrationId);
    expect(repeated.details).toEqual(expected);
  });

  it('rejects an unknown session on the form', async () => {
    const hub = harness.hubWith();
    const error = await rejection(
      hub.getRegistrationForm({
        vendorId: 'riversideswim',
        programId: 'LTS58',
        sessionId: 'bogus',
      }),
    );
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('no upcoming session "bogus"');

    const details = await hub.getProgram({ vendorId: 'riversideswim', programId: 'LTS58' });
    const sessionId = details.sessions[0]!.id;
    const form = await hub.getRegistrationForm({
      vendorId: 'riversideswim',
      programId: 'LTS58',
      sessionId,
    });
    expect(form.form.sessionId).toBe(sessionId);
  });

  it('rejects an unknown vendor in search', async () => {
    const hub = harness.hubWith([
      sandboxVendor(harness.sandbox, SWIM_ACCOUNT),
      sandboxVendor(harness.sandbox, CAMP_ACCOUNT, { status: 'paused' }),
    ]);
    for (const vendorId of ['nobody', 'prairiecamp']) {
      const error = await rejection(hub.searchPrograms({ query: 'camp', vendorId }));
      expect(error.code, vendorId).toBe('not_found');
      expect(error.message, vendorId).toContain(`No vendor "${vendorId}"`);
    }
    const known = await hub.searchPrograms({ query: 'swim', vendorId: 'riversideswim' });
    expect(known.programs.length).toBeGreaterThan(0);
  });

  it('keeps swim answers valid', async () => {
    const hub = harness.hubWith();
    const details = await hub.getProgram({ vendorId: 'riversideswim', programId: 'LTS58' });
    const prepared = await hub.prepareRegistration({
      vendorId: 'riversideswim',
      programId: 'LTS58',
      sessionId: details.sessions[0]!.id,
      ...swimAnswers(),
    });
    expect(prepared.state).toBe('prepared');
  });
});

describe('ageOn', () => {
  it.each([
    [{ year: 2014, month: 7, day: 6 }, { year: 2026, month: 7, day: 6 }, 12],
    [{ year: 2014, month: 7, day: 7 }, { year: 2026, month: 7, day: 6 }, 11.997],
    [{ year: 2020, month: 2, day: 29 }, { year: 2025, month: 2, day: 28 }, 4.997],
    [{ year: 2020, month: 2, day: 29 }, { year: 2025, month: 3, day: 1 }, 5],
    [{ year: 2020, month: 1, day: 1 }, { year: 2026, month: 7, day: 2 }, 6.5],
  ])('from %j to %j is %d', (birth, day, expected) => {
    expect(ageOn(birth, day)).toBeCloseTo(expected, 2);
  });
});

describe('localDate', () => {
  it('reads the date in the given zone', () => {
    expect(localDate('2026-07-06T03:00:00Z', 'America/Chicago')).toEqual({
      year: 2026,
      month: 7,
      day: 5,
    });
    expect(localDate('2026-07-06T03:00:00Z', 'Asia/Tokyo')).toEqual({
      year: 2026,
      month: 7,
      day: 6,
    });
  });
});
