import { BookingReceiptSchema, type RegistrationDetails } from '@signupassist/contract';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCampMinderConnector, referenceFor } from '../src/index.js';
import { PINE_LAKE_CLIENT_ID, type CampMinderSandbox } from '../src/sandbox/index.js';
import {
  createConnectorHarness,
  registrationFor,
  sandboxSecrets,
  startSandbox,
} from './connector-harness.js';

const { contextFor, failure, expectNotLeaked, logLines } = createConnectorHarness();

function detailsOf(request: ReturnType<typeof registrationFor>): RegistrationDetails {
  const details: Partial<typeof request> = { ...request };
  delete details.idempotencyKey;
  return details as RegistrationDetails;
}

describe('campminder connector hand-off', () => {
  let sandbox: CampMinderSandbox;
  const connector = createCampMinderConnector();

  beforeAll(async () => {
    sandbox = await startSandbox();
  });

  beforeEach(() => {
    sandbox.reset();
  });

  afterAll(async () => {
    await sandbox.stop();
    expectNotLeaked(sandboxSecrets(sandbox));
    // Log lines carry ids, never the family's names, email or the prefilled URL.
    const logged = JSON.stringify(logLines);
    for (const text of ['dana.neil@example.com', 'Neil', 'Whitfield', 'portal/register']) {
      expect(logged).not.toContain(text);
    }
  });

  it('returns a hand-off receipt without writing to CampMinder', async () => {
    const request = registrationFor('group-11', '1002-502', 'handoff-key-0001', 2);
    const receipt = await connector.book(contextFor(sandbox), request);
    expect(BookingReceiptSchema.safeParse(receipt).success).toBe(true);

    const reference = referenceFor('handoff-key-0001');
    expect(receipt).toMatchObject({
      bookingId: `1002-502~${reference}`,
      status: 'handoff_required',
      programId: 'group-11',
      sessionId: '1002-502',
      externalReference: reference,
      price: { total: { amountMinor: 850_000, currency: 'USD' } },
      payment: { method: 'provider_link' },
      handoff: { reference },
    });
    expect(receipt.payment.url).toBe(receipt.handoff?.url);
    expect(receipt.handoff?.instructions).toContain(reference);
    expect(sandbox.requests().filter((item) => item.method !== 'GET')).toEqual([]);
  });

  it('fills the hand-off URL with the session and the family', async () => {
    const request = registrationFor('group-11', '1002-502', 'handoff-key-0002', 2);
    const receipt = await connector.book(contextFor(sandbox), request);
    const url = new URL(receipt.handoff!.url);

    expect(url.origin).toBe(sandbox.url);
    expect(url.pathname).toBe('/portal/register');
    expect(url.searchParams.get('session')).toBe('1002');
    expect(url.searchParams.get('program')).toBe('502');
    expect(url.searchParams.get('ref')).toBe(receipt.externalReference);
    expect(url.searchParams.get('guardianEmail')).toBe('dana.neil@example.com');
    expect(url.searchParams.get('guardianPhone')).toBe('+1 518 555 0100');
    expect(url.searchParams.get('camper1FirstName')).toBe('Ari');
    expect(url.searchParams.get('camper2BirthDate')).toBe('2016-05-02');
  });

  it('leaves the program empty for a session without programs', async () => {
    const receipt = await connector.book(
      contextFor(sandbox),
      registrationFor('group-11', '1003', 'handoff-key-0003'),
    );
    const url = new URL(receipt.handoff!.url);
    expect(url.searchParams.get('session')).toBe('1003');
    expect(url.searchParams.get('program')).toBe('');
    expect(receipt.price.total.amountMinor).toBe(790_000);
  });

  it('leaves prefill out unless the config asks for it', async () => {
    const context = contextFor(sandbox, PINE_LAKE_CLIENT_ID, { config: { prefill: false } });
    const receipt = await connector.book(
      context,
      registrationFor('group-11', '1003', 'handoff-key-0004'),
    );
    expect(receipt.handoff!.url).not.toContain('guardian');
    expect(receipt.handoff!.url).not.toContain('camper');
  });

  it('returns the same receipt for a repeated key', async () => {
    const request = registrationFor('group-11', '1002-502', 'handoff-key-0005');
    const first = await connector.book(contextFor(sandbox), request);
    const second = await connector.book(contextFor(sandbox), request);
    expect(second).toEqual(first);
  });

  it('rejects an inactive session as registration_closed', async () => {
    const error = await failure(
      connector.book(contextFor(sandbox), registrationFor('group-12', '1011', 'closed-key-0001')),
    );
    expect(error.code).toBe('registration_closed');
    expect(error.message).toContain('1011');
  });

  it('rejects a session of an inactive program as registration_closed', async () => {
    const error = await failure(
      connector.book(
        contextFor(sandbox),
        registrationFor('group-11', '1002-503', 'closed-key-0002'),
      ),
    );
    expect(error.code).toBe('registration_closed');
  });

  it('rejects an unknown session or a session of another program', async () => {
    const unknown = await failure(
      connector.book(contextFor(sandbox), registrationFor('group-11', '9999', 'missing-key-01')),
    );
    expect(unknown.code).toBe('not_found');

    const elsewhere = await failure(
      connector.book(contextFor(sandbox), registrationFor('group-13', '1003', 'missing-key-02')),
    );
    expect(elsewhere.code).toBe('not_found');
    expect(elsewhere.message).toContain('group-11');
  });

  it('rejects answers that do not fit the form', async () => {
    const request = registrationFor('group-11', '1003', 'invalid-key-0001', 1);
    delete request.participants[0]!.answers.birthDate;
    request.participants[0]!.answers.custom_202 = 'three';
    request.guardian.email = 'not an email';

    const error = await failure(connector.book(contextFor(sandbox), request));
    expect(error.code).toBe('invalid_fields');
    expect(error.fields?.map((field) => field.path).sort()).toEqual([
      'guardian.email',
      'participants.0.birthDate',
      'participants.0.custom_202',
    ]);
  });

  it('rejects a malformed request as invalid_request', async () => {
    const request = registrationFor('group-11', '1003', 'bad key with spaces');
    const error = await failure(connector.book(contextFor(sandbox), request));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('idempotencyKey');
  });
});

