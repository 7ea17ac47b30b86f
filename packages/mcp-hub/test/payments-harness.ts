import { join } from 'node:path';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { startBookeoSandbox, type BookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import type { AnyConnector, Clock } from '@signupassist/contract';
import {
  startStripeEmulator,
  type RequestLogEntry,
  type StripeEmulator,
} from '@signupassist/mcp-hub/stripe-emulator';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import {
  createHub,
  openSqliteStorage,
  type Hub,
  type HubStorage,
  type PaymentRecord,
  type PaymentStore,
  type StripeSettings,
  type VendorPaymentsInput,
  type VendorRecord,
  type WebhookOutcome,
} from '../src/index.js';
import { VendorPaymentsSchema } from '../src/payments/config.js';
import { sandboxVendor, SWIM_ACCOUNT, swimAnswers } from './bookeo-fixtures.js';
import { RecordingLogger, temporaryDirectory } from './helpers.js';

/** Pages the hub would serve after Checkout; nothing listens there in tests. */
export const SUCCESS_URL = 'http://127.0.0.1:9/payments/done?session={CHECKOUT_SESSION_ID}';
export const CANCEL_URL = 'http://127.0.0.1:9/payments/cancelled';

/** A 5 % success fee with a floor of $2.00 and a cap of $20.00. */
export const PERCENT_FEE: VendorPaymentsInput = {
  successFee: { type: 'percent', percent: 5, minMinor: 200, maxMinor: 2_000, currency: 'USD' },
};

/** Options of {@link PaymentsHarness.hubWith}. */
export interface PaymentHubOptions {
  vendors?: VendorRecord[];
  connectors?: AnyConnector[];
  clock?: Clock;
  /** Storage whose ledger and payment store the hub uses; default the test's SQLite file. */
  storage?: HubStorage;
}

/** What a payment test works with: a Bookeo sandbox, a Stripe emulator and SQLite storage. */
export interface PaymentsHarness {
  readonly sandbox: BookeoSandbox;
  readonly stripe: StripeEmulator;
  readonly logger: RecordingLogger;
  /** The test's SQLite storage, opened on first use. */
  readonly storage: HubStorage;
  /** Stripe settings that point the hub at the emulator. */
  settings(): StripeSettings;
  /** The swim school with these payment settings. */
  swimVendor(payments?: VendorPaymentsInput, overrides?: Partial<VendorRecord>): VendorRecord;
  /** Creates a hub that takes payments, by default for the swim school with a 5 % fee. */
  hubWith(options?: PaymentHubOptions): Hub;
  /** Prepares one child for the first Learn to Swim session. */
  prepareSwim(hub: Hub, programId?: string): ReturnType<Hub['prepareRegistration']>;
  /** Returns a registration's payment record from the last hub's store; it must exist. */
  payment(registrationId: string): Promise<PaymentRecord>;
  /** Pays a registration's current Checkout Session as the family would. */
  pay(registrationId: string, outcome?: 'authorized' | 'declined'): Promise<PaymentRecord>;
  /** Posts every event not posted yet to the hub's webhook handler; returns the outcomes. */
  deliverEvents(hub: Hub): Promise<WebhookOutcome[]>;
  /** Lists the Stripe API requests to a path matching `path`, replays included. */
  requestsTo(path: RegExp, method?: string): RequestLogEntry[];
}

/**
 * Registers the hooks of a payment test. The Bookeo sandbox runs for the whole file and is
 * reset before each test, and each test gets a new Stripe emulator, directory, storage and
 * logger. After each test, no log line may contain the Stripe secret key or a webhook secret.
 */
export function usePaymentsHarness(): PaymentsHarness {
  let sandbox: BookeoSandbox | undefined;
  let stripe: StripeEmulator | undefined;
  let directory: ReturnType<typeof temporaryDirectory> | undefined;
  let storage: HubStorage | undefined;
  let logger = new RecordingLogger();
  let posted = new Set<string>();
  let lastStore: PaymentStore | undefined;

  beforeAll(async () => {
    sandbox = await startBookeoSandbox();
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  beforeEach(async () => {
    sandbox?.reset();
    stripe = await startStripeEmulator();
    directory = temporaryDirectory();
    logger = new RecordingLogger();
    posted = new Set();
    lastStore = undefined;
  });

  afterEach(async () => {
    const logged = logger.text();
    for (const secret of [stripe!.secretKey, stripe!.webhookSecret, stripe!.connectWebhookSecret]) {
      expect(logged).not.toContain(secret);
    }
    await storage?.close();
    storage = undefined;
    await stripe?.stop();
    directory?.remove();
  });

  const harness: PaymentsHarness = {
    get sandbox() {
      if (!sandbox) throw new Error('The sandbox starts in beforeAll.');
      return sandbox;
    },
    get stripe() {
      if (!stripe) throw new Error('The Stripe emulator starts in beforeEach.');
      return stripe;
    },
    get logger() {
      return logger;
    },
    get storage() {
      if (!directory) throw new Error('The directory is made in beforeEach.');
      storage ??= openSqliteStorage({ path: join(directory.path, 'hub.sqlite') });
      return storage;
    },
    settings() {
      const emulator = harness.stripe;
      return {
        secretKey: emulator.secretKey,
        webhookSecret: emulator.webhookSecret,
        connectWebhookSecret: emulator.connectWebhookSecret,
        endpoint: emulator.endpoint,
        successUrl: SUCCESS_URL,
        cancelUrl: CANCEL_URL,
      };
    },
    swimVendor(payments = PERCENT_FEE, overrides = {}) {
      return sandboxVendor(harness.sandbox, SWIM_ACCOUNT, {
        payments: VendorPaymentsSchema.parse(payments),
        ...overrides,
      });
    },
    hubWith(options = {}) {
      const store = options.storage ?? harness.storage;
      lastStore = store.payments;
      return createHub({
        connectors: options.connectors ?? [createBookeoConnector()],
        vendors: options.vendors ?? [harness.swimVendor()],
        ledger: store.ledger,
        logger,
        searchTimeoutMs: 2_000,
        ...(options.clock ? { clock: options.clock } : {}),
        payments: { settings: harness.settings(), store: store.payments },
      });
    },
    async prepareSwim(hub, programId = 'LTS58') {
      const details = await hub.getProgram({ vendorId: 'riversideswim', programId });
      return hub.prepareRegistration({
        vendorId: 'riversideswim',
        programId,
        sessionId: details.sessions[0]!.id,
        ...swimAnswers(),
        ...(programId === 'LTS58' ? {} : { booking: {} }),
      });
    },
    async payment(registrationId) {
      const record = await (lastStore ?? harness.storage.payments).get(registrationId);
      if (!record) throw new Error('The registration has no payment record.');
      return record;
    },
    async pay(registrationId, outcome = 'authorized') {
      const record = await harness.payment(registrationId);
      if (!record.checkoutSessionId) throw new Error('The payment has no Checkout Session.');
      harness.stripe.completeCheckout(record.checkoutSessionId, { outcome });
      return record;
    },
    async deliverEvents(hub) {
      const outcomes: WebhookOutcome[] = [];
      for (const event of harness.stripe.events()) {
        if (posted.has(event.id)) continue;
        posted.add(event.id);
        const signed = harness.stripe.signedEvent(event.id);
        outcomes.push(
          await hub.payments!.handleWebhook({
            rawBody: signed.rawBody,
            signature: signed.signature,
            endpoint: signed.endpoint,
          }),
        );
      }
      return outcomes;
    },
    requestsTo(path, method = 'POST') {
      return harness.stripe
        .requests()
        .filter((entry) => entry.method === method && path.test(entry.path));
    },
  };
  return harness;
}
