import type { RequestHandler } from 'msw';
import { buildAccount, changeAccount, type AccountChange, type AccountSeed } from './accounts.js';
import { expireSession, payCheckoutSession, type CheckoutOutcome } from './checkout.js';
import { expireAuthorizationNow, expireDue } from './expiry.js';
import { FaultQueue, type FaultRule } from './faults.js';
import { createApiHandlers } from './handlers.js';
import { createHostedPageHandlers } from './hosted-page.js';
import { IdempotencyStore } from './idempotency.js';
import { randomToken } from './ids.js';
import {
  copyObject,
  type AccountObject,
  type CheckoutSessionObject,
  type EventObject,
  type PaymentIntentObject,
  type StripeObject,
} from './objects.js';
import type { CardOutcome } from './payment-intents.js';
import { RequestLog, type RequestLogEntry } from './request-log.js';
import { startHandlerServer } from './server.js';
import { EmulatorState } from './state.js';
import {
  WebhookDispatcher,
  type DeliveryRecord,
  type SignedEvent,
  type WebhookTargets,
} from './webhooks.js';

/** API version the emulator reports when a request names none; that of `stripe` 23.2. */
export const DEFAULT_API_VERSION = '2026-11-18.endive';

/** Connected accounts the emulator starts with when `accounts` is not given. */
export const DEFAULT_ACCOUNTS: readonly AccountSeed[] = [
  { id: 'acct_1EmulatorReady0001', business_name: 'Ready Vendor' },
  {
    id: 'acct_1EmulatorPending01',
    business_name: 'Onboarding Vendor',
    charges_enabled: false,
    card_payments: 'inactive',
  },
];

/** Options of `startStripeEmulator`. */
export interface StripeEmulatorOptions {
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Port to listen on; default 0, a free port. */
  port?: number;
  /** Secret key requests must carry; default a random `sk_test_…`. */
  secretKey?: string;
  /** Secret of the platform webhook endpoint; default a random `whsec_…`. */
  webhookSecret?: string;
  /** Secret of the Connect webhook endpoint; default a random `whsec_…`. */
  connectWebhookSecret?: string;
  /** Connected accounts; default `DEFAULT_ACCOUNTS` (one ready, one with charges disabled). */
  accounts?: readonly AccountSeed[];
  /** Version in events and in responses to requests without `Stripe-Version`. */
  apiVersion?: string;
  /** Clock in milliseconds for `created`, expiries and idempotency retention; default `Date.now`. */
  now?: () => number;
  /** Endpoints to post events to from the start; see `deliverEventsTo`. */
  webhooks?: WebhookTargets;
}

/** A running Stripe emulator. Objects returned by its helpers are copies. */
export interface StripeEmulator {
  /** Origin of the emulator, such as `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stripe client settings: `new Stripe(secretKey, { ...emulator.endpoint })`. */
  readonly endpoint: { host: string; port: number; protocol: 'http' };
  readonly secretKey: string;
  readonly webhookSecret: string;
  readonly connectWebhookSecret: string;
  /** Ids of the connected accounts the emulator started with, in the order given. */
  readonly accounts: readonly string[];
  /** The msw handlers, for serving the emulator some other way. */
  readonly handlers: readonly RequestHandler[];
  /** Closes the server after pending webhook deliveries end. */
  stop(): Promise<void>;
  /** Pays a Checkout Session as the family would on the hosted page. */
  completeCheckout(sessionId: string, options: { outcome: CardOutcome }): CheckoutOutcome;
  /** Expires an open Checkout Session as its `expires_at` would. */
  expireCheckoutSession(sessionId: string): CheckoutSessionObject;
  /** Lets an authorization lapse: canceled with `cancellation_reason: 'automatic'`. */
  expireAuthorization(paymentIntentId: string): PaymentIntentObject;
  /** Changes (or adds) a connected account and emits `account.updated`. */
  setAccount(id: string, change: AccountChange): AccountObject;
  /** Moves the emulator clock forward and expires what became due; returns how many expired. */
  advanceTime(milliseconds: number): number;
  /** Current time of the emulator clock. */
  now(): Date;
  /** Any stored object by id, whatever account owns it. */
  getObject(id: string): StripeObject | undefined;
  /** API requests received, oldest first. */
  requests(): RequestLogEntry[];
  /** Events emitted, oldest first; `account: null` selects platform events. */
  events(filter?: { type?: string; account?: string | null }): EventObject[];
  /** An event signed for its endpoint, to post to a webhook handler directly. */
  signedEvent(eventId: string): SignedEvent;
  /** Posts events emitted from now on to these loopback URLs; `null` stops delivery. */
  deliverEventsTo(targets: WebhookTargets | null): void;
  /** Resolves when every scheduled webhook delivery has finished. */
  whenDelivered(): Promise<void>;
  /** Webhook delivery attempts, oldest first. */
  deliveries(): DeliveryRecord[];
  /** Posts an event to its endpoint again. */
  redeliver(eventId: string): Promise<DeliveryRecord>;
  /** Adds a fault for matching API requests. */
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
}

