import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baseUrl,
  call,
  payOnCheckoutPage,
  rawRequest,
  SWIM_BOOKING,
  SWIM_GUARDIAN,
  SWIM_PARTICIPANTS,
  text,
} from './payment-helpers.js';
import { connectClient, SERVER_ENTRY, startServer, type RunningServer } from './server-process.js';

const SWIM = { vendorId: 'riverside-swim-school', programId: 'LTS58' };
const CAMP = { vendorId: 'prairie-day-camp', programId: 'CAMP612' };
const CAMP_GUARDIAN = {
  firstName: 'Dana',
  lastName: 'Whitfield',
  email: 'dana.whitfield@example.com',
  custom_TSHIRT: 'Youth M',
  custom_PICKUP: 'Grandparent',
};
const camper = (firstName: string) => ({
  category: 'Cchildren',
  answers: { firstName, lastName: 'Whitfield' },
});

describe('success fee in the demo, on the Stripe emulator', () => {
  let server: RunningServer;
  let client: Client;
  let directory: string;
  let emulatorUrl: string;

  const firstSession = async (program: { vendorId: string; programId: string }, index = 0) => {
    const details = await call(client, 'get_program', program);
    return details.structuredContent?.program.sessions[index].sessionId as string;
  };

  const prepareSwim = async (index: number) =>
    call(client, 'prepare_registration', {
      ...SWIM,
      sessionId: await firstSession(SWIM, index),
      guardian: SWIM_GUARDIAN,
      participants: SWIM_PARTICIPANTS,
      booking: SWIM_BOOKING,
    });

  /** Reads the registration until its success fee shows `status`, or gives up after 10 s. */
  const waitForFee = async (registrationId: string, status: string) => {
    await expect
      .poll(
        async () => {
          const read = await call(client, 'get_registration', { registrationId });
          return read.structuredContent?.quote?.successFee as string | undefined;
        },
        { timeout: 10_000, interval: 100 },
      )
      .toContain(status);
  };

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'hub-payments-demo-'));
    server = await startServer(['--demo'], { HUB_DB_PATH: join(directory, 'hub.db') });
    client = await connectClient(server.url);
    const line = server.output.find((entry) => entry.includes('Payments use the Stripe emulator'));
    emulatorUrl = JSON.parse(line ?? '{}').emulator;
  });

  afterAll(async () => {
    await client?.close();
    await server?.stop();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('says in one line that it uses the emulator', () => {
    const lines = server.output.filter((line) => line.includes('Stripe emulator'));
    expect(lines).toHaveLength(1);
    expect(emulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[0]).toContain('nothing is charged');
  });

  it('authorizes on the checkout page, then books and charges', async () => {
    const prepared = await prepareSwim(0);
    expect(prepared.isError, text(prepared)).toBeFalsy();
    const registrationId = prepared.structuredContent?.registrationId as string;
    const quote = prepared.structuredContent?.quote;
    expect(quote.total.amountMinor).toBe(8500);
    expect(quote.programFee).toBe('pay_later');
    expect(quote.successFee).toBe('$3.00 (to authorize)');
    expect(quote.checkoutUrl.startsWith(`${emulatorUrl}/`)).toBe(true);
    expect(text(prepared)).toContain(quote.checkoutUrl);

    const early = await call(client, 'confirm_registration', { registrationId });
    expect(early.isError).toBe(true);
    expect(early.structuredContent?.error.retryable).toBe(true);
    expect(text(early)).toContain(quote.checkoutUrl);
    const unbooked = await call(client, 'get_registration', { registrationId });
    expect(unbooked.structuredContent?.state).toBe('prepared');

    const paid = await payOnCheckoutPage(quote.checkoutUrl);
    expect(paid.pageStatus).toBe(200);
    expect(paid.page).toContain('$3.00');
    expect(paid.status).toBe(303);
    expect(paid.location).toBe(`${baseUrl(server.url)}/payments/complete`);
    const page = await fetch(paid.location!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Go back to the chat');

    await waitForFee(registrationId, 'authorized');
    const confirmed = await call(client, 'confirm_registration', { registrationId });
    expect(confirmed.isError, text(confirmed)).toBeFalsy();
    expect(confirmed.structuredContent?.receipt.status).toBe('confirmed');
    expect(confirmed.structuredContent?.quote.successFee).toBe('$3.00 (charged)');

    const log = server.output.join('\n');
    expect(log).toMatch(
      /"eventId":"evt_\w+","eventType":"checkout.session.completed".*"outcome":"processed"/,
    );
  });

  it('releases the authorization when the family cancels', async () => {
    const prepared = await prepareSwim(1);
    const registrationId = prepared.structuredContent?.registrationId as string;
    await payOnCheckoutPage(prepared.structuredContent?.quote.checkoutUrl);
    await waitForFee(registrationId, 'authorized');

    const cancelled = await call(client, 'cancel_registration', { registrationId });
    expect(cancelled.isError, text(cancelled)).toBeFalsy();
    expect(cancelled.structuredContent?.quote.successFee).toBe('$3.00 (released, not charged)');
  });

  it.each([
    [1, '$10.50'],
    [2, '$15.00'],
  ])('takes a percent fee for %i campers', async (campers, fee) => {
    const prepared = await call(client, 'prepare_registration', {
      ...CAMP,
      sessionId: await firstSession(CAMP),
      guardian: CAMP_GUARDIAN,
      participants: Array.from({ length: campers }, (_, index) => camper(`Camper${index}`)),
    });
    expect(prepared.isError, text(prepared)).toBeFalsy();
    expect(prepared.structuredContent?.quote.successFee).toBe(`${fee} (to authorize)`);
  });

  it('quotes the CampMinder camp fee', async () => {
    const vendorId = 'pine-lake-camp';
    const search = await call(client, 'search_programs', { vendorId, age: 9 });
    const programId = search.structuredContent?.programs[0].programId as string;
    const prepared = await call(client, 'prepare_registration', {
      vendorId,
      programId,
      sessionId: await firstSession({ vendorId, programId }),
      guardian: {
        firstName: 'Dana',
        lastName: 'Whitfield',
        email: 'dana.whitfield@example.com',
        phone: '+1 555 010 0199',
      },
      participants: [
        {
          category: 'camper',
          answers: { firstName: 'Sam', lastName: 'Whitfield', birthDate: '2017-04-09' },
        },
      ],
    });
    expect(prepared.isError, text(prepared)).toBeFalsy();
    expect(prepared.structuredContent?.bookingMode).toBe('handoff');
    expect(prepared.structuredContent?.quote.successFee).toBe('$9.00 (to authorize)');
  });

  it('serves the cancel page', async () => {
    const response = await fetch(`${baseUrl(server.url)}/payments/cancelled`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toContain('nothing was charged');
  });

  it('serves the return pages for any Host', async () => {
    const page = await rawRequest(baseUrl(server.url), {
      method: 'GET',
      path: '/payments/complete',
      headers: { host: 'hub.example.com' },
    });
    expect(page.status).toBe(200);
    const mcp = await rawRequest(baseUrl(server.url), {
      method: 'POST',
      path: '/mcp',
      headers: { host: 'hub.example.com', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(mcp.status).toBe(403);
  });
});

describe('success fee in the demo over stdio', () => {
  let client: Client;
  let directory: string;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'hub-payments-stdio-'));
    client = new Client({ name: 'payments-stdio-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [SERVER_ENTRY, '--stdio', '--demo'],
        env: { PATH: process.env.PATH ?? '', HUB_DB_PATH: join(directory, 'hub.db') },
        stderr: 'ignore',
      }),
    );
  });

  afterAll(async () => {
    await client?.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('returns to a loopback page and books once paid', async () => {
    const details = await call(client, 'get_program', SWIM);
    const prepared = await call(client, 'prepare_registration', {
      ...SWIM,
      sessionId: details.structuredContent?.program.sessions[0].sessionId,
      guardian: SWIM_GUARDIAN,
      participants: SWIM_PARTICIPANTS,
      booking: SWIM_BOOKING,
    });
    expect(prepared.isError, text(prepared)).toBeFalsy();
    const registrationId = prepared.structuredContent?.registrationId as string;

    const paid = await payOnCheckoutPage(prepared.structuredContent?.quote.checkoutUrl);
    expect(paid.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/payments\/complete$/);
    expect((await fetch(paid.location!)).status).toBe(200);

    await expect
      .poll(
        async () => {
          const read = await call(client, 'get_registration', { registrationId });
          return read.structuredContent?.quote?.successFee as string | undefined;
        },
        { timeout: 10_000, interval: 100 },
      )
      .toContain('authorized');
    const confirmed = await call(client, 'confirm_registration', { registrationId });
    expect(confirmed.isError, text(confirmed)).toBeFalsy();
    expect(confirmed.structuredContent?.quote.successFee).toBe('$3.00 (charged)');
  });
});
