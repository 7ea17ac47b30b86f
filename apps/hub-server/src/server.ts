import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  createHub,
  createHubMcpServer,
  DEFAULT_LEASE_MS,
  defaultOperationTimeoutMs,
  minimumLeaseMs,
  type Hub,
  type VendorRecord,
} from '@signupassist/mcp-hub';
import { openCliPayments, openCliRegistry } from './cli-runtime.js';
import { ConfigError, loadConfig, USAGE, type ServerConfig } from './config.js';
import { startDemoSandboxes } from './demo.js';
import {
  connectorPackagesFromEnv,
  discoverConnectors,
  type DiscoveredConnector,
} from './discovery.js';
import { startHttpServer } from './http.js';
import { createLogger } from './logger.js';
import { withDemoFees } from './payments/demo-fees.js';
import { startPaymentServer } from './payments/payment-routes.js';
import { startPayments, webhookUrls, type PaymentsRuntime } from './payments/payments-runtime.js';
import { openRegistryRuntime, type RegistryRuntime } from './registry-runtime.js';
import { importDemoVendors, importVendorsFile } from './startup-import.js';
import { createHealthCheck } from './health.js';
import { describeDatabase } from './storage-config.js';
import { isCliCommand, runCli } from './cli/run-cli.js';
import type { Logger } from 'pino';

/** Starts the hub from the configuration and serves until a signal or the end of stdin. */
export async function run(config: ServerConfig): Promise<void> {
  const logger = createLogger(config.logLevel, config.stdio);
  const discovered = await discoverConnectors(dirname(fileURLToPath(import.meta.url)), {
    include: connectorPackagesFromEnv(process.env),
    onSkip: (packageName, reason) =>
      logger.debug({ package: packageName, reason }, 'Skipped a private connector package'),
  });
  for (const { connector, packageName } of discovered) {
    logger.info(
      {
        connector: connector.manifest.id,
        package: packageName,
        version: connector.manifest.version,
        contractRange: connector.manifest.contractVersion,
      },
      'Loaded connector',
    );
  }
  if (discovered.length === 0) {
    throw new ConfigError(
      'No connector packages are installed: install one, e.g. @signupassist/connector-bookeo.',
    );
  }

  if (config.sandboxOnly) {
    await runSandboxesOnly(config, discovered, logger);
    return;
  }

  const runtime = await openRegistryRuntime({
    settings: config.storage,
    connectors: discovered.map((entry) => entry.connector),
    logger,
    env: process.env,
    leaseMs: ledgerLeaseMs(config.requestTimeoutMs),
    requestTimeoutMs: config.requestTimeoutMs,
  });
  const cleanups: Array<() => Promise<void>> = [() => runtime.close()];
  const payments = await startPayments(config.payments, logger);
  if (payments) cleanups.push(payments.stop);

  if (config.demo) {
    const demo = await startDemoSandboxes(discovered, logger);
    cleanups.push(demo.stop);
    // The demo fees are attached only while payments are on, because they charge nothing off.
    const vendors = payments ? withDemoFees(demo.vendors) : demo.vendors;
    await importDemoVendors(runtime.registry, vendors, logger);
  }
  if (config.vendorsFile) {
    await importVendorsFile(runtime.registry, config.vendorsFile, logger);
  }

  // Run in reverse order of start-up on SIGINT, SIGTERM or the end of stdin.
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'Stopping');
    for (const cleanup of cleanups.reverse()) await cleanup();
    logger.info('Stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  // The Checkout return pages live under the address the server listens on, unless
  // HUB_PUBLIC_URL names another, so the hub is created once that address is known.
  const serve: ServeContext = {
    config,
    logger,
    runtime,
    payments,
    cleanups,
    createHub: (publicUrl) =>
      createHub({
        connectors: discovered.map((entry) => entry.connector),
        vendors: runtime.vendors,
        ledger: runtime.storage.ledger,
        logger,
        requestTimeoutMs: config.requestTimeoutMs,
        searchTimeoutMs: config.searchTimeoutMs,
        ...(payments && publicUrl !== undefined
          ? {
              payments: {
                settings: payments.stripeSettings(publicUrl),
                store: runtime.storage.payments,
              },
            }
          : {}),
      }),
    connectorIds: discovered.map((entry) => entry.connector.manifest.id),
  };
  if (config.stdio) {
    await serveStdio(serve);
    process.stdin.once('end', () => void shutdown('stdin closed'));
    return;
  }
  await serveHttp(serve);
}

