import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  campMinderCustomFieldSchema,
  campMinderPage,
  campMinderProgramSchema,
  campMinderSessionGroupSchema,
  campMinderSessionSchema,
  type CampMinderProgram,
  type CampMinderSession,
} from '../src/campminder-api.js';
import {
  FIXTURE_SEASON,
  MAPLE_HOLLOW_CLIENT_ID,
  PINE_LAKE_CLIENT_ID,
  startCampMinderSandbox,
  type CampMinderSandbox,
} from '../src/sandbox/index.js';
import { callApi, readAllPages, tokenFor } from './sandbox-client.js';

const PINE = PINE_LAKE_CLIENT_ID;
const SEASON = FIXTURE_SEASON;

describe('sandbox lists at page size 3', () => {
  let sandbox: CampMinderSandbox;
  let token: string;

  beforeAll(async () => {
    sandbox = await startCampMinderSandbox({ pageSize: 3 });
    token = await tokenFor(sandbox, PINE);
  });
  afterAll(() => sandbox.stop());

  it('pages sessions with TotalCount and an absolute Next', async () => {
    const query = { clientid: PINE, seasonid: SEASON, pagesize: 100 };
    const first = await callApi(sandbox, token, '/sessions', {
      query: { ...query, pagenumber: 1 },
    });

    const page = campMinderPage(campMinderSessionSchema).parse(first.body);
    expect(page.TotalCount).toBe(15);
    expect(page.Results.map((session) => session.ID)).toEqual([1001, 1002, 1003]);
    const next = new URL(page.Next!);
    expect(next.origin).toBe(sandbox.url);
    expect(next.pathname).toBe('/sessions');
    expect(Object.fromEntries(next.searchParams)).toEqual({
      clientid: String(PINE),
      seasonid: String(SEASON),
      pagesize: '3',
      pagenumber: '2',
    });
  });

  it('returns every session once across 5 pages, and null Next on the last', async () => {
    const { items, pages } = await readAllPages<CampMinderSession>(sandbox, token, '/sessions', {
      clientid: PINE,
      seasonid: SEASON,
      pagesize: 1000,
    });

    expect(pages).toBe(5);
    expect(new Set(items.map((session) => session.ID)).size).toBe(15);
    expect(items.every((session) => session.SeasonID === SEASON)).toBe(true);
  });

  it('returns an empty page past the end', async () => {
    const response = await callApi(sandbox, token, '/sessions/groups', {
      query: { clientid: PINE, pagenumber: 9 },
    });

    expect(response.body).toEqual({ TotalCount: 6, Next: null, Results: [] });
  });

  it('rejects a pagesize outside 1..1000 and a pagenumber below 1 with 400', async () => {
    const queries: Record<string, string | number>[] = [
      { pagesize: 0 },
      { pagesize: 1001 },
      { pagesize: 'ten' },
      { pagenumber: 0 },
    ];
    for (const query of queries) {
      const response = await callApi(sandbox, token, '/sessions', {
        query: { clientid: PINE, ...query },
      });
      expect(response.status, JSON.stringify(query)).toBe(400);
    }
  });

  it('sends custom fields in the camelCase envelope', async () => {
    const response = await callApi(sandbox, token, '/persons/custom-fields', {
      query: { clientid: PINE, pagenumber: 4, pagesize: 3 },
    });
    const body = response.body as Record<string, unknown>;

    expect(Object.keys(body)).toEqual(['totalCount', 'next', 'result']);
    expect(body.totalCount).toBe(11);
    expect(body.next).toBeNull();
    expect(Object.keys((body.result as object[])[0]!)).toEqual([
      'id',
      'name',
      'dataType',
      'partition',
      'isSeasonal',
      'isArray',
      'isActive',
    ]);
  });
});

