import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  createSandboxClock,
  startBookeoSandbox,
  type BookeoSandbox,
} from '@signupassist/connector-bookeo/sandbox';
import {
  createLiveClock,
  startCampMinderSandbox,
  type CampMinderSandbox,
} from '@signupassist/connector-campminder/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, startServer, type RunningServer } from './server-process.js';

const CAMP_CLIENT_ID = 4101;
const CAMP_VENDOR = 'pine-lake-camp';
const SWIM_VENDOR = 'riverside-swim-school';

const guardian = {
  firstName: 'Dana',
  lastName: 'Rivera',
  email: 'dana.rivera@example.com',
  phone: '+1 555 010 0199',
};
const camper = { firstName: 'Sam', lastName: 'Rivera', birthDate: '2017-04-09' };

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

describe('a CampMinder camp and a Bookeo class through one hub', () => {
  let bookeo: BookeoSandbox;
  let campminder: CampMinderSandbox;
  let server: RunningServer;
  let client: Client;
  let directory: string;

  beforeAll(async () => {
    bookeo = await startBookeoSandbox({ clock: createSandboxClock() });
    campminder = await startCampMinderSandbox({ clock: createLiveClock() });
    directory = mkdtempSync(join(tmpdir(), 'hub-campminder-'));
    const camp = campminder.camps.find((entry) => entry.clientId === CAMP_CLIENT_ID)!;
    writeFileSync(
      join(directory, 'vendors.json'),
      JSON.stringify([
        {
          id: SWIM_VENDOR,
          displayName: 'Riverside Swim School',
          connector: 'bookeo',
          timeZone: 'America/New_York',
          config: { baseUrl: bookeo.url },
          credentials: bookeo.credentials('RIVERSIDESWIM'),
        },
        {
          id: CAMP_VENDOR,
          displayName: camp.name,
          connector: 'campminder',
          timeZone: camp.timeZone,
          config: campminder.vendorConfig(CAMP_CLIENT_ID),
          credentials: campminder.credentials(CAMP_CLIENT_ID),
        },
      ]),
    );
    server = await startServer(['--vendors', join(directory, 'vendors.json')], {
      HUB_DB_PATH: join(directory, 'hub.db'),
    });
    client = await connectClient(server.url);
  });

  afterAll(async () => {
    await client?.close();
    await server?.stop();
    await campminder?.stop();
    await bookeo?.stop();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  /** Prepares and confirms a camp registration, and returns its id and hand-off URL. */
  async function registerAtCamp(email: string) {
    const search = await call(client, 'search_programs', { vendorId: CAMP_VENDOR, age: 9 });
    const program = (search.structuredContent?.programs as Array<Record<string, unknown>>)[0]!;
    const details = await call(client, 'get_program', {
      vendorId: CAMP_VENDOR,
      programId: program.programId,
    });
    const session = details.structuredContent?.program.sessions[0];
    const prepared = await call(client, 'prepare_registration', {
      vendorId: CAMP_VENDOR,
      programId: program.programId,
      sessionId: session.sessionId,
      guardian: { ...guardian, email },
      participants: [{ category: 'camper', answers: camper }],
    });
    expect(prepared.isError, text(prepared)).toBeFalsy();
    expect(prepared.structuredContent?.bookingMode).toBe('handoff');

    const confirmed = await call(client, 'confirm_registration', {
      registrationId: prepared.structuredContent?.registrationId,
    });
    expect(confirmed.isError, text(confirmed)).toBeFalsy();
    return {
      registrationId: prepared.structuredContent?.registrationId as string,
      sessionId: session.sessionId as string,
      confirmed,
    };
  }

  it('finds the camp beside the swim class in one search', async () => {
    const result = await call(client, 'search_programs', { age: 9 });

    expect(result.isError, text(result)).toBeFalsy();
    const programs = result.structuredContent?.programs as Array<Record<string, unknown>>;
    const camp = programs.find((program) => program.vendorId === CAMP_VENDOR);
    const swim = programs.find((program) => program.vendorId === SWIM_VENDOR);
    expect(camp?.bookingMode).toBe('handoff');
    expect(swim?.bookingMode).toBe('api');
    expect(result.structuredContent?.unavailableVendors).toEqual([]);
  });

  it('hands off, then follows the camp to confirmed', async () => {
    const email = 'dana.confirmed@example.com';
    const { registrationId, sessionId, confirmed } = await registerAtCamp(email);
    const receipt = confirmed.structuredContent?.receipt;
    expect(receipt.status).toBe('handoff_required');
    expect(receipt.handoffUrl).toMatch(new RegExp(`^${campminder.url}/portal/register\\?`));
    expect(text(confirmed).split(receipt.handoffUrl)).toHaveLength(2);
    expect(text(confirmed)).toContain('The program fee is paid on that page.');

    const before = await call(client, 'get_registration', { registrationId });
    expect(before.structuredContent?.receipt.status).toBe('handoff_required');

    campminder.completeRegistration(receipt.handoffUrl, 'Applied');
    const applied = await call(client, 'get_registration', { registrationId });
    expect(applied.structuredContent?.receipt.status).toBe('pending');

    expect(campminder.setAttendeeStatus({ email, sessionId, status: 'Enrolled' })).toBe(1);
    const enrolled = await call(client, 'get_registration', { registrationId });
    expect(enrolled.structuredContent?.state).toBe('booked');
    expect(enrolled.structuredContent?.receipt.status).toBe('confirmed');
  });

  it('shows a withdrawn camper as cancelled', async () => {
    const email = 'dana.withdrawn@example.com';
    const { registrationId, sessionId, confirmed } = await registerAtCamp(email);
    campminder.completeRegistration(confirmed.structuredContent?.receipt.handoffUrl, 'Enrolled');

    expect(campminder.setAttendeeStatus({ email, sessionId, status: 'Withdrawn' })).toBe(1);
    const withdrawn = await call(client, 'get_registration', { registrationId });
    expect(withdrawn.structuredContent?.state).toBe('cancelled');
    expect(withdrawn.structuredContent?.receipt.status).toBe('cancelled');
  });

  it('sends a cancellation to the camp office', async () => {
    const { registrationId } = await registerAtCamp('dana.cancel@example.com');

    const cancelled = await call(client, 'cancel_registration', { registrationId });
    expect(cancelled.isError).toBe(true);
    expect(cancelled.structuredContent?.error.code).toBe('unsupported');
    const contact = campminder.vendorConfig(CAMP_CLIENT_ID).contact;
    expect(contact.email).toBeDefined();
    expect(text(cancelled)).toContain(`email ${contact.email}`);
    expect(text(cancelled)).toContain(`call ${contact.phone}`);
  });

  it('keeps the family’s email and names out of the logs', () => {
    const logs = server.output.join('\n');
    for (const value of ['dana.confirmed@example.com', 'Dana', 'Rivera', '2017-04-09']) {
      expect(logs).not.toContain(value);
    }
  });
});
