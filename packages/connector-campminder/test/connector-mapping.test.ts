import type { RegistrationDetails } from '@signupassist/contract';
import { describe, expect, it } from 'vitest';
import {
  CAMPMINDER_STATUS,
  campMinderCustomFieldSchema,
  campMinderPage,
  campMinderSessionSchema,
  parseClientIds,
  type CampMinderCustomField,
  type CampMinderSession,
  type CampMinderSessionGroup,
  type CampMinderProgram,
} from '../src/campminder-api.js';
import {
  buildCatalog,
  campMinderAgeToYears,
  programAgeRange,
  programFromPrice,
  sessionPrice,
} from '../src/catalog-model.js';
import { toZonedDateTime } from '../src/dates.js';
import { buildForm, dataTypeShape, mapCustomFields, partitionScope } from '../src/form.js';
import { bookingIdFor, parseBookingId, referenceFor, registrationUrlFor } from '../src/handoff.js';
import { EXTERNAL_ID_PATTERN } from '../src/campminder-api.js';
import { camperStatus, familyCampers, overallStatus, statusOfRow } from '../src/status.js';

const NEW_YORK = 'America/New_York';

describe('campMinderAgeToYears', () => {
  it.each([
    [7.3, 7.25],
    [12.11, 12 + 11 / 12],
    [8, 8],
    [15.0, 15],
    [9.6, 9.5],
    [0.1, 1 / 12],
  ])('reads %s as %s years', (value, years) => {
    expect(campMinderAgeToYears(value)).toBeCloseTo(years, 10);
  });

  it.each([null, undefined, -1, 7.12, Number.NaN])('gives no age for %s', (value) => {
    expect(campMinderAgeToYears(value)).toBeUndefined();
  });
});

describe('toZonedDateTime', () => {
  it('gives an offset-less New York summer date its EDT offset', () => {
    expect(toZonedDateTime('2027-06-28T00:00:00', NEW_YORK)).toBe('2027-06-28T00:00:00-04:00');
  });

  it('gives a New York winter date its EST offset', () => {
    expect(toZonedDateTime('2027-01-10T08:00:00', NEW_YORK)).toBe('2027-01-10T08:00:00-05:00');
  });

  it('converts a UTC program date to the camp zone', () => {
    expect(toZonedDateTime('2027-07-05T13:00:00Z', NEW_YORK)).toBe('2027-07-05T09:00:00-04:00');
  });

  it('converts a UTC date across the date line of the zone', () => {
    expect(toZonedDateTime('2027-07-05T02:30:00Z', NEW_YORK)).toBe('2027-07-04T22:30:00-04:00');
  });

  it('moves a time skipped by the spring change forward', () => {
    // 2027-03-14 02:00 EST jumps to 03:00 EDT in New York, so 02:30 does not exist.
    expect(toZonedDateTime('2027-03-14T02:30:00', NEW_YORK)).toBe('2027-03-14T03:30:00-04:00');
  });

  it('keeps the offsets on both sides of the spring change', () => {
    expect(toZonedDateTime('2027-03-14T01:59:00', NEW_YORK)).toBe('2027-03-14T01:59:00-05:00');
    expect(toZonedDateTime('2027-03-14T03:00:00', NEW_YORK)).toBe('2027-03-14T03:00:00-04:00');
  });

  it('takes the earlier instant of a time repeated in the autumn', () => {
    // 2027-11-07 02:00 EDT goes back to 01:00 EST, so 01:30 happens twice.
    expect(toZonedDateTime('2027-11-07T01:30:00', NEW_YORK)).toBe('2027-11-07T01:30:00-04:00');
    expect(toZonedDateTime('2027-11-07T02:30:00', NEW_YORK)).toBe('2027-11-07T02:30:00-05:00');
  });

  it('handles half-hour offsets and UTC', () => {
    expect(toZonedDateTime('2027-06-28T00:00:00', 'Asia/Kolkata')).toBe(
      '2027-06-28T00:00:00+05:30',
    );
    expect(toZonedDateTime('2027-06-28T00:00:00', 'UTC')).toBe('2027-06-28T00:00:00+00:00');
  });

  it('reads a bare date as midnight', () => {
    expect(toZonedDateTime('2027-06-28', NEW_YORK)).toBe('2027-06-28T00:00:00-04:00');
  });

  it.each(['', 'soon', '2027-02-30T00:00:00', '2027-06-28T25:00:00', '2027-13-01T00:00:00Z'])(
    'rejects %j',
    (text) => {
      expect(toZonedDateTime(text, NEW_YORK)).toBeUndefined();
    },
  );
});

