import { ConfigError } from '../config-error.js';

/** Stripe credentials of the platform account, from the environment. Never log them. */
export interface StripeKeys {
  /** `STRIPE_SECRET_KEY`: `sk_test_…`, `sk_live_…` or a restricted `rk_…` key. */
  secretKey: string;
  /** `STRIPE_WEBHOOK_SECRET`: signing secret of the platform endpoint, `whsec_…`. */
  webhookSecret: string;
  /** `STRIPE_CONNECT_WEBHOOK_SECRET`: signing secret of the Connect endpoint, `whsec_…`. */
  connectWebhookSecret: string | undefined;
}

/** Address of a Stripe-compatible API other than api.stripe.com, from `STRIPE_API_URL`. */
export interface StripeEndpoint {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

/**
 * Payment mode of the hub:
 * - `stripe`: with the configured keys, against api.stripe.com or `STRIPE_API_URL`;
 * - `emulator`: against the Stripe emulator that `--demo` starts on loopback, because no key
 *   is set;
 * - `off`: not at all, for the `reason` given; no success fee is charged.
 */
export type PaymentSettings =
  | {
      mode: 'stripe';
      keys: StripeKeys;
      /** Whether the secret key is a live-mode key (`sk_live_`, `rk_live_`). */
      live: boolean;
      endpoint: StripeEndpoint | undefined;
      publicUrl: string | undefined;
    }
  | { mode: 'emulator'; publicUrl: string | undefined }
  | { mode: 'off'; reason: string; publicUrl: string | undefined };

/** Situation the settings are read for. */
export interface PaymentSettingsContext {
  /** `--demo`: without a secret key, the Stripe emulator takes Stripe's place. */
  demo: boolean;
  /** `NODE_ENV=production`: a secret key, webhook secret and HTTPS public URL are required. */
  production: boolean;
}

// Secret keys are sk_test_/sk_live_ and restricted keys rk_test_/rk_live_, followed by letters
// and digits (underscores too, which some test keys contain).
const SECRET_KEY_PATTERN = /^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/;
const WEBHOOK_SECRET_PATTERN = /^whsec_[A-Za-z0-9_+/=-]+$/;

/** Treats an empty variable like an unset one, as shells and `.env` files often leave them. */
function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Checks the secret key; the message names the variable and never repeats the value. */
function checkSecretKey(value: string): string {
  if (SECRET_KEY_PATTERN.test(value)) return value;
  // A publishable key is public, so naming its prefix reveals nothing.
  const hint = /^pk_(test|live)_/.test(value)
    ? ' It holds a publishable key (pk_…), which cannot create payments.'
    : '';
  throw new ConfigError(
    `STRIPE_SECRET_KEY is not a Stripe secret key.${hint} Set it to the secret key ` +
      '(sk_test_… or sk_live_…) or a restricted key (rk_…) from the Stripe Dashboard, ' +
      'Developers > API keys.',
  );
}

/** Checks a webhook signing secret; the message names the variable, never the value. */
function checkWebhookSecret(name: string, value: string): string {
  if (WEBHOOK_SECRET_PATTERN.test(value)) return value;
  throw new ConfigError(
    `${name} is not a webhook signing secret: set it to the whsec_… value that the Stripe ` +
      'Dashboard shows for the endpoint (Developers > Webhooks > the endpoint > Signing secret).',
  );
}

/** Parses `HUB_PUBLIC_URL` into an origin with an optional path and no trailing slash. */
function parsePublicUrl(value: string, production: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      `HUB_PUBLIC_URL is not a valid URL, got "${value.slice(0, 200)}": set it to the address ` +
        'families and Stripe reach this hub at, such as https://hub.example.com.',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(
      `HUB_PUBLIC_URL uses the scheme "${url.protocol}": use https:// (or http:// outside ` +
        'production).',
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigError(
      'HUB_PUBLIC_URL must not contain a user name, password, query or fragment: set it to ' +
        'the base address only, such as https://hub.example.com.',
    );
  }
  if (production && url.protocol !== 'https:') {
    throw new ConfigError(
      'HUB_PUBLIC_URL uses http://, and NODE_ENV is production: use an https:// address, ' +
        'because Stripe sends live webhooks only to HTTPS endpoints.',
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Parses `STRIPE_API_URL` into the host, port and protocol the Stripe SDK takes. */
function parseApiUrl(value: string): StripeEndpoint {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      `STRIPE_API_URL is not a valid URL, got "${value.slice(0, 200)}": set it to the base ` +
        'address of a Stripe emulator, such as http://127.0.0.1:12111, or unset it to use Stripe.',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`STRIPE_API_URL uses the scheme "${url.protocol}": use http or https.`);
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(
      'STRIPE_API_URL must be a bare origin such as http://127.0.0.1:12111, without a path, ' +
        'query or credentials.',
    );
  }
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  const defaultPort = protocol === 'https' ? 443 : 80;
  const port = url.port === '' ? defaultPort : Number(url.port);
  // URL keeps the brackets of an IPv6 host, which the SDK's host option must not have.
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port, protocol };
}

/** Returns whether payments are turned off on purpose with `HUB_PAYMENTS=off`. */
function paymentsSwitchedOff(value: string | undefined): boolean {
  const normalized = (value ?? 'on').trim().toLowerCase();
  if (normalized !== 'on' && normalized !== 'off') {
    throw new ConfigError(`HUB_PAYMENTS must be "on" or "off", got "${value?.slice(0, 100)}".`);
  }
  return normalized === 'off';
}

/** Reads the settings when no secret key is set: the emulator, off, or an error. */
function withoutSecretKey(
  environment: NodeJS.ProcessEnv,
  context: PaymentSettingsContext,
  publicUrl: string | undefined,
): PaymentSettings {
  const stray = ['STRIPE_WEBHOOK_SECRET', 'STRIPE_CONNECT_WEBHOOK_SECRET', 'STRIPE_API_URL'].find(
    (name) => present(environment[name]) !== undefined,
  );
  if (stray !== undefined) {
    throw new ConfigError(
      `${stray} is set but STRIPE_SECRET_KEY is not: set STRIPE_SECRET_KEY too, or unset ${stray}.`,
    );
  }
  if (context.production) {
    throw new ConfigError(
      'STRIPE_SECRET_KEY is not set, and NODE_ENV is production: set STRIPE_SECRET_KEY and ' +
        'STRIPE_WEBHOOK_SECRET (see "Payments" in the README), or set HUB_PAYMENTS=off to ' +
        'run without the success fee.',
    );
  }
  if (context.demo) return { mode: 'emulator', publicUrl };
  return { mode: 'off', reason: 'STRIPE_SECRET_KEY is not set', publicUrl };
}

/**
 * Reads the payment settings from the environment. Throws `ConfigError` naming the variable
 * and the fix; messages never contain the values of `STRIPE_SECRET_KEY` or the webhook
 * secrets.
 */
export function loadPaymentSettings(
  environment: NodeJS.ProcessEnv,
  context: PaymentSettingsContext,
): PaymentSettings {
  const rawPublicUrl = present(environment.HUB_PUBLIC_URL);
  const publicUrl =
    rawPublicUrl === undefined ? undefined : parsePublicUrl(rawPublicUrl, context.production);
  if (paymentsSwitchedOff(environment.HUB_PAYMENTS)) {
    return { mode: 'off', reason: 'HUB_PAYMENTS is off', publicUrl };
  }

  const secretKey = present(environment.STRIPE_SECRET_KEY);
  if (secretKey === undefined) return withoutSecretKey(environment, context, publicUrl);
  checkSecretKey(secretKey);

  const webhookSecret = present(environment.STRIPE_WEBHOOK_SECRET);
  if (webhookSecret === undefined) {
    throw new ConfigError(
      'STRIPE_WEBHOOK_SECRET is not set, but STRIPE_SECRET_KEY is: add an endpoint for ' +
        'HUB_PUBLIC_URL/webhooks/stripe in the Stripe Dashboard (Developers > Webhooks) and set ' +
        'STRIPE_WEBHOOK_SECRET to its signing secret (whsec_…).',
    );
  }
  checkWebhookSecret('STRIPE_WEBHOOK_SECRET', webhookSecret);
  const connectWebhookSecret = present(environment.STRIPE_CONNECT_WEBHOOK_SECRET);
  if (connectWebhookSecret !== undefined) {
    checkWebhookSecret('STRIPE_CONNECT_WEBHOOK_SECRET', connectWebhookSecret);
  }

  const live = /^(sk|rk)_live_/.test(secretKey);
  const apiUrl = present(environment.STRIPE_API_URL);
  if (apiUrl !== undefined && (context.production || live)) {
    throw new ConfigError(
      'STRIPE_API_URL is set, but it is only for emulators in development and tests, and ' +
        `${live ? 'STRIPE_SECRET_KEY is a live key' : 'NODE_ENV is production'}: unset ` +
        'STRIPE_API_URL.',
    );
  }
  if (context.production && publicUrl === undefined) {
    throw new ConfigError(
      'HUB_PUBLIC_URL is not set, and NODE_ENV is production with payments on: set it to the ' +
        'HTTPS address families and Stripe reach this hub at, such as https://hub.example.com.',
    );
  }
  return {
    mode: 'stripe',
    keys: { secretKey, webhookSecret, connectWebhookSecret },
    live,
    endpoint: apiUrl === undefined ? undefined : parseApiUrl(apiUrl),
    publicUrl,
  };
}
