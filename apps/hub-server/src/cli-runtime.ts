import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createHub,
  DEFAULT_LEASE_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  defaultOperationTimeoutMs,
  minimumLeaseMs,
} from '@signupassist/mcp-hub';
import type { Logger } from 'pino';
import { ConfigError } from './config-error.js';
import { LOG_LEVELS } from './config.js';
import { connectorPackagesFromEnv, discoverConnectors } from './discovery.js';
import { createLogger } from './logger.js';
import { loadPaymentSettings } from './payments/payment-settings.js';
import { stripeSettingsOf } from './payments/payments-runtime.js';
import { openRegistryRuntime } from './registry-runtime.js';
import { loadStorageSettings } from './storage-config.js';
import type { PaymentsAccess } from './cli/command-context.js';

/**
 * Creates the logger of a CLI command: stderr at `LOG_LEVEL`, default `error`, because the
 * command reports its own outcome.
 */
function createCliLogger(env: NodeJS.ProcessEnv): Logger {
  const level = env.LOG_LEVEL || 'error';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(
      `Invalid environment variable LOG_LEVEL: use one of ${LOG_LEVELS.join(', ')}, got "${level}".`,
    );
  }
  return createLogger(level, true);
}

/** Opens the database, key ring and registry of one CLI command, with the installed connectors. */
async function openCliRuntime(env: NodeJS.ProcessEnv, logger: Logger, leaseMs?: number) {
  // The CLI serves no admin API, so production needs no HUB_ADMIN_TOKEN for it.
  const settings = loadStorageSettings({ ...env, HUB_ADMIN_API: 'off' });
  const discovered = await discoverConnectors(dirname(fileURLToPath(import.meta.url)), {
    include: connectorPackagesFromEnv(env),
    onSkip: (packageName, reason) =>
      logger.debug({ package: packageName, reason }, 'Skipped a private connector package'),
  });
  const connectors = discovered.map((entry) => entry.connector);
  const runtime = await openRegistryRuntime({
    settings,
    connectors,
    logger,
    env,
    developmentKeyWarning: 'deferred',
    ...(leaseMs === undefined ? {} : { leaseMs }),
  });
  return { runtime, connectors };
}

/** Opens the registry for one CLI command. */
export async function openCliRegistry(env: NodeJS.ProcessEnv) {
  const logger = createCliLogger(env);
  const { runtime } = await openCliRuntime(env, logger);
  return {
    registry: runtime.registry,
    close: runtime.close,
    developmentKeyWarning: runtime.developmentKeyWarning,
  };
}

/**
 * Returns the address Checkout sends families back to when a CLI command creates a payment
 * link: `HUB_PUBLIC_URL`, else the server's default address on `HOST` and `PORT`.
 */
function cliPublicUrl(publicUrl: string | undefined, env: NodeJS.ProcessEnv): string {
  if (publicUrl !== undefined) return publicUrl;
  const host = env.HOST?.trim() || '127.0.0.1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT?.trim() || '8787'}`;
}

/**
 * Opens the hub with Stripe for a `payments` command, on the server's database, connectors and
 * Stripe settings. Raises a `ConfigError` when `STRIPE_SECRET_KEY` is not set, because the
 * demo's Stripe emulator lives only inside the server process.
 */
export async function openCliPayments(
  env: NodeJS.ProcessEnv,
): Promise<PaymentsAccess & { close(): Promise<void> }> {
  const production = loadStorageSettings({ ...env, HUB_ADMIN_API: 'off' }).production;
  const payments = loadPaymentSettings(env, { demo: false, production });
  // Without --demo the settings are Stripe or off, never the emulator.
  if (payments.mode === 'off' || payments.mode === 'emulator') {
    const reason = payments.mode === 'off' ? payments.reason : 'no Stripe key';
    const fix =
      reason === 'HUB_PAYMENTS is off'
        ? 'unset HUB_PAYMENTS'
        : 'set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET as for the server';
    throw new ConfigError(`Payments are off (${reason}): ${fix}.`);
  }
  const logger = createCliLogger(env);
  const leaseMs = Math.max(
    DEFAULT_LEASE_MS,
    minimumLeaseMs(defaultOperationTimeoutMs(DEFAULT_REQUEST_TIMEOUT_MS)),
  );
  const { runtime, connectors } = await openCliRuntime(env, logger, leaseMs);
  try {
    const hub = createHub({
      connectors,
      vendors: runtime.vendors,
      ledger: runtime.storage.ledger,
      logger,
      payments: {
        settings: stripeSettingsOf(payments, cliPublicUrl(payments.publicUrl, env)),
        store: runtime.storage.payments,
      },
    });
    if (hub.payments === undefined) {
      throw new Error('The hub was created with Stripe settings but has no payments.');
    }
    return { payments: hub.payments, registry: runtime.registry, close: runtime.close };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
