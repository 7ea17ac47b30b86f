import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AnyConnector } from '@signupassist/contract';
import {
  CredentialVault,
  isStorageError,
  loadKeyRing,
  openPostgresStorage,
  openSqliteStorage,
  RegistryVendorSource,
  StoredVendorRegistry,
  type HubStorage,
  type VendorRegistry,
  type VendorSource,
} from '@signupassist/mcp-hub';
import type { Logger } from 'pino';
import { ConfigError } from './config-error.js';
import { describeDatabase, type StorageSettings } from './storage-config.js';

/** The opened database, the vendor registry over it, and the vendor source the hub routes from. */
export interface RegistryRuntime {
  storage: HubStorage;
  registry: VendorRegistry;
  /** Live vendors with decrypted credentials, cached briefly and refreshed on any change. */
  vendors: VendorSource;
  /**
   * One-line warning about the development key when credentials are sealed with one and the
   * `developmentKeyWarning` option is `deferred`, for the caller to print where it seals or
   * opens credentials.
   */
  developmentKeyWarning?: string;
  close(): Promise<void>;
}

/** Options of {@link openRegistryRuntime}. */
export interface RegistryRuntimeOptions {
  settings: StorageSettings;
  connectors: readonly AnyConnector[];
  logger: Logger;
  /** Environment the key ring is read from. */
  env: NodeJS.ProcessEnv;
  /** Lease of the ledger's booking claims, in milliseconds. */
  leaseMs?: number;
  /** Time limit of one provider request of `verify`, in milliseconds. */
  requestTimeoutMs?: number;
  /**
   * `banner` logs a warning about a development key and adds a boxed one to stderr; `deferred`
   * prints nothing and returns a one-line warning in `developmentKeyWarning`.
   */
  developmentKeyWarning?: 'banner' | 'deferred';
}

async function openStorage(settings: StorageSettings, leaseMs?: number): Promise<HubStorage> {
  const where = describeDatabase(settings);
  try {
    if (settings.databaseUrl !== undefined) {
      return await openPostgresStorage({ connectionString: settings.databaseUrl, leaseMs });
    }
    mkdirSync(dirname(settings.databasePath), { recursive: true });
    return await openSqliteStorage({ path: settings.databasePath, leaseMs });
  } catch (error) {
    // A failed PostgreSQL connection already names the server and the fix.
    if (settings.databaseUrl !== undefined && isStorageError(error, 'connection_failed')) {
      throw new ConfigError(error.message);
    }
    const reason = error instanceof Error ? error.message : String(error);
    const fix =
      settings.databaseUrl === undefined
        ? 'set HUB_DB_PATH to a writable file path'
        : 'check DATABASE_URL and that PostgreSQL accepts connections';
    throw new ConfigError(`Cannot open the database ${where} (${reason}): ${fix}.`);
  }
}

/**
 * Opens the database named by the settings, loads the encryption key ring, and builds the
 * vendor registry and its vendor source. Outside production without `HUB_ENCRYPTION_KEYS`,
 * the key ring is a development key generated in the data directory, with a warning.
 */
export async function openRegistryRuntime(
  options: RegistryRuntimeOptions,
): Promise<RegistryRuntime> {
  const { settings, logger } = options;
  // Configured keys are parsed before the database opens, so an invalid HUB_ENCRYPTION_KEYS
  // creates and migrates no database. A development key is made only after the database
  // opened, so a bad database path creates no key file.
  const configured = settings.encryptionKeys === undefined ? undefined : await loadKeys(options);
  const storage = await openStorage(settings, options.leaseMs);
  let loaded = configured;
  try {
    loaded ??= await loadKeys(options);
  } catch (error) {
    await storage.close();
    throw error;
  }
  const style = options.developmentKeyWarning ?? 'banner';
  if (loaded.development && style === 'banner') warnDevelopmentKey(logger, loaded);

  const vault = new CredentialVault(loaded.keyRing);
  const registry = new StoredVendorRegistry({
    store: storage.vendors,
    vault,
    connectors: options.connectors,
    logger,
    ...(options.requestTimeoutMs === undefined
      ? {}
      : { requestTimeoutMs: options.requestTimeoutMs }),
  });
  return {
    storage,
    registry,
    vendors: new RegistryVendorSource({ store: storage.vendors, vault }),
    ...(loaded.development && style === 'deferred'
      ? { developmentKeyWarning: developmentKeyLine(loaded.keyFile) }
      : {}),
    close: () => storage.close(),
  };
}

async function loadKeys(options: RegistryRuntimeOptions) {
  try {
    return await loadKeyRing({ env: options.env, dataDirectory: options.settings.dataDirectory });
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
}

function developmentKeyLine(keyFile: string | undefined): string {
  return (
    'warning: HUB_ENCRYPTION_KEYS is not set; credentials are sealed with the development ' +
    `key in ${keyFile ?? 'the data directory'}. Set HUB_ENCRYPTION_KEYS before storing real ` +
    'credentials.'
  );
}

function warnDevelopmentKey(logger: Logger, loaded: { keyFile?: string; created: boolean }): void {
  const keyFile = loaded.keyFile ?? 'the data directory';
  logger.warn(
    { keyFile, created: loaded.created },
    'HUB_ENCRYPTION_KEYS is not set: vendor credentials are sealed with a development key ' +
      'stored next to the data. Set HUB_ENCRYPTION_KEYS before storing real credentials.',
  );
  process.stderr.write(
    '\n*** WARNING: vendor credentials are encrypted with a DEVELOPMENT key ***\n' +
      `*** stored in ${keyFile}, next to the data it protects.\n` +
      '*** Set HUB_ENCRYPTION_KEYS (e.g. k1:$(openssl rand -base64 32)) before storing real\n' +
      '*** credentials; NODE_ENV=production refuses to start without it.\n\n',
  );
}
