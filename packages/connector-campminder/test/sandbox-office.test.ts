import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createSandboxClock,
  MAPLE_HOLLOW_CLIENT_ID,
  OFFICE_PATH,
  PINE_LAKE_CLIENT_ID,
  startCampMinderSandbox,
  type CampMinderSandbox,
} from '../src/sandbox/index.js';

const PINE = PINE_LAKE_CLIENT_ID;
const REFERENCE = 'SAOFFICE7Q2K';

const FAMILY = {
  guardianFirstName: 'Morgan',
  guardianLastName: 'Reyes',
  guardianEmail: 'morgan.reyes@example.com',
  camper1FirstName: 'Ava',
  camper1LastName: 'Reyes',
  camper2FirstName: 'Leo',
  camper2LastName: 'Reyes',
};

let sandbox: CampMinderSandbox;

beforeAll(async () => {
  sandbox = await startCampMinderSandbox({
    clock: createSandboxClock(new Date('2027-03-15T14:30:00Z')),
  });
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.stop());

/** Builds a prefilled hand-off URL as the connector does. */
function handoffUrl(sessionId: string, programId: string, reference = REFERENCE): string {
  const url = new URL(
    sandbox
      .vendorConfig(PINE)
      .registrationUrl.replace('{sessionId}', sessionId)
      .replace('{programId}', programId)
      .replace('{reference}', reference),
  );
  for (const [name, value] of Object.entries(FAMILY)) url.searchParams.set(name, value);
  return url.toString();
}

/** Returns the status names of the registration's campers for its session, camper by camper. */
function statusesOf(reference: string): string[] {
  const [registration] = sandbox.registrations({ reference, includeCancelled: true });
  if (!registration) throw new Error(`No registration ${reference} in the sandbox.`);
  return registration.camperIds.flatMap((camperId) =>
    sandbox
      .attendees(registration.clientId)
      .filter((attendee) => attendee.PersonID === camperId)
      .flatMap((attendee) => attendee.SessionProgramStatus ?? [])
      .filter(
        (row) =>
          row.SessionID === registration.campMinderSessionId &&
          (row.ProgramID ?? null) === registration.programId,
      )
      .map((row) => row.StatusName ?? ''),
  );
}

function postOffice(fields: Record<string, string>, query = ''): Promise<Response> {
  return fetch(`${sandbox.url}${OFFICE_PATH}${query}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
  });
}

describe('sandbox camp office', () => {
  it('offers the office step on the page after submitting', async () => {
    const response = await fetch(handoffUrl('1002', '502'), { method: 'POST' });
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(html).toContain('Camp office (sandbox only)');
    expect(html).toContain("stands in for the camp's staff");
    expect(html).toContain(`<form method="post" action="${OFFICE_PATH}">`);
    expect(html).toContain(`name="ref" value="${REFERENCE}"`);
    expect(html).toContain(`name="client" value="${PINE}"`);
    expect(html).toContain('name="status" value="Enrolled"');
    expect(html).toContain('name="status" value="Withdrawn"');
  });

  it('marks a submitted registration Enrolled, then Withdrawn', async () => {
    await fetch(handoffUrl('1002', '502'), { method: 'POST' });
    expect(statusesOf(REFERENCE)).toEqual(['Applied', 'Applied']);

    const enrolled = await postOffice({ client: String(PINE), ref: REFERENCE, status: 'Enrolled' });
    const enrolledHtml = await enrolled.text();
    expect(enrolled.status).toBe(200);
    expect(enrolledHtml).toContain(`registration ${REFERENCE} for session 1002-502 as Enrolled`);
    expect(statusesOf(REFERENCE)).toEqual(['Enrolled', 'Enrolled']);

    const withdrawn = await postOffice({ ref: REFERENCE, status: 'withdrawn' });
    expect(withdrawn.status).toBe(200);
    expect(statusesOf(REFERENCE)).toEqual(['Withdrawn', 'Withdrawn']);
    expect(sandbox.registrations()).toEqual([]);
  });

  it('reads the fields from the query, as curl sends them', async () => {
    await fetch(handoffUrl('1041', ''), { method: 'POST' });

    const response = await fetch(`${sandbox.url}${OFFICE_PATH}?ref=${REFERENCE}&status=Enrolled`, {
      method: 'POST',
    });

    expect(response.status).toBe(200);
    expect(statusesOf(REFERENCE)).toEqual(['Enrolled', 'Enrolled']);
  });

  it('changes only the rows of the registration it names', async () => {
    await fetch(handoffUrl('1002', '502'), { method: 'POST' });
    await fetch(handoffUrl('1041', '', 'SAOTHER'), { method: 'POST' });

    await postOffice({ ref: 'SAOTHER', status: 'Enrolled' });

    expect(statusesOf(REFERENCE)).toEqual(['Applied', 'Applied']);
    expect(statusesOf('SAOTHER')).toEqual(['Enrolled', 'Enrolled']);
  });

  it('rejects invalid fields with 400', async () => {
    await fetch(handoffUrl('1041', ''), { method: 'POST' });
    const cases: [Record<string, string>, string][] = [
      [{ status: 'Enrolled' }, 'Missing ref'],
      [{ ref: REFERENCE }, 'Invalid status "": give one of Enrolled, Withdrawn.'],
      [{ ref: REFERENCE, status: 'Applied' }, 'Invalid status "Applied"'],
      [{ ref: 'SAUNKNOWN', status: 'Enrolled' }, 'No registration has the reference "SAUNKNOWN"'],
      [{ ref: REFERENCE, status: 'Enrolled', client: 'pine' }, 'Invalid client "pine"'],
      [
        { ref: REFERENCE, status: 'Enrolled', client: String(MAPLE_HOLLOW_CLIENT_ID) },
        'No registration has the reference',
      ],
    ];
    for (const [fields, message] of cases) {
      const response = await postOffice(fields);
      expect(response.status, JSON.stringify(fields)).toBe(400);
      // The error page escapes the quotes of the message.
      const html = (await response.text()).replaceAll('&quot;', '"');
      expect(html, JSON.stringify(fields)).toContain(message);
    }
    expect(statusesOf(REFERENCE)).toEqual(['Applied', 'Applied']);
  });

  it('stays out of the API request log', async () => {
    await fetch(handoffUrl('1041', ''), { method: 'POST' });
    await postOffice({ ref: REFERENCE, status: 'Enrolled' });

    expect(sandbox.requests()).toEqual([]);
  });
});
