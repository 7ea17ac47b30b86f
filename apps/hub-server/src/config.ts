import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

/** Settings of one hub-server run, from the command line and the environment. */
export interface ServerConfig {
  host: string;
  port: number;
  /** Host names accepted in the Host header; requests naming others get 403. */
  allowedHosts: string[] | undefined;
  /** Database, encryption keys and admin API settings. */
  storage: StorageSettings;
  /** Vendors file imported into the registry at start. */
  vendorsFile: string | undefined;
  /** Start the installed connectors' demo sandboxes and import their vendors. */
  demo: boolean;
  stdio: boolean;
  /** Only start the demo sandboxes and write their vendors to `vendorsOut`; no hub. */
  sandboxOnly: boolean;
  /** Path of the vendors file that `--sandbox-only` writes. */
  vendorsOut: string;
  logLevel: string;
  /** Time limit of one provider request, in milliseconds. */
  requestTimeoutMs: number;
  /** Time limit of one vendor's part of a search, in milliseconds. */
  searchTimeoutMs: number;
  /** Stripe keys and the public address, or why payments are off. */
  payments: PaymentSettings;
}

import { ConfigError } from './config-error.js';
import { loadPaymentSettings, type PaymentSettings } from './payments/payment-settings.js';
import { loadStorageSettings, type StorageSettings } from './storage-config.js';

export { ConfigError };

/** Help text of the command line. */
export const USAGE = `Usage: signupassist-hub [--stdio] [--demo] [--vendors FILE]
       signupassist-hub --sandbox-only [--vendors-out FILE]
       signupassist-hub vendors|keys|payments COMMAND ...  (e.g. "signupassist-hub vendors --help")

Serves the SignupAssist hub as an MCP server, and manages its vendors. The server routes
the live vendors of its registry (the database named by DATABASE_URL or HUB_DB_PATH).

Options:
  --stdio             serve MCP over stdin/stdout instead of HTTP
  --demo              start the installed connectors' demo sandboxes on loopback ports and
                      import their vendors into the registry (what "npm start" does)
  --vendors FILE      import vendors from a JSON or YAML file into the registry at start, like
                      "vendors import FILE", except that a row without "status" goes live
                      and one without "timeZone" gets UTC
  --sandbox-only      start only the installed connectors' demo sandboxes, write a vendors
                      file for them, and keep them running until interrupted
  --vendors-out FILE  where --sandbox-only writes the vendors file
                      (default ./data/sandbox-vendors.json)
  --help              show this text

Environment:
  HOST                 address to bind (default 127.0.0.1)
  PORT                 HTTP port (default 8787)
  HUB_ALLOWED_HOSTS    comma-separated host names accepted in the Host header
                       (default: localhost names when HOST is a loopback address;
                       required when HOST is another address)
  DATABASE_URL         PostgreSQL connection string (postgres://USER:PASSWORD@HOST:PORT/DB);
                       when unset, SQLite at HUB_DB_PATH is used
  HUB_DB_PATH          SQLite file of vendors, credentials and ledger (default ./data/hub.db)
  HUB_DATA_DIR         folder of the development key (default: the folder of HUB_DB_PATH)
  HUB_ENCRYPTION_KEYS  key ring that seals vendor credentials; required when NODE_ENV=production,
                       otherwise a development key is generated in HUB_DATA_DIR
  HUB_ADMIN_TOKEN      bearer token of the admin API at /admin (at least 24 characters);
                       without it the admin API is off
  HUB_ADMIN_API        "off" turns the admin API off (default "on", which needs HUB_ADMIN_TOKEN)
  STRIPE_SECRET_KEY    Stripe secret key (sk_test_..., sk_live_... or rk_...) of the account
                       that charges the success fee; without it, --demo uses a local Stripe
                       emulator and other runs take no payments
  STRIPE_WEBHOOK_SECRET
                       signing secret (whsec_...) of the webhook endpoint
                       HUB_PUBLIC_URL/webhooks/stripe; required with STRIPE_SECRET_KEY
  STRIPE_CONNECT_WEBHOOK_SECRET
                       signing secret of HUB_PUBLIC_URL/webhooks/stripe/connect, for vendors
                       paid through Stripe Connect
  HUB_PUBLIC_URL       address families and Stripe reach the hub at, e.g. https://hub.example.com
                       (default http://HOST:PORT); Checkout returns to pages under it
  HUB_PAYMENTS         "off" turns payments off even with STRIPE_SECRET_KEY (default "on")
  STRIPE_API_URL       origin of a Stripe emulator to use instead of api.stripe.com, for
                       development and tests; rejected with a live key or in production
  NODE_ENV             "production" requires HUB_ENCRYPTION_KEYS, HUB_ADMIN_TOKEN unless
                       HUB_ADMIN_API=off, and STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and an
                       https HUB_PUBLIC_URL unless HUB_PAYMENTS=off
  HUB_VENDORS_FILE     same as --vendors
  HUB_CONNECTOR_PACKAGES  comma-separated names of private connector packages (such as
                       workspace examples) to load; published ones are always loaded
  HUB_REQUEST_TIMEOUT_MS  time limit of one provider request in ms (default 10000)
  HUB_SEARCH_TIMEOUT_MS   time limit of one vendor's part of a search in ms (default 4000)
  LOG_LEVEL            pino level: fatal, error, warn, info, debug, trace (default info)
`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Values of `LOG_LEVEL`: pino's levels and `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const integer = (name: string, fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value === '') return fallback;
      const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
      if (!Number.isSafeInteger(number) || number < min || number > max) {
        context.addIssue({
          code: 'custom',
          message: `${name} must be a whole number from ${min} to ${max}, got "${value}"`,
        });
        return z.NEVER;
      }
      return number;
    });

const EnvironmentSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: integer('PORT', 8787, 0, 65535),
  HUB_ALLOWED_HOSTS: z.string().optional(),
  HUB_VENDORS_FILE: z.string().optional(),
  HUB_REQUEST_TIMEOUT_MS: integer('HUB_REQUEST_TIMEOUT_MS', 10_000, 100, 300_000),
  HUB_SEARCH_TIMEOUT_MS: integer('HUB_SEARCH_TIMEOUT_MS', 4_000, 100, 300_000),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

/**
 * Reads the configuration from arguments and environment. Throws `ConfigError` naming the
 * invalid value; returns `undefined` when `--help` was asked for.
 */
export function loadConfig(
  argv: string[],
  environment: NodeJS.ProcessEnv,
): ServerConfig | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        stdio: { type: 'boolean', default: false },
        vendors: { type: 'string' },
        demo: { type: 'boolean', default: false },
        'sandbox-only': { type: 'boolean', default: false },
        'vendors-out': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\n\n${USAGE}`);
  }
  if (parsed.values.help) return undefined;

  const result = EnvironmentSchema.safeParse(environment);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(`Invalid environment variable ${issue.path.join('.')}: ${issue.message}`);
  }
  const env = result.data;

  const allowedHosts = env.HUB_ALLOWED_HOSTS?.split(',')
    .map((host) => host.trim())
    .filter(Boolean);
  if (!LOOPBACK.has(env.HOST) && !allowedHosts?.length && !parsed.values.stdio) {
    throw new ConfigError(
      `HOST is ${env.HOST}, which is not a loopback address: set HUB_ALLOWED_HOSTS to the host ` +
        'names clients use (e.g. hub.example.com), so Host-header validation can block DNS ' +
        'rebinding.',
    );
  }

  const vendorsFile = parsed.values.vendors ?? (env.HUB_VENDORS_FILE || undefined);
  const sandboxOnly = parsed.values['sandbox-only'];
  if (sandboxOnly && (vendorsFile !== undefined || parsed.values.stdio || parsed.values.demo)) {
    throw new ConfigError('--sandbox-only cannot be combined with --vendors, --demo or --stdio.');
  }
  if (!sandboxOnly && parsed.values['vendors-out'] !== undefined) {
    throw new ConfigError('--vendors-out needs --sandbox-only.');
  }
  const storage = loadStorageSettings(environment);
  const payments = loadPaymentSettings(environment, {
    demo: parsed.values.demo,
    production: storage.production,
  });
  if (parsed.values.stdio && payments.mode === 'stripe' && payments.publicUrl === undefined) {
    throw new ConfigError(
      'HUB_PUBLIC_URL is not set, and --stdio serves no HTTP: set it to the address of an ' +
        'HTTP hub on the same database, which serves the Checkout return pages and receives ' +
        "Stripe's webhooks.",
    );
  }
  return {
    host: env.HOST,
    port: env.PORT,
    allowedHosts,
    storage,
    vendorsFile: vendorsFile === undefined ? undefined : resolve(vendorsFile),
    demo: parsed.values.demo,
    stdio: parsed.values.stdio,
    sandboxOnly,
    vendorsOut: resolve(parsed.values['vendors-out'] ?? './data/sandbox-vendors.json'),
    logLevel: env.LOG_LEVEL,
    requestTimeoutMs: env.HUB_REQUEST_TIMEOUT_MS,
    searchTimeoutMs: env.HUB_SEARCH_TIMEOUT_MS,
    payments,
  };
}
