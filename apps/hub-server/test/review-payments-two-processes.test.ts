import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  createSandboxClock,
  startBookeoSandbox,
  type BookeoSandbox,
} from '@signupassist/connector-bookeo/sandbox';
import { startStripeEmulator, type StripeEmulator } from '@signupassist/mcp-hub/stripe-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baseUrl,
  call,
  postWebhook,
  SWIM_BOOKING,
  SWIM_GUARDIAN,
  SWIM_PARTICIPANTS,
} from './payment-helpers.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from './postgres.js';
import { expectNoSecrets } from './secrets.js';
import { connectClient, startServer, type RunningServer } from './server-process.js';

const SWIM = { vendorId: 'riverside-swim', programId: 'LTS58' };
const CONFIRMS = 20;

/**
 * Two hub servers with one PostgreSQL database and one Stripe emulator, as two replicas
 * behind a load balancer that Stripe's webhooks reach at either.
 */
describe('payments across two hub processes on PostgreSQL', () => {
  let database: ThrowawayDatabase;
  let emulator: StripeEmulator;
  let bookeo: BookeoSandbox;
  let directory: string;
  const servers: RunningServer[] = [];
  const clients: Client[] = [];

  beforeAll(async () => {
    database = await createThrowawayDatabase();
    emulator = await startStripeEmulator();
    bookeo = await startBookeoSandbox({ clock: createSandboxClock() });
    directory = mkdtempSync(join(tmpdir(), 'hub-two-processes-'));
    const vendorsFile = join(directory, 'vendors.json');
    writeFileSync(
      vendorsFile,
      JSON.stringify([
        {
          id: SWIM.vendorId,
          displayName: 'Riverside Swim School',
          connector: 'bookeo',
          timeZone: 'America/New_York',
          config: { baseUrl: bookeo.url },
          credentials: bookeo.credentials('RIVERSIDESWIM'),
          payments: { successFee: { type: 'fixed', amountMinor: 300, currency: 'USD' } },
        },
      ]),
      { mode: 0o600 },
    );
    const environment = {
      DATABASE_URL: database.url,
      HUB_DATA_DIR: directory,
      HUB_ENCRYPTION_KEYS: 'two1:Z3B5c2VjcmV0LWtleS1mb3ItdGVzdHMtMDAwMDAwMDA=',
      STRIPE_SECRET_KEY: emulator.secretKey,
      STRIPE_WEBHOOK_SECRET: emulator.webhookSecret,
      STRIPE_API_URL: emulator.url,
    };
    // The first process imports the vendor; the second finds it in the shared database.
    servers.push(await startServer(['--vendors', vendorsFile], environment));
    servers.push(await startServer([], environment));
    for (const server of servers) clients.push(await connectClient(server.url));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await Promise.all(servers.map((server) => server.stop()));
    await bookeo?.stop();
    await emulator?.stop();
    await database?.drop();
    rmSync(directory, { recursive: true, force: true });
  });

  async function prepareSwim(client: Client) {
    const details = await call(client, 'get_program', SWIM);
    const sessionId = details.structuredContent?.program.sessions[0].sessionId as string;
    const prepared = await call(client, 'prepare_registration', {
      ...SWIM,
      sessionId,
      guardian: SWIM_GUARDIAN,
      participants: SWIM_PARTICIPANTS,
      booking: SWIM_BOOKING,
    });
    expect(prepared.isError, JSON.stringify(prepared.content)).toBeFalsy();
    return prepared.structuredContent?.registrationId as string;
  }

  /** Posts every event emitted since `from` to both servers at once, as two deliveries. */
  async function deliverToBoth(from: number): Promise<number[]> {
    const events = emulator.events().slice(from);
    const deliveries = events.flatMap((event) => {
      const signed = emulator.signedEvent(event.id);
      return servers.map((server) =>
        postWebhook(baseUrl(server.url), '/webhooks/stripe', signed.rawBody, signed.signature),
      );
    });
    return (await Promise.all(deliveries)).map((response) => response.status);
  }

  it('books and captures once for 20 confirms', async () => {
    const [first, second] = clients as [Client, Client];
    const registrationId = await prepareSwim(first);
    const rows = await database.query<{ checkout_session_id: string }>(
      'SELECT checkout_session_id FROM payments WHERE registration_id = $1',
      [registrationId],
    );
    const before = emulator.events().length;
    emulator.completeCheckout(rows[0]!.checkout_session_id, { outcome: 'authorized' });

    const [statuses, results] = await Promise.all([
      deliverToBoth(before),
      Promise.all(
        Array.from({ length: CONFIRMS }, (_, index) =>
          call(index % 2 === 0 ? first : second, 'confirm_registration', { registrationId }),
        ),
      ),
    ]);

    // A delivery that meets the other process's processing of the same event gets a 409.
    for (const status of statuses) expect([200, 409]).toContain(status);
    expect(results.filter((result) => result.isError)).toEqual([]);
    const bookingIds = new Set(
      results.map((result) => result.structuredContent?.receipt.bookingId),
    );
    expect(bookingIds.size).toBe(1);
    expect(bookeo.bookingCount({ accountId: 'RIVERSIDESWIM' })).toBe(1);
    const captures = emulator
      .requests()
      .filter((entry) => entry.method === 'POST' && entry.path.endsWith('/capture'));
    // A settle that races the first may send the capture again; Stripe replays its result.
    expect(captures.filter((entry) => entry.status === 200 && !entry.replayed)).toHaveLength(1);
    for (const entry of captures) expect(entry.idempotencyKey).toBe(captures[0]!.idempotencyKey);
    const payment = await database.query<{ status: string }>(
      'SELECT status FROM payments WHERE registration_id = $1',
      [registrationId],
    );
    expect(payment[0]?.status).toBe('captured');

    // The registration id is the family's token: tool results carry it, logs never do.
    const output = servers.flatMap((server) => server.output).join('\n');
    expectNoSecrets({ output }, [emulator.secretKey, emulator.webhookSecret, registrationId]);
    expectNoSecrets({ results: JSON.stringify(results) }, [
      emulator.secretKey,
      emulator.webhookSecret,
    ]);
  });
});