/** State that {@link run} passes to {@link serveStdio} and {@link serveHttp}. */
interface ServeContext {
  config: ServerConfig;
  logger: Logger;
  runtime: RegistryRuntime;
  payments: PaymentsRuntime | undefined;
  /** Cleanups run at shutdown, in reverse order; the serve functions add theirs. */
  cleanups: Array<() => Promise<void>>;
  /** Creates the hub, with payments whose return pages are under `publicUrl` when given. */
  createHub(publicUrl: string | undefined): Hub;
  connectorIds: string[];
}

/**
 * Serves MCP over stdio. With the demo's Stripe emulator it also serves the payment routes on
 * a loopback port, because the emulator delivers webhooks over HTTP.
 */
async function serveStdio(serve: ServeContext): Promise<void> {
  const { config, logger, payments } = serve;
  const started: { hub?: Hub } = {};
  let publicUrl = config.payments.publicUrl;
  if (payments?.mode === 'emulator') {
    const routes = await startPaymentServer({ receiver: () => started.hub?.payments, logger });
    serve.cleanups.push(() => new Promise((resolve) => routes.server.close(() => resolve())));
    publicUrl ??= routes.url;
    payments.deliverWebhooksTo(routes.url);
    logger.info({ url: routes.url }, 'Serving the payment routes on loopback');
  }
  const hub = serve.createHub(publicUrl);
  started.hub = hub;
  await reportVendors(serve, hub, publicUrl);
  const server = createHubMcpServer(hub);
  await server.connect(new StdioServerTransport());
  logger.info('Serving MCP over stdio');
}

