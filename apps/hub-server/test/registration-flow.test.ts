import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  createSandboxClock,
  startBookeoSandbox,
  type BookeoSandbox,
} from '@signupassist/connector-bookeo/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, startServer, type RunningServer } from './server-process.js';

const SWIM = { vendorId: 'riverside-swim-school', programId: 'LTS58' };
const SWIM_ACCOUNT = 'RIVERSIDESWIM';
const WRONG_API_KEY = 'WRONG-APIKEY-DO-NOT-LOG-0001';

const guardian = {
  firstName: 'Dana',
  lastName: 'Rivera',
  email: 'dana.rivera@example.com',
  custom_EMERGENCYPHONE: '+1 555 010 0199',
};
const participants = [{ category: 'Cchildren', answers: { firstName: 'Sam', lastName: 'Rivera' } }];
const booking = { option_SWIMLEVEL: 'Beginner' };

// Tool results are read field by field; the tests' assertions check their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ToolResult = { isError?: boolean; structuredContent?: Record<string, any>; content: unknown };

async function call(client: Client, name: string, args: Record<string, unknown>) {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

function text(result: ToolResult): string {
  return (result.content as Array<{ type: string; text?: string }>)
    .map((part) => part.text ?? '')
    .join('\n');
}

describe('registration through the hub server', () => {
  let sandbox: BookeoSandbox;
  let server: RunningServer;
  let client: Client;
  let directory: string;
  let sessionIds: string[];

  const start = async () => {
    server = await startServer(['--vendors', join(directory, 'vendors.json')], {
      HUB_DB_PATH: join(directory, 'hub.db'),
    });
    client = await connectClient(server.url);
  };

  const prepare = async (sessionId: string, overrides: Record<string, unknown> = {}) =>
    call(client, 'prepare_registration', {
      ...SWIM,
      sessionId,
      guardian,
      participants,
      booking,
      ...overrides,
    });

  beforeAll(async () => {
    sandbox = await startBookeoSandbox({ clock: createSandboxClock() });
    directory = mkdtempSync(join(tmpdir(), 'hub-e2e-'));
    const vendor = (id: string, name: string, accountId: string, timeZone: string) => ({
      id,
      displayName: name,
      connector: 'bookeo',
      timeZone,
      config: { baseUrl: sandbox.url },
      credentials: sandbox.credentials(accountId),
    });
    writeFileSync(
      join(directory, 'vendors.json'),
      JSON.stringify([
        vendor(SWIM.vendorId, 'Riverside Swim School', SWIM_ACCOUNT, 'America/New_York'),
        vendor('prairie-day-camp', 'Prairie Day Camp', 'PRAIRIECAMP', 'America/Chicago'),
        {
          ...vendor('misconfigured-pool', 'Misconfigured Pool', SWIM_ACCOUNT, 'America/New_York'),
          credentials: { apiKey: WRONG_API_KEY, secretKey: sandbox.secretKey },
        },
      ]),
    );
    await start();
    const program = await call(client, 'get_program', SWIM);
    sessionIds = program.structuredContent?.program.sessions.map(
      (session: { sessionId: string }) => session.sessionId,
    );
  });

  afterAll(async () => {
    await client?.close();
    await server?.stop();
    await sandbox?.stop();
  });

  it('finds the swim class for a 7-year-old', async () => {
    const result = await call(client, 'search_programs', { query: 'swimming', age: 7 });
    expect(result.isError).toBeFalsy();
    const programs = result.structuredContent?.programs as Array<Record<string, unknown>>;
    expect(programs.map((program) => program.programId)).toContain('LTS58');
    expect(programs.find((program) => program.programId === 'CAMP612')).toBeUndefined();
    const unavailable = result.structuredContent?.unavailableVendors as Array<{ vendorId: string }>;
    expect(unavailable).toEqual([]);
  });

  it('returns guardian and participant fields', async () => {
    const result = await call(client, 'get_registration_form', SWIM);
    const fields = result.structuredContent?.fields as Array<{ key: string; scope: string }>;
    const keys = (scope: string) => fields.filter((f) => f.scope === scope).map((f) => f.key);
    expect(keys('guardian')).toEqual(expect.arrayContaining(['firstName', 'lastName', 'email']));
    expect(keys('participant')).toEqual(expect.arrayContaining(['firstName', 'lastName']));
    expect(result.structuredContent?.jsonSchema.$schema).toBe(
      'https://json-schema.org/draft/2020-12/schema',
    );
  });

  it('names a missing required field', async () => {
    const withoutEmail: Record<string, string> = { ...guardian };
    delete withoutEmail.email;
    const result = await prepare(sessionIds[0]!, { guardian: withoutEmail });
    expect(result.isError).toBe(true);
    expect(result.structuredContent?.error.code).toBe('invalid_fields');
    expect(result.structuredContent?.error.fields).toContainEqual(
      expect.objectContaining({ path: 'guardian.email' }),
    );
    expect(text(result)).toMatch(/Email/);
  });

  it('books once, reads back and cancels', async () => {
    const sessionId = sessionIds[0]!;
    const seatsBefore = sandbox.seatsLeft(SWIM_ACCOUNT, sessionId);

    const prepared = await prepare(sessionId);
    expect(prepared.isError).toBeFalsy();
    const registrationId = prepared.structuredContent?.registrationId as string;
    expect(registrationId).toMatch(/\S{20,}/);
    expect(prepared.structuredContent?.quote.total).toMatchObject({
      amountMinor: 8500,
      currency: 'USD',
    });

    const confirmed = await call(client, 'confirm_registration', { registrationId });
    expect(confirmed.isError).toBeFalsy();
    const receipt = confirmed.structuredContent?.receipt;
    expect(receipt.status).toBe('confirmed');
    expect(receipt.bookingId).toBe(sandbox.bookings(SWIM_ACCOUNT).at(-1)?.bookingNumber);
    expect(sandbox.bookingCount({ accountId: SWIM_ACCOUNT, eventId: sessionId })).toBe(1);
    expect(sandbox.seatsLeft(SWIM_ACCOUNT, sessionId)).toBe(seatsBefore - 1);

    const read = await call(client, 'get_registration', { registrationId });
    expect(read.structuredContent?.receipt.bookingId).toBe(receipt.bookingId);
    expect(read.structuredContent?.state).toBe('booked');

    const cancelled = await call(client, 'cancel_registration', { registrationId });
    expect(cancelled.isError).toBeFalsy();
    expect(cancelled.structuredContent?.state).toBe('cancelled');
    expect(sandbox.bookingCount({ accountId: SWIM_ACCOUNT, eventId: sessionId })).toBe(0);
    expect(sandbox.seatsLeft(SWIM_ACCOUNT, sessionId)).toBe(seatsBefore);
  });

  it('books once for 20 concurrent confirms', async () => {
    const sessionId = sessionIds[1]!;
    const prepared = await prepare(sessionId);
    const registrationId = prepared.structuredContent?.registrationId as string;

    const results = await Promise.all(
      Array.from({ length: 20 }, () => call(client, 'confirm_registration', { registrationId })),
    );
    expect(results.filter((result) => result.isError)).toEqual([]);
    const receipts = results.map((result) => JSON.stringify(result.structuredContent?.receipt));
    expect(new Set(receipts).size).toBe(1);
    expect(sandbox.bookingCount({ accountId: SWIM_ACCOUNT, eventId: sessionId })).toBe(1);

    const changed = await call(client, 'confirm_registration', {
      registrationId,
      guardian: { ...guardian, firstName: 'Alex' },
    });
    expect(changed.isError).toBe(true);
    expect(changed.structuredContent?.error.code).toBe('idempotency_mismatch');
    expect(sandbox.bookingCount({ accountId: SWIM_ACCOUNT, eventId: sessionId })).toBe(1);
  });

  it('recovers a booking whose response was lost', async () => {
    const sessionId = sessionIds[2]!;
    const prepared = await prepare(sessionId);
    const registrationId = prepared.structuredContent?.registrationId as string;
    sandbox.injectFault({
      kind: 'lostResponse',
      match: { method: 'POST', pathPrefix: '/bookings' },
    });

    const confirmed = await call(client, 'confirm_registration', { registrationId });
    expect(confirmed.isError, text(confirmed)).toBeFalsy();
    expect(confirmed.structuredContent?.receipt.status).toBe('confirmed');
    expect(sandbox.bookingCount({ accountId: SWIM_ACCOUNT, eventId: sessionId })).toBe(1);
  });

  it('reports a sold-out session plainly', async () => {
    const soldOut = { vendorId: SWIM.vendorId, programId: 'STROKE912' };
    const program = await call(client, 'get_program', soldOut);
    const sessionId = program.structuredContent?.program.sessions[0].sessionId as string;
    const form = await call(client, 'get_registration_form', soldOut);
    expect(form.isError).toBeFalsy();

    const bookingsBefore = sandbox.bookingCount();
    const result = await call(client, 'prepare_registration', {
      ...soldOut,
      sessionId,
      guardian,
      participants,
    });
    expect(result.isError).toBe(true);
    expect(result.structuredContent?.error.code).toBe('sold_out');
    expect(text(result)).not.toMatch(/409|errorId|httpStatus/);
    expect(sandbox.bookingCount()).toBe(bookingsBefore);
  });

  it('rejects a confirm after the hold expired', async () => {
    const sessionId = sessionIds[3]!;
    const prepared = await prepare(sessionId);
    expect(prepared.structuredContent?.seatsHeld).toBe(true);
    const registrationId = prepared.structuredContent?.registrationId as string;
    sandbox.clock.advance(11 * 60_000);

    const confirmed = await call(client, 'confirm_registration', { registrationId });
    expect(confirmed.isError).toBe(true);
    expect(confirmed.structuredContent?.error.code).toBe('hold_expired');
    expect(sandbox.bookingCount({ accountId: SWIM_ACCOUNT, eventId: sessionId })).toBe(0);
    const read = await call(client, 'get_registration', { registrationId });
    expect(read.structuredContent?.state).not.toBe('booked');
  });

  it('keeps a vendor with wrong keys out of service', async () => {
    const log = server.output.join('\n');
    expect(log).toMatch(/"vendorId":"misconfigured-pool".*Vendor import row failed/);
    const result = await call(client, 'get_program', {
      vendorId: 'misconfigured-pool',
      programId: 'LTS58',
    });
    expect(result.isError).toBe(true);
    expect(result.structuredContent?.error.code).toBe('not_found');
    expect(JSON.stringify(result)).not.toContain(WRONG_API_KEY);
    expect(log).not.toContain(WRONG_API_KEY);
    expect(log).not.toContain(sandbox.secretKey);
  });

  it('waits out a 429 and succeeds', async () => {
    const sessionId = sessionIds[4]!;
    const prepared = await prepare(sessionId);
    const registrationId = prepared.structuredContent?.registrationId as string;
    const postsBefore = sandbox.requests({ method: 'POST', pathPrefix: '/bookings' }).length;
    sandbox.injectFault({
      kind: 'rateLimit',
      retryAfterSeconds: 1,
      match: { method: 'POST', pathPrefix: '/bookings' },
    });

    const started = Date.now();
    const confirmed = await call(client, 'confirm_registration', { registrationId });
    expect(confirmed.isError, text(confirmed)).toBeFalsy();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const posts =
      sandbox.requests({ method: 'POST', pathPrefix: '/bookings' }).length - postsBefore;
    expect(posts).toBe(2);
    expect(sandbox.bookingCount({ accountId: SWIM_ACCOUNT, eventId: sessionId })).toBe(1);
  });

  it('keeps registrations across a restart', async () => {
    const sessionId = sessionIds[5]!;
    const prepared = await prepare(sessionId);
    const registrationId = prepared.structuredContent?.registrationId as string;
    const confirmed = await call(client, 'confirm_registration', { registrationId });
    const bookingId = confirmed.structuredContent?.receipt.bookingId as string;

    await client.close();
    await server.stop();
    await start();

    const read = await call(client, 'get_registration', { registrationId });
    expect(read.isError).toBeFalsy();
    expect(read.structuredContent?.receipt.bookingId).toBe(bookingId);
    expect(read.structuredContent?.state).toBe('booked');
  });
});
