import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config-error.js';

/** Database location, encryption keys and admin API settings, shared by the server and the CLI. */
export interface StorageSettings {
  /** PostgreSQL connection string; when set, SQLite is not used. Never log it. */
  databaseUrl: string | undefined;
  /** SQLite file used when `databaseUrl` is not set. */
  databasePath: string;
  /**
   * Folder of the development encryption key and, by default, the SQLite file: `HUB_DATA_DIR`,
   * else the folder of `HUB_DB_PATH`, else `./data`.
   */
  dataDirectory: string;
  /** Value of `HUB_ENCRYPTION_KEYS`, passed to the vault's key-ring loader. Never log it. */
  encryptionKeys: string | undefined;
  /** Bearer token of the admin API, or `undefined` when the admin API is off. Never log it. */
  adminToken: string | undefined;
  /** Reason the admin API is off, for the start-up log; `undefined` when it is on. */
  adminDisabledReason: string | undefined;
  /** `NODE_ENV=production`: no generated keys, no admin API without a token. */
  production: boolean;
}

/** Shortest admin token accepted: 24 characters, about 144 bits from a random base64 string. */
export const MIN_ADMIN_TOKEN_LENGTH = 24;

/** Syntax of a bearer token (`b64token` of RFC 6750, section 2.1), as the admin API parses it. */
const ADMIN_TOKEN_PATTERN = /^[A-Za-z0-9\-._~+/]+=*$/;

const StorageEnvironmentSchema = z.object({
  NODE_ENV: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  HUB_DATA_DIR: z.string().optional(),
  HUB_DB_PATH: z.string().optional(),
  HUB_ENCRYPTION_KEYS: z.string().optional(),
  HUB_ADMIN_TOKEN: z.string().optional(),
  HUB_ADMIN_API: z.string().optional(),
});

/** Treats an empty variable like an unset one, as shells and `.env` files often leave them. */
function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function checkDatabaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      'DATABASE_URL is not a valid URL: set it to postgres://USER:PASSWORD@HOST:PORT/DATABASE, ' +
        'or unset it to use SQLite.',
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(
      `DATABASE_URL uses the scheme "${url.protocol}", but only postgres: and postgresql: are ` +
        'supported: set it to postgres://USER:PASSWORD@HOST:PORT/DATABASE, or unset it to use ' +
        'SQLite.',
    );
  }
  return value;
}

function adminSettings(
  token: string | undefined,
  mode: string | undefined,
  production: boolean,
): Pick<StorageSettings, 'adminToken' | 'adminDisabledReason'> {
  const normalized = (mode ?? 'on').trim().toLowerCase();
  if (normalized !== 'on' && normalized !== 'off') {
    throw new ConfigError(`HUB_ADMIN_API must be "on" or "off", got "${mode}".`);
  }
  if (normalized === 'off') {
    return { adminToken: undefined, adminDisabledReason: 'HUB_ADMIN_API is off' };
  }
  if (token === undefined) {
    if (production) {
      throw new ConfigError(
        'HUB_ADMIN_TOKEN is not set, and NODE_ENV is production with the admin API on: set ' +
          'HUB_ADMIN_TOKEN to a random secret (e.g. the output of "openssl rand -base64 32"), ' +
          'or set HUB_ADMIN_API=off.',
      );
    }
    return { adminToken: undefined, adminDisabledReason: 'HUB_ADMIN_TOKEN is not set' };
  }
  if (token.length < MIN_ADMIN_TOKEN_LENGTH || /\s/.test(token)) {
    throw new ConfigError(
      `HUB_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters without spaces: ` +
        'set it to a random secret, e.g. the output of "openssl rand -base64 32".',
    );
  }
  // A token outside the header's syntax could never be sent, so every request would get 401.
  if (!ADMIN_TOKEN_PATTERN.test(token)) {
    throw new ConfigError(
      'HUB_ADMIN_TOKEN may contain only letters, digits and - . _ ~ + /, with = only at the ' +
        'end, because it is sent as "Authorization: Bearer TOKEN": set it to a random secret, ' +
        'e.g. the output of "openssl rand -base64 32".',
    );
  }
  return { adminToken: token, adminDisabledReason: undefined };
}

/**
 * Reads the storage, vault and admin settings from the environment. Throws
 * `ConfigError` naming the variable and the fix; messages never contain the values of
 * `DATABASE_URL`, `HUB_ENCRYPTION_KEYS` or `HUB_ADMIN_TOKEN`.
 */
export function loadStorageSettings(environment: NodeJS.ProcessEnv): StorageSettings {
  const env = StorageEnvironmentSchema.parse(environment);
  // NODE_ENV=Production or PRODUCTION counts too: a capitalized value must not weaken checks.
  const production = env.NODE_ENV?.trim().toLowerCase() === 'production';
  const databasePath = present(env.HUB_DB_PATH);
  // Without HUB_DATA_DIR, the development key lives next to the SQLite file it protects.
  const dataDirectory = resolve(
    present(env.HUB_DATA_DIR) ?? (databasePath ? dirname(resolve(databasePath)) : './data'),
  );
  const databaseUrl = present(env.DATABASE_URL);
  const encryptionKeys = present(env.HUB_ENCRYPTION_KEYS);
  if (production && encryptionKeys === undefined) {
    throw new ConfigError(
      'HUB_ENCRYPTION_KEYS is not set, and NODE_ENV is production: set it to the key ring that ' +
        'seals vendor credentials (see "Encryption keys" in the README). Development keys are ' +
        'generated only outside production.',
    );
  }
  return {
    databaseUrl: databaseUrl === undefined ? undefined : checkDatabaseUrl(databaseUrl),
    databasePath: resolve(databasePath ?? join(dataDirectory, 'hub.db')),
    dataDirectory,
    encryptionKeys,
    ...adminSettings(present(env.HUB_ADMIN_TOKEN), present(env.HUB_ADMIN_API), production),
    production,
  };
}

/** Describes the database for logs without the credentials a `DATABASE_URL` may contain. */
export function describeDatabase(settings: StorageSettings): string {
  if (settings.databaseUrl === undefined) return `sqlite:${settings.databasePath}`;
  const url = new URL(settings.databaseUrl);
  return `postgresql://${url.host}${url.pathname}`;
}
