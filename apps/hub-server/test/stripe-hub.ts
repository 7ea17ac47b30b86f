import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  createSandboxClock,
  startBookeoSandbox,
  type BookeoSandbox,
} from '@signupassist/connector-bookeo/sandbox';
import { startStripeEmulator, type StripeEmulator } from '@signupassist/mcp-hub/stripe-emulator';
import {
  baseUrl,
  call,
  postWebhook,
  SWIM_BOOKING,
  SWIM_GUARDIAN,
  SWIM_PARTICIPANTS,
} from './payment-helpers.js';
import { connectClient, startServer, type RunningServer } from './server-process.js';

/** Vendor id and program of the swim school, which charges a fixed fee of 3.00 USD. */
export const SWIM = { vendorId: 'riverside-swim', programId: 'LTS58' };

/** Vendor id of the day camp, which charges no fee. */
export const CAMP_VENDOR = 'prairie-camp';

/** A payment row as the hub's SQLite database stores it. */
export interface PaymentRow {
  status: string;
  version: number;
  checkout_session_id: string | null;
  payment_intent_id: string | null;
}

/**
 * A hub server configured with a Stripe key, whose Stripe is an emulator in the test process
 * (through `STRIPE_API_URL`). The emulator keeps its events, so tests post them to the
 * server's webhook routes themselves.
 */
export interface StripeHub {
  emulator: StripeEmulator;
  bookeo: BookeoSandbox;
  server: RunningServer;
  client: Client;
  directory: string;
  /** Environment of the server, for CLI commands on the same database and Stripe. */
  environment: Record<string, string>;
  /** Prepares a swim class registration for session `index` and returns its result. */
  prepareSwim(index: number): ReturnType<typeof call>;
  /** Reads a registration's payment row, or `undefined` when it has none. */
  payment(registrationId: string): PaymentRow | undefined;
  /** Counts the Stripe events stored by the hub. */
  storedEvents(): number;
  /**
   * Pays a registration's checkout in the emulator and posts the events to the server, as
   * Stripe would; returns the HTTP statuses of the deliveries.
   */
  authorize(registrationId: string): Promise<number[]>;
  stop(): Promise<void>;
}

/** Starts the emulator, the Bookeo sandbox and a hub server that uses both. */
export async function startStripeHub(
  extraEnvironment: Record<string, string> = {},
): Promise<StripeHub> {
  const emulator = await startStripeEmulator();
  const bookeo = await startBookeoSandbox({ clock: createSandboxClock() });
  const directory = mkdtempSync(join(tmpdir(), 'hub-stripe-'));
  const vendor = (id: string, accountId: string, payments?: unknown) => ({
    id,
    displayName: id,
    connector: 'bookeo',
    timeZone: 'America/New_York',
    config: { baseUrl: bookeo.url },
    credentials: bookeo.credentials(accountId),
    ...(payments === undefined ? {} : { payments }),
  });
  const vendorsFile = join(directory, 'vendors.json');
  writeFileSync(
    vendorsFile,
    JSON.stringify([
      vendor(SWIM.vendorId, 'RIVERSIDESWIM', {
        successFee: { type: 'fixed', amountMinor: 300, currency: 'USD' },
      }),
      vendor(CAMP_VENDOR, 'PRAIRIECAMP'),
    ]),
  );
  const environment = {
    HUB_DB_PATH: join(directory, 'hub.db'),
    HUB_ENCRYPTION_KEYS: 'stripe1:Z3B5c2VjcmV0LWtleS1mb3ItdGVzdHMtMDAwMDAwMDA=',
    STRIPE_SECRET_KEY: emulator.secretKey,
    STRIPE_WEBHOOK_SECRET: emulator.webhookSecret,
    STRIPE_API_URL: emulator.url,
    ...extraEnvironment,
  };
  const server = await startServer(['--vendors', vendorsFile], environment);
  const client = await connectClient(server.url);
  const database = new DatabaseSync(environment.HUB_DB_PATH, { readOnly: true });

  const prepareSwim = async (index: number) => {
    const details = await call(client, 'get_program', SWIM);
    const sessionId = details.structuredContent?.program.sessions[index].sessionId as string;
    return call(client, 'prepare_registration', {
      ...SWIM,
      sessionId,
      guardian: SWIM_GUARDIAN,
      participants: SWIM_PARTICIPANTS,
      booking: SWIM_BOOKING,
    });
  };

  const payment = (registrationId: string) =>
    database
      .prepare(
        'SELECT status, version, checkout_session_id, payment_intent_id FROM payments ' +
          'WHERE registration_id = ?',
      )
      .get(registrationId) as PaymentRow | undefined;

  const authorize = async (registrationId: string) => {
    const before = emulator.events().length;
    emulator.completeCheckout(payment(registrationId)!.checkout_session_id!, {
      outcome: 'authorized',
    });
    const statuses: number[] = [];
    for (const event of emulator.events().slice(before)) {
      const signed = emulator.signedEvent(event.id);
      const response = await postWebhook(
        baseUrl(server.url),
        '/webhooks/stripe',
        signed.rawBody,
        signed.signature,
      );
      statuses.push(response.status);
    }
    return statuses;
  };

  return {
    emulator,
    bookeo,
    server,
    client,
    directory,
    environment,
    prepareSwim,
    payment,
    authorize,
    storedEvents: () =>
      (database.prepare('SELECT count(*) AS count FROM stripe_events').get() as { count: number })
        .count,
    stop: async () => {
      database.close();
      await client.close();
      await server.stop();
      await bookeo.stop();
      await emulator.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