describe('StatusID mapping', () => {
  it.each([
    [CAMPMINDER_STATUS.Enrolled, 'confirmed'],
    [CAMPMINDER_STATUS.Applied, 'pending'],
    [CAMPMINDER_STATUS.Incomplete, 'pending'],
    [CAMPMINDER_STATUS.Inquiry, 'pending'],
    [CAMPMINDER_STATUS.WaitList, 'waitlisted'],
    [CAMPMINDER_STATUS.Cancelled, 'cancelled'],
    [CAMPMINDER_STATUS.Withdrawn, 'cancelled'],
    [CAMPMINDER_STATUS.Dismissed, 'cancelled'],
    [CAMPMINDER_STATUS.LeftEarly, 'cancelled'],
    [CAMPMINDER_STATUS.None, undefined],
    [0, undefined],
  ])('maps StatusID %s to %s', (statusId, status) => {
    expect(statusOfRow(statusId)).toBe(status);
  });

  it('lets an ended bit win within one StatusID', () => {
    expect(statusOfRow(CAMPMINDER_STATUS.Enrolled | CAMPMINDER_STATUS.LeftEarly)).toBe('cancelled');
    expect(statusOfRow(CAMPMINDER_STATUS.Applied | CAMPMINDER_STATUS.WaitList)).toBe('waitlisted');
  });

  const row = (StatusID: number, ProgramID: number | null = null) => ({
    SessionID: 1002,
    ProgramID,
    StatusID,
  });

  it('picks the most advanced row of one camper', () => {
    expect(
      camperStatus([row(CAMPMINDER_STATUS.Withdrawn, 501), row(CAMPMINDER_STATUS.Enrolled, 502)]),
    ).toBe('confirmed');
    expect(
      camperStatus([row(CAMPMINDER_STATUS.WaitList, 501), row(CAMPMINDER_STATUS.Applied, 502)]),
    ).toBe('pending');
    expect(
      camperStatus([row(CAMPMINDER_STATUS.Cancelled, 501), row(CAMPMINDER_STATUS.WaitList, 502)]),
    ).toBe('waitlisted');
    expect(camperStatus([row(CAMPMINDER_STATUS.None)])).toBeUndefined();
    expect(camperStatus([])).toBeUndefined();
  });

  it.each([
    [[], 'handoff_required'],
    [['confirmed', 'confirmed'], 'confirmed'],
    [['cancelled', 'cancelled'], 'cancelled'],
    [['waitlisted', 'cancelled'], 'waitlisted'],
    [['waitlisted', 'waitlisted'], 'waitlisted'],
    [['confirmed', 'pending'], 'pending'],
    [['confirmed', 'waitlisted'], 'pending'],
    [['confirmed', 'cancelled'], 'pending'],
  ] as const)('combines %j into %s', (statuses, overall) => {
    expect(overallStatus([...statuses])).toBe(overall);
  });
});

