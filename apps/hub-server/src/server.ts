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
} from '@signupassist/mcp-hub';
import { ConfigError, loadConfig, LOG_LEVELS, USAGE, type ServerConfig } from './config.js';
import { startDemoSandboxes } from './demo.js';
import {
  connectorPackagesFromEnv,
  discoverConnectors,
  type DiscoveredConnector,
} from './discovery.js';
import { startHttpServer } from './http.js';
import { createLogger } from './logger.js';
import { openRegistryRuntime } from './registry-runtime.js';
import { importDemoVendors, importVendorsFile } from './startup-import.js';
import { createHealthCheck } from './health.js';
import { describeDatabase, loadStorageSettings } from './storage-config.js';
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

  if (config.demo) {
    const demo = await startDemoSandboxes(discovered, logger);
    cleanups.push(demo.stop);
    await importDemoVendors(runtime.registry, demo.vendors, logger);
  }
  if (config.vendorsFile) {
    await importVendorsFile(runtime.registry, config.vendorsFile, logger);
  }

  const hub = createHub({
    connectors: discovered.map((entry) => entry.connector),
    vendors: runtime.vendors,
    ledger: runtime.storage.ledger,
    logger,
    requestTimeoutMs: config.requestTimeoutMs,
    searchTimeoutMs: config.searchTimeoutMs,
  });
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

  if (config.stdio) {
    const server = createHubMcpServer(hub);
    await server.connect(new StdioServerTransport());
    process.stdin.once('end', () => void shutdown('stdin closed'));
    logger.info('Serving MCP over stdio');
    return;
  }

  const server = await startHttpServer({
    host: config.host,
    port: config.port,
    allowedHosts: config.allowedHosts,
    logger,
    createMcpServer: () => createHubMcpServer(hub),
    health: createHealthCheck({
      probeStorage: () => runtime.storage.vendors.changeStamp(),
      details: async () => ({
        connectors: discovered.map((entry) => entry.connector.manifest.id),
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
  });
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}/mcp`;
  process.stderr.write(
    `\nMCP endpoint: ${url}\nTry it with the MCP Inspector:\n` +
      `  npx @modelcontextprotocol/inspector --cli ${url} --transport http --method tools/list\n\n`,
  );
  logger.info({ url }, 'Serving MCP over Streamable HTTP');
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
 * Opens the registry for one CLI command. Logs go to stderr at `LOG_LEVEL`, default `error`,
 * because the command reports its own outcome.
 */
async function openCliRegistry(env: NodeJS.ProcessEnv) {
  // The CLI serves no admin API, so production needs no HUB_ADMIN_TOKEN for it.
  const settings = loadStorageSettings({ ...env, HUB_ADMIN_API: 'off' });
  const level = env.LOG_LEVEL || 'error';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(
      `Invalid environment variable LOG_LEVEL: use one of ${LOG_LEVELS.join(', ')}, got "${level}".`,
    );
  }
  const logger = createLogger(level, true);
  const discovered = await discoverConnectors(dirname(fileURLToPath(import.meta.url)), {
    include: connectorPackagesFromEnv(env),
    onSkip: (packageName, reason) =>
      logger.debug({ package: packageName, reason }, 'Skipped a private connector package'),
  });
  const runtime = await openRegistryRuntime({
    settings,
    connectors: discovered.map((entry) => entry.connector),
    logger,
    env,
    developmentKeyWarning: 'deferred',
  });
  return {
    registry: runtime.registry,
    close: runtime.close,
    developmentKeyWarning: runtime.developmentKeyWarning,
  };
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