/** Serves MCP, the admin API, the health check and the payment routes over HTTP. */
async function serveHttp(serve: ServeContext): Promise<void> {
  const { config, logger, runtime } = serve;
  // Set right after the listen call returns, before any request is read.
  const started: { hub?: Hub } = {};
  const server = await startHttpServer({
    host: config.host,
    port: config.port,
    allowedHosts: config.allowedHosts,
    logger,
    createMcpServer: () => createHubMcpServer(requireHub(started.hub)),
    health: createHealthCheck({
      probeStorage: () => runtime.storage.vendors.changeStamp(),
      details: async () => ({
        connectors: serve.connectorIds,
        vendors: (await runtime.vendors.listVendors()).filter((vendor) => vendor.status === 'live')
          .length,
      }),
      logger,
    }),
    admin: {
      registry: runtime.registry,
      token: config.storage.adminToken,
      disabledReason: config.storage.adminDisabledReason,
    },
    payments: { receiver: () => started.hub?.payments },
  });
  serve.cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const localUrl = serverUrl(config.host, port);
  const publicUrl = config.payments.publicUrl ?? localUrl;
  const hub = serve.createHub(publicUrl);
  started.hub = hub;
  serve.payments?.deliverWebhooksTo(localUrl);
  await reportVendors(serve, hub, publicUrl);

  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}/mcp`;
  process.stderr.write(
    `\nMCP endpoint: ${url}\nTry it with the MCP Inspector:\n` +
      `  npx @modelcontextprotocol/inspector --cli ${url} --transport http --method tools/list\n\n`,
  );
  logger.info({ url }, 'Serving MCP over Streamable HTTP');
}

function requireHub(hub: Hub | undefined): Hub {
  if (hub === undefined) throw new Error('The hub is still starting.');
  return hub;
}

/**
 * Returns the loopback address of a server bound to `host` and `port`. A server bound to every
 * interface (0.0.0.0 or ::) is reached on 127.0.0.1.
 */
function serverUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/**
 * Logs the vendor checks, the live vendors and, with payments on, the webhook endpoints to
 * configure at Stripe.
 */
async function reportVendors(
  serve: ServeContext,
  hub: Hub,
  publicUrl: string | undefined,
): Promise<void> {
  const { logger, runtime, config } = serve;
  const loaded = (await runtime.vendors.listVendors()).filter((vendor) => vendor.status === 'live');
  // A vendor with a bad config stays unavailable; the others keep working.
  for (const { vendorId, problems } of await hub.checkVendors()) {
    logger.error({ vendorId, problems }, 'Vendor is misconfigured and will not be served');
  }
  logger.info(
    {
      vendors: loaded.map((vendor) => ({ id: vendor.id, connector: vendor.connector })),
      registry: describeDatabase(config.storage),
    },
    'Loaded vendors',
  );
  if (loaded.length === 0) {
    logger.warn(
      'No vendors are live: add them with "vendors add" or "vendors import", or start with --demo',
    );
  }
  reportPayments(serve, loaded, publicUrl);
}

/** Logs the Stripe webhook endpoints, or the vendors whose fee is not charged. */
function reportPayments(
  serve: ServeContext,
  live: readonly VendorRecord[],
  publicUrl: string | undefined,
): void {
  const { logger, payments } = serve;
  if (payments === undefined) {
    const withFee = live
      .filter((vendor) => vendor.payments && vendor.payments.successFee.type !== 'none')
      .map((vendor) => vendor.id);
    if (withFee.length > 0) {
      logger.warn(
        { vendors: withFee },
        'These vendors have a success fee, but payments are off, so it is not charged',
      );
    }
    return;
  }
  if (payments.mode === 'stripe' && publicUrl !== undefined) {
    const urls = webhookUrls(publicUrl);
    logger.info(
      {
        platform: urls.platform,
        ...(payments.connectEndpoint ? { connect: urls.connect } : {}),
      },
      'Stripe webhook endpoints: add them in the Stripe Dashboard with their signing secrets',
    );
  }
}

/**
 * Returns the ledger lease for a request time limit: the default lease, or longer when the
 * booking operation that the limit implies needs it, so `createHub` accepts the ledger.
 */
function ledgerLeaseMs(requestTimeoutMs: number): number {
  return Math.max(DEFAULT_LEASE_MS, minimumLeaseMs(defaultOperationTimeoutMs(requestTimeoutMs)));
}

/**
 * Starts the demo sandboxes alone and writes a vendors file for them, so a hub can be started
 * against them with `--vendors`, as against real providers.
 */
async function runSandboxesOnly(
  config: ServerConfig,
  discovered: DiscoveredConnector[],
  logger: Logger,
): Promise<void> {
  const demo = await startDemoSandboxes(discovered, logger);
  mkdirSync(dirname(config.vendorsOut), { recursive: true });
  writeFileSync(config.vendorsOut, `${JSON.stringify(demo.vendors, null, 2)}\n`, { mode: 0o600 });
  logger.info({ vendorsFile: config.vendorsOut }, 'Wrote the vendors file of the sandboxes');
  process.stderr.write(
    `\nSandboxes are running. Start a hub on them in another terminal:\n` +
      `  npm run hub -- --vendors ${config.vendorsOut}\n\n`,
  );
  const stop = async (reason: string) => {
    logger.info({ reason }, 'Stopping sandboxes');
    await demo.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * Runs the command line: parses arguments and environment, starts the server, and turns
 * errors into a message on stderr and exit code 2 (configuration) or 1 (anything else).
 */
export async function main(argv: string[]): Promise<void> {
  if (isCliCommand(argv)) {
    process.exitCode = await runCli(argv, {
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      env: process.env,
      openRegistry: () => openCliRegistry(process.env),
      openPayments: () => openCliPayments(process.env),
    });
    return;
  }
  try {
    const config = loadConfig(argv, process.env);
    if (!config) {
      process.stdout.write(USAGE);
    } else {
      await run(config);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`signupassist-hub: ${message}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
}
