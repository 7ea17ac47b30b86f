import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  campMinderAttendeeSchema,
  campMinderPersonSchema,
  type CampMinderAttendee,
  type CampMinderPerson,
} from '../src/campminder-api.js';
import {
  FIXTURE_SEASON,
  MAPLE_HOLLOW_CLIENT_ID,
  PINE_LAKE_CLIENT_ID,
  startCampMinderSandbox,
  type CampMinderSandbox,
} from '../src/sandbox/index.js';
import { callApi, tokenFor } from './sandbox-client.js';

const PINE = PINE_LAKE_CLIENT_ID;

let sandbox: CampMinderSandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startCampMinderSandbox();
  token = await tokenFor(sandbox, PINE);
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.stop());

async function persons(query: Record<string, string | number | boolean>) {
  const response = await callApi(sandbox, token, '/persons', {
    query: { clientid: PINE, ...query },
  });
  expect(response.status).toBe(200);
  return (response.body as { Results: CampMinderPerson[] }).Results;
}

async function attendees(query: Record<string, string | number>) {
  const response = await callApi(sandbox, token, '/sessions/attendees', {
    query: { clientid: PINE, ...query },
  });
  expect(response.status).toBe(200);
  return (response.body as { Results: CampMinderAttendee[] }).Results;
}

describe('sandbox persons', () => {
  it('finds the family by email in any letter case', async () => {
    const found = await persons({
      email: 'Dana.Whitfield@EXAMPLE.com',
      includecontactdetails: true,
      includerelatives: true,
    });

    expect(found.map((person) => person.ID)).toEqual([90001, 90002, 90003]);
    const guardian = campMinderPersonSchema.parse(found[0]);
    expect(guardian.IsCamper).toBe(false);
    expect(guardian.Relatives?.map((relative) => relative.ID)).toEqual([90002, 90003]);
    expect(guardian.ContactDetails?.Emails?.[0]?.Address).toBe('dana.whitfield@example.com');
  });

  it('leaves contact details and relatives out unless asked', async () => {
    const [guardian] = await persons({ email: 'dana.whitfield@example.com' });

    expect(guardian?.ContactDetails).toBeNull();
    expect(guardian?.Relatives).toBeNull();
  });

  it('reads persons by id list', async () => {
    const found = await persons({ id: '90003,90002' });

    expect(found.map((person) => person.ID)).toEqual([90002, 90003]);
    expect(found[0]?.DateOfBirth).toBe('2015-03-09T00:00:00');
  });

  it('finds nobody for an unknown email', async () => {
    expect(await persons({ email: 'nobody@example.com' })).toEqual([]);
  });
});

describe('sandbox attendees', () => {
  it('returns several status rows for one session of one person', async () => {
    const [riley] = await attendees({ seasonid: FIXTURE_SEASON, personids: '90002' });
    const parsed = campMinderAttendeeSchema.parse(riley);
    const secondSession = parsed.SessionProgramStatus?.filter((row) => row.SessionID === 1002);

    expect(parsed.SeasonID).toBe(FIXTURE_SEASON);
    expect(secondSession?.map((row) => [row.ProgramID, row.StatusID, row.StatusName])).toEqual([
      [501, 2, 'Enrolled'],
      [502, 256, 'Withdrawn'],
    ]);
  });

  it('filters by season, persons and status bits', async () => {
    const lastSeason = await attendees({ seasonid: FIXTURE_SEASON - 1, personids: '90002,90003' });
    const waitListOrApplied = await attendees({
      seasonid: FIXTURE_SEASON,
      personids: '90002,90003',
      status: 8 | 4,
    });

    expect(lastSeason.map((attendee) => attendee.PersonID)).toEqual([90002]);
    expect(
      waitListOrApplied.map((attendee) => [
        attendee.PersonID,
        attendee.SessionProgramStatus?.map((row) => row.StatusName),
      ]),
    ).toEqual([
      [90002, ['Applied']],
      [90003, ['WaitList']],
    ]);
  });

  it('rejects a personids entry that is not a number with 400', async () => {
    const response = await callApi(sandbox, token, '/sessions/attendees', {
      query: { clientid: PINE, personids: '90002,abc' },
    });

    expect(response.status).toBe(400);
  });
});

describe('sandbox ExternalID write', () => {
  it('sets ExternalID and answers 204', async () => {
    const response = await callApi(sandbox, token, '/persons/90003', {
      method: 'PATCH',
      query: { clientid: PINE },
      body: { ExternalID: 'SAABCDEFGHJKLMNPQR' },
    });

    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    const [jordan] = await persons({ id: '90003' });
    expect(jordan?.ExternalID).toBe('SAABCDEFGHJKLMNPQR');
  });

  it('rejects values outside the ExternalID pattern with 400', async () => {
    for (const value of ['S', 'SA-123', 'SA 123', 'x'.repeat(51), 42]) {
      const response = await callApi(sandbox, token, '/persons/90003', {
        method: 'PATCH',
        query: { clientid: PINE },
        body: { ExternalID: value },
      });
      expect(response.status, String(value)).toBe(400);
    }
    const [jordan] = await persons({ id: '90003' });
    expect(jordan?.ExternalID).toBeNull();
  });

  it('answers 404 for a person of another camp or none', async () => {
    const mapleToken = await tokenFor(sandbox, MAPLE_HOLLOW_CLIENT_ID);
    const foreign = await callApi(sandbox, mapleToken, '/persons/90003', {
      method: 'PATCH',
      query: { clientid: MAPLE_HOLLOW_CLIENT_ID },
      body: { ExternalID: 'SAREF1234' },
    });
    const missing = await callApi(sandbox, token, '/persons/12345', {
      method: 'PATCH',
      query: { clientid: PINE },
      body: { ExternalID: 'SAREF1234' },
    });

    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
  });

  it('is undone by reset', async () => {
    await callApi(sandbox, token, '/persons/90003', {
      method: 'PATCH',
      query: { clientid: PINE },
      body: { ExternalID: 'SAREF1234' },
    });
    sandbox.reset();

    const [jordan] = await persons({ id: '90003' });
    expect(jordan?.ExternalID).toBeNull();
  });
});
