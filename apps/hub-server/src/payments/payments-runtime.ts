import type { StripeSettings } from '@signupassist/mcp-hub';
import { startStripeEmulator } from '@signupassist/mcp-hub/stripe-emulator';
import type { Logger } from 'pino';
import type { PaymentSettings } from './payment-settings.js';
import { PAYMENT_CANCELLED_PATH, PAYMENT_COMPLETE_PATH } from './return-pages.js';
import { CONNECT_WEBHOOK_PATH, PLATFORM_WEBHOOK_PATH } from './webhook-routes.js';

/** Stripe, or the emulator in its place, as one server run uses it. */
export interface PaymentsRuntime {
  mode: 'stripe' | 'emulator';
  /** Whether the Connect webhook endpoint has a signing secret. */
  connectEndpoint: boolean;
  /** Returns the hub's Stripe settings, with the Checkout return pages under `publicUrl`. */
  stripeSettings(publicUrl: string): StripeSettings;
  /**
   * Makes the emulator POST its events to the webhook routes of the server at `serverUrl`, as
   * Stripe does to the endpoints configured in its Dashboard. Does nothing with Stripe.
   */
  deliverWebhooksTo(serverUrl: string): void;
  stop(): Promise<void>;
}

/** Returns the Stripe settings of `keys` with the return pages under `publicUrl`. */
function settingsWith(
  keys: { secretKey: string; webhookSecret: string; connectWebhookSecret?: string | undefined },
  endpoint: StripeSettings['endpoint'],
  publicUrl: string,
): StripeSettings {
  return {
    secretKey: keys.secretKey,
    webhookSecret: keys.webhookSecret,
    ...(keys.connectWebhookSecret === undefined
      ? {}
      : { connectWebhookSecret: keys.connectWebhookSecret }),
    ...(endpoint === undefined ? {} : { endpoint }),
    successUrl: `${publicUrl}${PAYMENT_COMPLETE_PATH}`,
    cancelUrl: `${publicUrl}${PAYMENT_CANCELLED_PATH}`,
  };
}

/** Returns the webhook URLs of a hub whose public address is `publicUrl`. */
export function webhookUrls(publicUrl: string): { platform: string; connect: string } {
  return {
    platform: `${publicUrl}${PLATFORM_WEBHOOK_PATH}`,
    connect: `${publicUrl}${CONNECT_WEBHOOK_PATH}`,
  };
}

/** Returns the Stripe settings of a `stripe` mode configuration. */
export function stripeSettingsOf(
  settings: Extract<PaymentSettings, { mode: 'stripe' }>,
  publicUrl: string,
): StripeSettings {
  return settingsWith(settings.keys, settings.endpoint, publicUrl);
}

/**
 * Starts what the payment settings ask for and logs it in one line: nothing when payments are
 * off (returns `undefined`), the Stripe emulator on a loopback port for the demo, or a client
 * configuration for Stripe.
 */
export async function startPayments(
  settings: PaymentSettings,
  logger: Logger,
): Promise<PaymentsRuntime | undefined> {
  if (settings.mode === 'off') {
    logger.info(
      { reason: settings.reason },
      'Payments are off: no success fee is charged. Set STRIPE_SECRET_KEY and ' +
        'STRIPE_WEBHOOK_SECRET to charge it, or start with --demo to try it on the Stripe emulator',
    );
    return undefined;
  }

  if (settings.mode === 'stripe') {
    logger.info(
      {
        mode: settings.live ? 'live' : 'test',
        api: settings.endpoint
          ? `${settings.endpoint.protocol}://${settings.endpoint.host}:${settings.endpoint.port}`
          : 'api.stripe.com',
        connectWebhooks: settings.keys.connectWebhookSecret !== undefined,
      },
      'Payments use Stripe',
    );
    return {
      mode: 'stripe',
      connectEndpoint: settings.keys.connectWebhookSecret !== undefined,
      stripeSettings: (publicUrl) => stripeSettingsOf(settings, publicUrl),
      deliverWebhooksTo: () => {},
      stop: async () => {},
    };
  }

  const emulator = await startStripeEmulator({ host: '127.0.0.1' });
  logger.warn(
    { emulator: emulator.url },
    'Payments use the Stripe emulator on loopback, not Stripe: its checkout pages accept no ' +
      'real card and nothing is charged. Set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET to ' +
      'use Stripe',
  );
  return {
    mode: 'emulator',
    connectEndpoint: true,
    stripeSettings: (publicUrl) =>
      settingsWith(
        {
          secretKey: emulator.secretKey,
          webhookSecret: emulator.webhookSecret,
          connectWebhookSecret: emulator.connectWebhookSecret,
        },
        { host: emulator.host, port: emulator.port, protocol: 'http' },
        publicUrl,
      ),
    deliverWebhooksTo: (serverUrl) => {
      const urls = webhookUrls(serverUrl);
      emulator.deliverEventsTo({ platformUrl: urls.platform, connectUrl: urls.connect });
    },
    stop: () => emulator.stop(),
  };
}