describe('sandbox catalog data', () => {
  let sandbox: CampMinderSandbox;
  let token: string;

  beforeAll(async () => {
    sandbox = await startCampMinderSandbox();
    token = await tokenFor(sandbox, PINE);
  });
  afterAll(() => sandbox.stop());

  async function list<Item>(path: string, query: Record<string, string | number> = {}) {
    const response = await callApi(sandbox, token, path, { query: { clientid: PINE, ...query } });
    expect(response.status).toBe(200);
    return (response.body as { Results: Item[] }).Results;
  }

  it('writes session dates without an offset', async () => {
    const sessions = await list<CampMinderSession>('/sessions', { seasonid: SEASON });
    const dayCamp = sessions.find((session) => session.ID === 1030)!;

    expect(dayCamp.StartDate).toBe('2027-06-28T09:00:00');
    expect(dayCamp.EndDate).toBe('2027-07-02T15:30:00');
    expect(sessions.every((session) => /T\d{2}:\d{2}:\d{2}$/.test(session.StartDate))).toBe(true);
    expect(campMinderSessionSchema.array().parse(sessions)).toHaveLength(15);
  });

  it('keeps the inactive session, the ungrouped ones and the misspelt IsForChilden', async () => {
    const sessions = await list<CampMinderSession>('/sessions', { seasonid: SEASON });

    expect(sessions.find((session) => session.ID === 1011)?.IsActive).toBe(false);
    expect(sessions.filter((session) => session.GroupID === null).map((s) => s.ID)).toEqual([
      1040, 1041,
    ]);
    expect(sessions[0]).toHaveProperty('IsForChilden', true);
    expect(sessions.find((session) => session.ID === 1001)?.EndAge).toBe(15.11);
  });

  it('filters sessions by seasonid', async () => {
    const previous = await list<CampMinderSession>('/sessions', { seasonid: SEASON - 1 });
    const all = await list<CampMinderSession>('/sessions');

    expect(previous.map((session) => session.ID)).toEqual([960]);
    expect(all).toHaveLength(16);
  });

  it('writes program season dates in UTC and trims them to the season', async () => {
    const programs = await list<CampMinderProgram>('/sessions/programs', { seasonid: SEASON });
    const sailing = programs.find((program) => program.ID === 501)!;

    expect(campMinderProgramSchema.array().parse(programs)).toHaveLength(6);
    expect(sailing.ProgramSeasons?.map((season) => season.SessionID)).toEqual([1001, 1002]);
    expect(sailing.ProgramSeasons?.[0]?.StartDate).toBe('2027-06-27T18:00:00Z');
    expect(programs.find((program) => program.ID === 503)?.IsActive).toBe(false);
  });

  it('lists active and inactive session groups', async () => {
    const groups = await list<unknown>('/sessions/groups');
    const parsed = campMinderSessionGroupSchema.array().parse(groups);

    expect(parsed.map((group) => [group.ID, group.IsActive])).toEqual([
      [11, true],
      [12, true],
      [13, true],
      [14, true],
      [15, false],
      [16, true],
    ]);
  });

  it('has custom fields of every data type and comma partitions', async () => {
    const response = await callApi(sandbox, token, '/persons/custom-fields', {
      query: { clientid: PINE },
    });
    const fields = campMinderCustomFieldSchema
      .array()
      .parse((response.body as { result: unknown[] }).result);

    expect(new Set(fields.map((field) => field.dataType))).toEqual(
      new Set(['String', 'Integer', 'Decimal', 'Date', 'Time', 'DateTime', 'Boolean']),
    );
    expect(fields.map((field) => field.partition)).toContain('Camper, Adult');
    expect(fields.map((field) => field.partition)).toContain('Parent, Adult');
    expect(fields.some((field) => !field.isActive)).toBe(true);
    expect(fields.some((field) => field.isArray)).toBe(true);
  });

  it('serves each camp its own catalog', async () => {
    const mapleToken = await tokenFor(sandbox, MAPLE_HOLLOW_CLIENT_ID);
    const response = await callApi(sandbox, mapleToken, '/sessions', {
      query: { clientid: MAPLE_HOLLOW_CLIENT_ID },
    });
    const ids = (response.body as { Results: CampMinderSession[] }).Results.map((s) => s.ID);

    expect(ids).toEqual([2001, 2002, 2003, 2004, 2005, 2010, 2011]);
  });
});

describe('sandbox season', () => {
  it('moves fixture dates and season ids to another season', async () => {
    const sandbox = await startCampMinderSandbox({ season: 2030 });
    try {
      const token = await tokenFor(sandbox, PINE);
      const sessions = await callApi(sandbox, token, '/sessions', {
        query: { clientid: PINE, seasonid: 2030 },
      });
      const programs = await callApi(sandbox, token, '/sessions/programs', {
        query: { clientid: PINE, seasonid: 2030 },
      });
      const dayCamp = (sessions.body as { Results: CampMinderSession[] }).Results.find(
        (session) => session.ID === 1030,
      );
      const extendedDay = (programs.body as { Results: CampMinderProgram[] }).Results.find(
        (program) => program.ID === 506,
      );

      expect(sandbox.season).toBe(2030);
      expect(dayCamp?.StartDate).toBe('2030-06-28T09:00:00');
      expect(extendedDay?.ProgramSeasons?.[0]).toMatchObject({
        SeasonID: 2030,
        StartDate: '2030-06-28T12:00:00Z',
      });
    } finally {
      await sandbox.stop();
    }
  });

  it('rejects a season outside 2000..2100', async () => {
    await expect(startCampMinderSandbox({ season: 1999 })).rejects.toThrow(/2000 to 2100/);
  });
});