/**
 * Starts a stateful emulator of the Stripe API calls of the payment flows on a loopback HTTP
 * server, with a hosted checkout page and signed webhook events. The real `stripe` SDK reaches
 * it with `new Stripe(emulator.secretKey, { ...emulator.endpoint })`.
 */
export async function startStripeEmulator(
  options: StripeEmulatorOptions = {},
): Promise<StripeEmulator> {
  let offset = 0;
  const baseNow = options.now ?? Date.now;
  const now = () => baseNow() + offset;
  const secretKey = options.secretKey ?? `sk_test_emulator${randomToken(24)}`;
  const webhookSecret = options.webhookSecret ?? `whsec_${randomToken(32)}`;
  const connectWebhookSecret = options.connectWebhookSecret ?? `whsec_${randomToken(32)}`;
  const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;

  let state: EmulatorState | undefined;
  let handlers: RequestHandler[] = [];
  const faults = new FaultQueue();
  const log = new RequestLog();
  const server = await startHandlerServer(
    options.host ?? '127.0.0.1',
    options.port ?? 0,
    (origin) => {
      state = new EmulatorState({ origin, apiVersion, now });
      const runtime = { state, secretKey, idempotency: new IdempotencyStore(now), faults, log };
      handlers = [
        ...createHostedPageHandlers(state, origin),
        ...createApiHandlers(runtime, origin),
      ];
      return handlers;
    },
  );
  const emulatorState = state as unknown as EmulatorState;

  const seeds = options.accounts ?? DEFAULT_ACCOUNTS;
  for (const seed of seeds) {
    const account = buildAccount(seed, emulatorState.nowSeconds());
    emulatorState.accounts.set(account.id, account);
  }
  const dispatcher = new WebhookDispatcher(emulatorState, {
    platform: webhookSecret,
    connect: connectWebhookSecret,
  });
  if (options.webhooks) dispatcher.setTargets(options.webhooks);

  const outsideRequest = <T>(action: () => T): T =>
    emulatorState.withRequestOrigin({ id: null, idempotencyKey: null }, action);
  const eventById = (id: string): EventObject => {
    const event = emulatorState.events.find(id)?.object;
    if (!event) throw new RangeError(`Unknown event ${id}: pass the id of an emitted event.`);
    return event;
  };

  return {
    url: server.origin,
    host: server.host,
    port: server.port,
    endpoint: { host: server.host, port: server.port, protocol: 'http' },
    secretKey,
    webhookSecret,
    connectWebhookSecret,
    accounts: [...emulatorState.accounts.keys()],
    handlers,
    stop: async () => {
      await dispatcher.whenIdle();
      await server.close();
    },
    completeCheckout: (sessionId, { outcome }) =>
      copyObject(outsideRequest(() => payCheckoutSession(emulatorState, sessionId, outcome))),
    expireCheckoutSession: (sessionId) => {
      const row = emulatorState.sessions.find(sessionId);
      if (!row)
        throw new RangeError(
          `Unknown Checkout Session ${sessionId}: pass the id of a created session.`,
        );
      return copyObject(outsideRequest(() => expireSession(emulatorState, row.owner, row.object)));
    },
    expireAuthorization: (paymentIntentId) =>
      copyObject(outsideRequest(() => expireAuthorizationNow(emulatorState, paymentIntentId))),
    setAccount: (id, change) =>
      copyObject(outsideRequest(() => changeAccount(emulatorState, id, change))),
    advanceTime: (milliseconds) => {
      if (!Number.isFinite(milliseconds) || milliseconds < 0) {
        throw new RangeError(
          `Invalid time step ${milliseconds}: pass a non-negative number of milliseconds.`,
        );
      }
      offset += milliseconds;
      return outsideRequest(() => expireDue(emulatorState));
    },
    now: () => new Date(now()),
    getObject: (id) => {
      const tables = [
        emulatorState.sessions,
        emulatorState.paymentIntents,
        emulatorState.charges,
        emulatorState.refunds,
        emulatorState.applicationFees,
        emulatorState.events,
      ] as const;
      for (const table of tables) {
        const row = table.find(id);
        if (row) return copyObject(row.object);
      }
      const account = emulatorState.accounts.get(id);
      return account ? copyObject(account) : undefined;
    },
    requests: () => log.list(),
    events: (filter = {}) =>
      emulatorState
        .orderedEvents()
        .filter((event) => filter.type === undefined || event.type === filter.type)
        .filter(
          (event) => filter.account === undefined || (event.account ?? null) === filter.account,
        )
        .map(copyObject),
    signedEvent: (eventId) => dispatcher.sign(eventById(eventId)),
    deliverEventsTo: (targets) => dispatcher.setTargets(targets),
    whenDelivered: () => dispatcher.whenIdle(),
    deliveries: () => dispatcher.deliveries(),
    redeliver: (eventId) => dispatcher.redeliver(eventById(eventId)),
    injectFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
  };
}