describe('custom field mapping', () => {
  it.each([
    ['Camper', 'participant'],
    ['Camper, Adult', 'participant'],
    ['adult,CAMPER', 'participant'],
    ['Parent', 'guardian'],
    ['Family', 'guardian'],
    ['Adult', 'guardian'],
    ['Parent, Family', 'guardian'],
    ['', 'guardian'],
    [null, 'guardian'],
    [['Camper', 'Staff'], 'participant'],
    ['Staff', undefined],
    ['Alumni, Staff', undefined],
  ] as const)('puts partition %j in scope %s', (partition, scope) => {
    expect(partitionScope(partition as CampMinderCustomField['partition'])).toBe(scope);
  });

  it.each([
    ['String', { type: 'text' }],
    ['Integer', { type: 'number', constraints: { integer: true } }],
    ['Decimal', { type: 'number' }],
    ['Date', { type: 'date' }],
    ['Boolean', { type: 'boolean' }],
    ['boolean', { type: 'boolean' }],
  ])('maps data type %s', (dataType, shape) => {
    expect(dataTypeShape(dataType)).toEqual(shape);
  });

  it('maps Time and DateTime to text with a format hint', () => {
    expect(dataTypeShape('Time')).toEqual({
      type: 'text',
      description: 'A time as HH:MM, such as 08:30.',
    });
    const dateTime = dataTypeShape('DateTime');
    expect(dateTime?.type).toBe('text');
    expect(dateTime?.description).toContain('ISO 8601');
    expect(dateTime?.constraints).toBeUndefined();
  });

  it('maps an unknown data type to nothing', () => {
    expect(dataTypeShape('Currency')).toBeUndefined();
  });

  const field = (
    id: number,
    dataType: string,
    partition: string,
    isActive = true,
  ): CampMinderCustomField => ({
    id,
    name: `Field ${id}`,
    dataType,
    partition,
    isSeasonal: false,
    isArray: false,
    isActive,
  });

  it('keeps active registration fields as optional custom_<id> fields', () => {
    const { fields, warnings } = mapCustomFields([
      field(201, 'String', 'Camper'),
      field(205, 'Time', 'Family'),
      field(206, 'Integer', 'Staff'),
      field(207, 'Boolean', 'Parent', false),
      field(208, 'Currency', 'Camper, Adult'),
    ]);
    expect(fields.map((item) => [item.key, item.scope, item.type, item.required])).toEqual([
      ['custom_201', 'participant', 'text', false],
      ['custom_205', 'guardian', 'text', false],
      ['custom_208', 'participant', 'text', false],
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Currency');
  });

  it('builds a form with guardian and camper basics', () => {
    const form = buildForm('group-11', undefined, [field(202, 'Integer', 'Camper')]);
    const keys = form.fields.map((item) => `${item.scope}.${item.key}:${item.required}`);
    expect(keys).toEqual([
      'guardian.firstName:true',
      'guardian.lastName:true',
      'guardian.email:true',
      'guardian.phone:false',
      'participant.firstName:true',
      'participant.lastName:true',
      'participant.birthDate:true',
      'participant.custom_202:false',
    ]);
    expect(form.participantCategories).toEqual([{ id: 'camper', label: 'Camper', min: 1, max: 6 }]);
    expect(form.minParticipants).toBe(1);
    expect(form.maxParticipants).toBe(6);
  });
});

describe('catalog model', () => {
  const session = (overrides: Partial<CampMinderSession>): CampMinderSession => ({
    ID: 1001,
    Name: 'First Session',
    Description: null,
    IsActive: true,
    SeasonID: 2027,
    GroupID: 11,
    StartDate: '2027-06-27T00:00:00',
    EndDate: '2027-07-17T00:00:00',
    StartAge: 8,
    EndAge: 15.11,
    SortOrder: 1,
    ...overrides,
  });
  const groups: CampMinderSessionGroup[] = [
    { ID: 11, Name: 'Overnight Camp', Description: 'Sleepaway', IsActive: true, SortOrder: 1 },
    { ID: 12, Name: 'Closed Group', Description: null, IsActive: false, SortOrder: 2 },
    { ID: 13, Name: 'Empty Group', Description: null, IsActive: true, SortOrder: 3 },
  ];
  const programs: CampMinderProgram[] = [
    {
      ID: 501,
      Name: 'Sailing',
      Description: null,
      IsActive: true,
      ProgramSeasons: [
        { SessionID: 1002, SeasonID: 2027, StartDate: '2027-07-18T18:00:00Z', StartAge: 10 },
        { SessionID: 1001, SeasonID: 2026 },
      ],
    },
    {
      ID: 502,
      Name: 'Riding',
      Description: null,
      IsActive: false,
      ProgramSeasons: [{ SessionID: 1001, SeasonID: 2027 }],
    },
  ];
  const config = { seasonId: 2027, pricing: { currency: 'USD', defaultTuition: 50_000 } };

  const catalog = buildCatalog(
    {
      sessions: [
        session({}),
        session({ ID: 1002, Name: 'Second Session', SortOrder: 2 }),
        session({ ID: 1020, Name: 'Family Weekend', GroupID: null, SortOrder: 5 }),
        session({ ID: 1021, Name: 'Orphan', GroupID: 99, SortOrder: 6 }),
        session({ ID: 1022, Name: 'In closed group', GroupID: 12 }),
        session({ ID: 1023, Name: 'Inactive', IsActive: false }),
        session({ ID: 1024, Name: 'Last year', SeasonID: 2026 }),
      ],
      groups,
      programs,
    },
    config,
  );

  it('lists active groups with sessions and ungrouped sessions as programs', () => {
    expect(catalog.programs.map((program) => program.id)).toEqual([
      'group-11',
      'session-1020',
      'session-1021',
    ]);
    expect(catalog.programs[0]?.title).toBe('Overnight Camp');
    expect(catalog.programs[1]?.title).toBe('Family Weekend');
  });

  it('splits a session by its active programs of the season', () => {
    expect([...catalog.sessions.keys()]).toEqual(['1001', '1002-501', '1020', '1021']);
    const sailing = catalog.sessions.get('1002-501');
    expect(sailing?.title).toBe('Second Session: Sailing');
    expect(sailing?.start).toBe('2027-07-18T18:00:00Z');
    // The program season has no end date, so the session's applies.
    expect(sailing?.end).toBe('2027-07-17T00:00:00');
    expect(sailing?.minAge).toBe(10);
    expect(sailing?.maxAge).toBeCloseTo(15 + 11 / 12, 10);
  });

  it('derives program ages and from-price from its sessions', () => {
    const overnight = catalog.programs[0]!;
    expect(programAgeRange(overnight)).toEqual({ minYears: 8, maxYears: 15 + 11 / 12 });
    expect(programFromPrice(overnight)).toEqual({ amountMinor: 50_000, currency: 'USD' });
  });

  it('prices by canonical id, then session id, then default', () => {
    const pricing = {
      currency: 'USD',
      defaultTuition: 100,
      sessions: { '1002': 200, '1002-501': 300 },
    };
    expect(sessionPrice(pricing, '1002-501', 1002)?.amountMinor).toBe(300);
    expect(sessionPrice(pricing, '1002-502', 1002)?.amountMinor).toBe(200);
    expect(sessionPrice(pricing, '1003', 1003)?.amountMinor).toBe(100);
    expect(sessionPrice({ currency: 'USD' }, '1003', 1003)).toBeUndefined();
  });
});

describe('hand-off ids and URL', () => {
  it('derives a stable reference that fits the ExternalID pattern', () => {
    const reference = referenceFor('key-0001-abcdef');
    expect(reference).toMatch(/^SA[A-Z2-7]{16}$/);
    expect(EXTERNAL_ID_PATTERN.test(reference)).toBe(true);
    expect(referenceFor('key-0001-abcdef')).toBe(reference);
    expect(referenceFor('key-0002-abcdef')).not.toBe(reference);
  });

  it('round-trips booking ids', () => {
    const reference = referenceFor('key-0001-abcdef');
    expect(parseBookingId(bookingIdFor('1002-501', reference))).toEqual({
      sessionId: '1002-501',
      campSessionId: 1002,
      campProgramId: 501,
      reference,
    });
    expect(parseBookingId(bookingIdFor('1001', reference))).toEqual({
      sessionId: '1001',
      campSessionId: 1001,
      reference,
    });
    expect(parseBookingId('conformance-unknown-id')).toBeUndefined();
    expect(parseBookingId(`group-1~${reference}`)).toBeUndefined();
    expect(parseBookingId('1001~SA123')).toBeUndefined();
  });

  const registration: RegistrationDetails = {
    programId: 'group-11',
    sessionId: '1002-501',
    guardian: { firstName: 'Dana', lastName: "O'Neil & Co", email: 'dana@example.com' },
    participants: [
      {
        category: 'camper',
        answers: { firstName: 'Ari', lastName: 'Neil', birthDate: '2016-05-02' },
      },
      { category: 'camper', answers: { firstName: 'Bo', lastName: 'Neil', custom_201: 'M' } },
    ],
  };

  it('fills the template placeholders URL-encoded', () => {
    const url = registrationUrlFor(
      {
        registrationUrl: 'https://camp.example/register?s={sessionId}&p={programId}&r={reference}',
        prefill: false,
      },
      { campSessionId: 1002, campProgramId: 501, reference: 'SA&B' },
      registration,
    );
    expect(url).toBe('https://camp.example/register?s=1002&p=501&r=SA%26B');
  });

  it('leaves {programId} empty for a session without programs', () => {
    const url = registrationUrlFor(
      { registrationUrl: 'https://camp.example/r/{sessionId}?p={programId}', prefill: false },
      { campSessionId: 1001, reference: 'SAX' },
    );
    expect(url).toBe('https://camp.example/r/1001?p=');
  });

  it('appends prefill parameters but no custom answers', () => {
    const url = new URL(
      registrationUrlFor(
        { registrationUrl: 'https://camp.example/register?s={sessionId}', prefill: true },
        { campSessionId: 1002, campProgramId: 501, reference: 'SAX' },
        registration,
      ),
    );
    expect(url.searchParams.get('s')).toBe('1002');
    expect(url.searchParams.get('guardianLastName')).toBe("O'Neil & Co");
    expect(url.searchParams.get('guardianEmail')).toBe('dana@example.com');
    expect(url.searchParams.has('guardianPhone')).toBe(false);
    expect(url.searchParams.get('camper1BirthDate')).toBe('2016-05-02');
    expect(url.searchParams.get('camper2FirstName')).toBe('Bo');
    expect(url.searchParams.has('camper2BirthDate')).toBe(false);
    expect(url.search).not.toContain('custom_201');
  });
});

describe('family matching', () => {
  const person = (ID: number, overrides: object) => ({
    ID,
    Name: { First: 'X', Last: 'Y', Preferred: null },
    ContactDetails: { Emails: [] as { Address: string }[] },
    Relatives: [] as { ID: number }[],
    ...overrides,
  });

  it('finds the campers related to the guardian with the email', () => {
    const persons = [
      person(1, {
        IsCamper: false,
        ContactDetails: { Emails: [{ Address: 'Dana@Example.com' }] },
        Relatives: [{ ID: 2 }, { ID: 3 }, { ID: 4 }],
      }),
      person(2, { IsCamper: true, Name: { First: 'Ari', Last: 'Neil' } }),
      person(3, { IsCamper: true, Name: { First: 'Bo', Last: 'Neil', Preferred: 'Bobby' } }),
      person(4, { IsCamper: false }),
      person(5, { IsCamper: true, Name: { First: 'Cy', Last: 'Other' } }),
    ];
    const all = familyCampers(persons, 'dana@example.com', []);
    expect(all.map((item) => item.ID)).toEqual([2, 3]);

    const named = familyCampers(persons, 'dana@example.com', [
      { firstName: 'bobby', lastName: 'NEIL' },
    ]);
    expect(named.map((item) => item.ID)).toEqual([3]);
  });

  it('accepts a camper that carries the family email itself', () => {
    const persons = [
      person(7, { IsCamper: true, ContactDetails: { Emails: [{ Address: 'dana@example.com' }] } }),
    ];
    expect(familyCampers(persons, 'DANA@example.com', []).map((item) => item.ID)).toEqual([7]);
  });
});

describe('wire schemas', () => {
  it('reads a PascalCase envelope', () => {
    const page = campMinderPage(campMinderSessionSchema).parse({
      TotalCount: 1,
      Next: null,
      Results: [
        {
          ID: 1,
          Name: 'S',
          IsActive: true,
          SeasonID: 2027,
          StartDate: '2027-06-27T00:00:00',
          EndDate: '2027-07-01T00:00:00',
        },
      ],
    });
    expect(page.Results[0]?.ID).toBe(1);
    expect(page.Next).toBeNull();
  });

  it('reads a camelCase envelope with camelCase items', () => {
    const page = campMinderPage(campMinderCustomFieldSchema).parse({
      totalCount: 1,
      next: 'https://api.campminder.com/persons/custom-fields?pagenumber=2',
      result: [{ id: 9, name: 'Size', dataType: 'String', partition: 'Camper', isActive: true }],
    });
    expect(page.TotalCount).toBe(1);
    expect(page.Next).toContain('pagenumber=2');
    expect(page.Results[0]?.dataType).toBe('String');
  });

  it('reads PascalCase custom fields too', () => {
    const page = campMinderPage(campMinderCustomFieldSchema).parse({
      TotalCount: 1,
      Next: null,
      Results: [{ Id: 9, Name: 'Size', DataType: 'String', Partition: 'Camper', IsActive: true }],
    });
    expect(page.Results[0]?.id).toBe(9);
    expect(page.Results[0]?.partition).toBe('Camper');
  });

  it('rejects an envelope without results', () => {
    const parsed = campMinderPage(campMinderSessionSchema).safeParse({ TotalCount: 0, Next: null });
    expect(parsed.success).toBe(false);
  });

  it('reads client ids in several shapes', () => {
    expect(parseClientIds('123,456')).toEqual([123, 456]);
    expect(parseClientIds(' 123 , x ,456 ')).toEqual([123, 456]);
    expect(parseClientIds(789)).toEqual([789]);
    expect(parseClientIds(['1', 2])).toEqual([1, 2]);
  });
});
