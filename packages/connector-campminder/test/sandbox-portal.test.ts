import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CampMinderAttendee } from '../src/campminder-api.js';
import {
  createSandboxClock,
  MAPLE_HOLLOW_CLIENT_ID,
  PINE_LAKE_CLIENT_ID,
  startCampMinderSandbox,
  type CampMinderSandbox,
} from '../src/sandbox/index.js';

const PINE = PINE_LAKE_CLIENT_ID;
// 10:30 in New York.
const START = new Date('2027-03-15T14:30:00Z');
const REFERENCE = 'SAGEZDGNBVGY3TQOJQ';

let sandbox: CampMinderSandbox;

beforeAll(async () => {
  sandbox = await startCampMinderSandbox({ clock: createSandboxClock(START) });
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.stop());

/** Fills the vendor's template as the connector does and appends prefill parameters. */
function handoffUrl(
  sessionId: string,
  programId: string,
  prefill: Record<string, string>,
  clientId = PINE,
): string {
  const template = sandbox.vendorConfig(clientId).registrationUrl;
  const url = new URL(
    template
      .replace('{sessionId}', encodeURIComponent(sessionId))
      .replace('{programId}', encodeURIComponent(programId))
      .replace('{reference}', encodeURIComponent(REFERENCE)),
  );
  for (const [name, value] of Object.entries(prefill)) url.searchParams.set(name, value);
  return url.toString();
}

const FAMILY = {
  guardianFirstName: 'Morgan',
  guardianLastName: 'Reyes',
  guardianEmail: 'morgan.reyes@example.com',
  guardianPhone: '+1 518 555 0101',
  camper1FirstName: 'Ava',
  camper1LastName: 'Reyes',
  camper1BirthDate: '2016-04-12',
  camper2FirstName: 'Leo',
  camper2LastName: 'Reyes',
  camper2BirthDate: '2018-09-30',
};

function rowsOf(attendees: CampMinderAttendee[], personId: number) {
  return attendees
    .filter((attendee) => attendee.PersonID === personId)
    .flatMap((attendee) => attendee.SessionProgramStatus ?? []);
}

describe('sandbox registration URL', () => {
  it('points at the portal with the camp and the three placeholders', () => {
    expect(sandbox.vendorConfig(PINE).registrationUrl).toBe(
      `${sandbox.url}/portal/register?client=${PINE}` +
        '&session={sessionId}&program={programId}&ref={reference}',
    );
  });
});

describe('sandbox completeRegistration', () => {
  it('creates the guardian, the campers and a row per camper', () => {
    const registration = sandbox.completeRegistration(handoffUrl('1002', '502', FAMILY), 'Applied');

    expect(registration).toMatchObject({
      clientId: PINE,
      reference: REFERENCE,
      sessionId: '1002-502',
      campMinderSessionId: 1002,
      programId: 502,
    });
    const persons = sandbox.persons(PINE);
    const guardian = persons.find((person) => person.ID === registration.guardianId)!;
    expect(guardian.Name).toMatchObject({ First: 'Morgan', Last: 'Reyes' });
    expect(guardian.IsCamper).toBe(false);
    expect(guardian.Relatives?.map((relative) => relative.ID)).toEqual(registration.camperIds);

    const [ava, leo] = registration.camperIds.map((id) =>
      persons.find((person) => person.ID === id)!,
    );
    expect(ava?.IsCamper).toBe(true);
    expect(ava?.DateOfBirth).toBe('2016-04-12T00:00:00');
    expect(leo?.Name?.First).toBe('Leo');
    expect(ava?.ContactDetails?.Emails?.[0]?.Address).toBe('morgan.reyes@example.com');

    const rows = rowsOf(sandbox.attendees(PINE), ava!.ID);
    expect(rows).toEqual([
      {
        SessionID: 1002,
        ProgramID: 502,
        StatusID: 4,
        StatusName: 'Applied',
        PostDate: '2027-03-15T10:30:00',
        EffectiveDate: '2027-03-15T00:00:00',
        LastUpdatedUTC: '2027-03-15T14:30:00Z',
      },
    ]);
  });

  it('reuses the guardian with that email and a camper of the same name', () => {
    const first = sandbox.completeRegistration(
      handoffUrl('1030', '506', {
        ...FAMILY,
        guardianEmail: 'DANA.WHITFIELD@example.com',
        camper1FirstName: 'riley',
        camper1LastName: 'WHITFIELD',
        camper2FirstName: 'Casey',
        camper2LastName: 'Whitfield',
      }),
      'Enrolled',
    );

    expect(first.guardianId).toBe(90001);
    expect(first.camperIds[0]).toBe(90002);
    expect(first.camperIds[1]).toBeGreaterThan(90003);
    const dayCampRows = rowsOf(sandbox.attendees(PINE), 90002).filter(
      (row) => row.SessionID === 1030,
    );
    expect(dayCampRows.map((row) => row.StatusName)).toEqual(['Enrolled']);
  });

  it('keeps one registration per reference and moves its rows', () => {
    const url = handoffUrl('1041', '', FAMILY);
    sandbox.completeRegistration(url, 'Applied');
    sandbox.completeRegistration(url, 'Enrolled');

    const registrations = sandbox.registrations();
    expect(registrations).toHaveLength(1);
    expect(registrations[0]?.sessionId).toBe('1041');
    const rows = rowsOf(sandbox.attendees(PINE), registrations[0]!.camperIds[0]!);
    expect(rows.map((row) => [row.SessionID, row.ProgramID, row.StatusName])).toEqual([
      [1041, null, 'Enrolled'],
    ]);
  });

  it('accepts a status by StatusID', () => {
    sandbox.completeRegistration(handoffUrl('1041', '', FAMILY), 8);

    const [registration] = sandbox.registrations();
    const rows = rowsOf(sandbox.attendees(PINE), registration!.camperIds[0]!);
    expect(rows[0]?.StatusName).toBe('WaitList');
  });

  it('rejects what the camp form would not take', () => {
    const cases: [string, RegExp][] = [
      [handoffUrl('1002', '', FAMILY), /offers programs 501, 502: choose one/],
      [handoffUrl('1002', '503', FAMILY), /503 is not an active program/],
      [handoffUrl('1011', '', FAMILY), /inactive/],
      [handoffUrl('9999', '', FAMILY), /Unknown session 9999/],
      [handoffUrl('1041', '', { ...FAMILY, guardianEmail: '' }), /Missing guardianEmail/],
      [
        handoffUrl('1041', '', {
          guardianFirstName: 'A',
          guardianLastName: 'B',
          guardianEmail: 'a@example.com',
        }),
        /camper1FirstName/,
      ],
      [handoffUrl('1041', '', { ...FAMILY, camper1BirthDate: '12/04/2016' }), /YYYY-MM-DD/],
      [
        'https://camp.example.org/portal/register?session=1041&ref=SA1',
        /not at this sandbox's portal/,
      ],
    ];
    for (const [url, message] of cases) {
      expect(() => sandbox.completeRegistration(url, 'Applied'), url).toThrow(message);
    }
    expect(() => sandbox.completeRegistration(handoffUrl('1041', '', FAMILY), 'Booked')).toThrow(
      /Unknown status "Booked"/,
    );
    expect(sandbox.registrations()).toEqual([]);
  });

  it('finds the camp by session when the URL has no client', () => {
    const url = new URL(handoffUrl('2005', '601', FAMILY, MAPLE_HOLLOW_CLIENT_ID));
    url.searchParams.delete('client');

    expect(sandbox.completeRegistration(url.toString(), 'Applied').clientId).toBe(
      MAPLE_HOLLOW_CLIENT_ID,
    );
  });

  it('reads a canonical session id with its program', () => {
    const registration = sandbox.completeRegistration(
      handoffUrl('1020-505', '', FAMILY),
      'Applied',
    );

    expect(registration.sessionId).toBe('1020-505');
  });
});

describe('sandbox setAttendeeStatus', () => {
  it("moves every row of the guardian's campers for a session", () => {
    sandbox.completeRegistration(handoffUrl('1002', '502', FAMILY), 'Applied');

    const changed = sandbox.setAttendeeStatus({
      email: 'morgan.reyes@example.com',
      sessionId: 1002,
      status: 'Enrolled',
    });

    expect(changed).toBe(2);
    const [registration] = sandbox.registrations();
    for (const camperId of registration!.camperIds) {
      expect(rowsOf(sandbox.attendees(PINE), camperId).map((row) => row.StatusName)).toEqual([
        'Enrolled',
      ]);
    }
  });

  it('adds a row for another program of the same session', () => {
    const changed = sandbox.setAttendeeStatus({
      email: 'dana.whitfield@example.com',
      sessionId: '1001-501',
      status: 'Cancelled',
    });
    const added = sandbox.setAttendeeStatus({
      email: 'dana.whitfield@example.com',
      sessionId: '1002-503',
      status: 'Inquiry',
    });

    expect(changed).toBe(1);
    expect(added).toBe(1);
    const rows = rowsOf(sandbox.attendees(PINE), 90002).filter((row) => row.SessionID !== 960);
    expect(rows.map((row) => [row.SessionID, row.ProgramID, row.StatusName])).toEqual([
      [1002, 501, 'Enrolled'],
      [1002, 502, 'Withdrawn'],
      [1001, 501, 'Cancelled'],
      [1002, 503, 'Inquiry'],
    ]);
  });

  it('creates nothing without a completed registration', () => {
    expect(() =>
      sandbox.setAttendeeStatus({
        email: 'morgan.reyes@example.com',
        sessionId: 1002,
        status: 'Enrolled',
      }),
    ).toThrow(/Complete a registration for it first/);
    expect(sandbox.persons(PINE)).toHaveLength(3);
  });

  it('leaves ended registrations out of the count unless asked', () => {
    sandbox.completeRegistration(handoffUrl('1041', '', FAMILY), 'Enrolled');
    sandbox.setAttendeeStatus({
      email: 'morgan.reyes@example.com',
      sessionId: 1041,
      status: 'Withdrawn',
    });

    expect(sandbox.registrations()).toEqual([]);
    expect(sandbox.registrations({ includeCancelled: true })).toHaveLength(1);
    expect(sandbox.registrations({ includeCancelled: true, reference: 'SAOTHER' })).toEqual([]);
  });
});

describe('sandbox portal page', () => {
  it('names the camp, the session and the reference, with the prefilled form', async () => {
    const response = await fetch(handoffUrl('1002', '502', FAMILY));
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('<h1>Pine Lake Camp</h1>');
    expect(html).toContain('Register for Second Session: Horseback Riding');
    expect(html).toContain(REFERENCE);
    expect(html).toContain('name="camper2FirstName" value="Leo"');
  });

  it('escapes prefilled answers', async () => {
    const response = await fetch(
      handoffUrl('1041', '', { ...FAMILY, guardianLastName: '"><script>x</script>' }),
    );
    const html = await response.text();

    expect(html).not.toContain('<script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
  });

  it('answers 404 for a session the camp does not offer', async () => {
    const inactive = await fetch(handoffUrl('1011', '', FAMILY));
    const wrongProgram = await fetch(handoffUrl('1002', '506', FAMILY));

    expect(inactive.status).toBe(404);
    expect(wrongProgram.status).toBe(404);
  });

  it('registers the submitted form as Applied', async () => {
    const url = handoffUrl('1041', '', {});
    const form = new URLSearchParams({ ...FAMILY, guardianFirstName: 'Morgana' });
    const response = await fetch(url, { method: 'POST', body: form });

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('application for Family Weekend is received');
    const [registration] = sandbox.registrations();
    expect(registration?.reference).toBe(REFERENCE);
    const guardian = sandbox.persons(PINE).find((person) => person.ID === registration!.guardianId);
    expect(guardian?.Name?.First).toBe('Morgana');
    const rows = rowsOf(sandbox.attendees(PINE), registration!.camperIds[0]!);
    expect(rows[0]?.StatusName).toBe('Applied');
  });

  it('answers 400 for a submitted form without a camper', async () => {
    const response = await fetch(handoffUrl('1041', '', {}), {
      method: 'POST',
      body: new URLSearchParams({
        guardianFirstName: 'A',
        guardianLastName: 'B',
        guardianEmail: 'a@example.com',
      }),
    });

    expect(response.status).toBe(400);
    expect(sandbox.registrations()).toEqual([]);
  });

  it('stays out of the API request log', async () => {
    await fetch(handoffUrl('1041', '', FAMILY));

    expect(sandbox.requests()).toEqual([]);
  });
});