describe('campminder connector status read-back', () => {
  let sandbox: CampMinderSandbox;
  const connector = createCampMinderConnector();

  beforeAll(async () => {
    sandbox = await startSandbox();
  });

  beforeEach(() => {
    sandbox.reset();
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  async function bookFor(sessionId: string, key: string, campers = 1) {
    const programId = sessionId.startsWith('103') ? 'group-14' : 'group-11';
    const request = registrationFor(programId, sessionId, key, campers);
    const receipt = await connector.book(contextFor(sandbox), request);
    return { receipt, registration: detailsOf(request) };
  }

  const personsNamed = (last: string) =>
    sandbox.persons(PINE_LAKE_CLIENT_ID).filter((person) => person.Name?.Last === last);

  it('reports handoff_required until the family registers', async () => {
    const { receipt, registration } = await bookFor('1002-501', 'status-key-0001');
    const before = await connector.getBooking(contextFor(sandbox), {
      bookingId: receipt.bookingId,
      registration,
    });
    expect(before.status).toBe('handoff_required');
    expect(before.handoff).toEqual(receipt.handoff);
    expect(before.price).toEqual(receipt.price);
  });

  it('follows the family through Applied, Enrolled, WaitList and Withdrawn', async () => {
    const { receipt, registration } = await bookFor('1002-501', 'status-key-0002');
    const read = async () =>
      (
        await connector.getBooking(contextFor(sandbox), {
          bookingId: receipt.bookingId,
          registration,
        })
      ).status;
    const change = (status: string) =>
      sandbox.setAttendeeStatus({
        email: 'dana.neil@example.com',
        sessionId: '1002-501',
        status,
      });

    sandbox.completeRegistration(receipt.handoff!.url, 'Applied');
    expect(await read()).toBe('pending');
    change('Enrolled');
    expect(await read()).toBe('confirmed');
    change('WaitList');
    expect(await read()).toBe('waitlisted');
    change('Withdrawn');
    expect(await read()).toBe('cancelled');
  });

  it('tags the matched campers with the reference once', async () => {
    const { receipt, registration } = await bookFor('1002-501', 'status-key-0003', 2);
    sandbox.completeRegistration(receipt.handoff!.url, 'Enrolled');

    const readBack = await connector.getBooking(contextFor(sandbox), {
      bookingId: receipt.bookingId,
      registration,
    });
    expect(readBack.status).toBe('confirmed');
    expect(readBack.externalReference).toBe(receipt.externalReference);
    const campers = personsNamed('Neil').filter((person) => person.IsCamper);
    expect(campers.map((person) => person.ExternalID)).toEqual([
      receipt.externalReference,
      receipt.externalReference,
    ]);

    await connector.getBooking(contextFor(sandbox), { bookingId: receipt.bookingId, registration });
    expect(sandbox.requests({ method: 'PATCH' })).toHaveLength(2);
  });

  it('leaves tagging out when tagExternalId is false', async () => {
    const { receipt, registration } = await bookFor('1002-501', 'status-key-0004');
    sandbox.completeRegistration(receipt.handoff!.url, 'Enrolled');
    const context = contextFor(sandbox, PINE_LAKE_CLIENT_ID, { config: { tagExternalId: false } });

    const readBack = await connector.getBooking(context, {
      bookingId: receipt.bookingId,
      registration,
    });
    expect(readBack.status).toBe('confirmed');
    expect(sandbox.requests({ method: 'PATCH' })).toEqual([]);
  });

  it('keeps the status when tagging fails', async () => {
    const { receipt, registration } = await bookFor('1002-501', 'status-key-0005');
    sandbox.completeRegistration(receipt.handoff!.url, 'Enrolled');
    sandbox.injectFault({ kind: 'serverError', status: 500, times: 3, match: { method: 'PATCH' } });

    const readBack = await connector.getBooking(contextFor(sandbox), {
      bookingId: receipt.bookingId,
      registration,
    });
    expect(readBack.status).toBe('confirmed');
    expect(sandbox.requests({ method: 'PATCH' }).map((item) => item.status)).toEqual([
      500, 500, 500,
    ]);
    expect(
      logLines.some((line) => line.message.startsWith('Setting the CampMinder ExternalID')),
    ).toBe(true);
  });

  it('reads only the rows of the booked program', async () => {
    const whitfield = {
      guardian: { firstName: 'Dana', lastName: 'Whitfield', email: 'DANA.WHITFIELD@example.com' },
      participants: [{ category: 'camper', answers: { firstName: 'Ry', lastName: 'Whitfield' } }],
    };
    const statusOf = async (sessionId: string) => {
      const bookingId = `${sessionId}~${referenceFor(`whitfield-${sessionId}`)}`;
      const registration = { programId: 'group-11', sessionId, ...whitfield };
      return (await connector.getBooking(contextFor(sandbox), { bookingId, registration })).status;
    };

    // Riley (preferred name Ry) is enrolled in Sailing and withdrawn from Riding in session
    // 1002, and has applied for Sailing in session 1001.
    expect(await statusOf('1002-501')).toBe('confirmed');
    expect(await statusOf('1002-502')).toBe('cancelled');
    expect(await statusOf('1001-501')).toBe('pending');
    expect(await statusOf('1003')).toBe('handoff_required');
  });

  it('leaves an ExternalID the camp set', async () => {
    const bookingId = `1002-501~${referenceFor('whitfield-tag')}`;
    const registration = {
      programId: 'group-11',
      sessionId: '1002-501',
      guardian: { firstName: 'Dana', lastName: 'Whitfield', email: 'dana.whitfield@example.com' },
      participants: [
        { category: 'camper', answers: { firstName: 'Riley', lastName: 'Whitfield' } },
      ],
    };
    const readBack = await connector.getBooking(contextFor(sandbox), { bookingId, registration });
    expect(readBack.status).toBe('confirmed');
    const riley = personsNamed('Whitfield').find((person) => person.Name?.First === 'Riley');
    expect(riley?.ExternalID).toBe('SAWHITFIELD2026');
    expect(sandbox.requests({ method: 'PATCH' })).toEqual([]);
  });

  it('reports pending while some named campers have no row', async () => {
    const bookingId = `1002-501~${referenceFor('whitfield-both')}`;
    const registration = {
      programId: 'group-11',
      sessionId: '1002-501',
      guardian: { firstName: 'Dana', lastName: 'Whitfield', email: 'dana.whitfield@example.com' },
      participants: [
        { category: 'camper', answers: { firstName: 'Riley', lastName: 'Whitfield' } },
        { category: 'camper', answers: { firstName: 'Jordan', lastName: 'Whitfield' } },
      ],
    };
    const readBack = await connector.getBooking(contextFor(sandbox), { bookingId, registration });
    expect(readBack.status).toBe('pending');
    expect(readBack.warnings?.[0]).toContain('1 of the 2 campers');
  });

  it('matches no camper of another name', async () => {
    const bookingId = `1002-501~${referenceFor('whitfield-other')}`;
    const registration = {
      programId: 'group-11',
      sessionId: '1002-501',
      guardian: { firstName: 'Dana', lastName: 'Whitfield', email: 'dana.whitfield@example.com' },
      participants: [{ category: 'camper', answers: { firstName: 'Sam', lastName: 'Whitfield' } }],
    };
    const readBack = await connector.getBooking(contextFor(sandbox), { bookingId, registration });
    expect(readBack.status).toBe('handoff_required');
  });

  it('warns when the hub passes no registration', async () => {
    const { receipt } = await bookFor('1002-501', 'status-key-0006');
    const readBack = await connector.getBooking(contextFor(sandbox), {
      bookingId: receipt.bookingId,
    });
    expect(readBack.status).toBe('handoff_required');
    expect(readBack.programId).toBe('group-11');
    expect(readBack.warnings?.[0]).toContain('no registration');
    const personReads = sandbox.requests().filter((item) => item.path === '/persons');
    expect(personReads).toEqual([]);
  });

  it('rejects a booking id it did not make', async () => {
    for (const bookingId of [
      'conformance-unknown-id',
      '1002-501~nope',
      `9999~${referenceFor('x')}`,
    ]) {
      const error = await failure(connector.getBooking(contextFor(sandbox), { bookingId }));
      expect(error.code, bookingId).toBe('not_found');
    }
  });
});
