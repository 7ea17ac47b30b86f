import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KeyRingError } from './errors.js';
import {
  ENCRYPTION_KEYS_VARIABLE,
  formatKeyRingEntry,
  KEY_BYTES,
  parseKeyRing,
  type KeyRing,
} from './key-ring.js';

/** Name of the file in the data directory that contains the development key. */
export const DEVELOPMENT_KEY_FILE = 'development-encryption-key';

/** Options of {@link loadKeyRing}. */
export interface LoadKeyRingOptions {
  /** Environment to read; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Directory of the development key file, usually the hub's data directory. */
  dataDirectory: string;
}

/** A loaded key ring and where it came from. */
export interface LoadedKeyRing {
  keyRing: KeyRing;
  /**
   * `true` when the keys came from the development key file, not from
   * `HUB_ENCRYPTION_KEYS`. A server should then warn that credentials are sealed under a key
   * stored next to the data.
   */
  development: boolean;
  /** Path of the development key file, when one is used. */
  keyFile?: string;
  /** `true` when the development key file was created by this call. */
  created: boolean;
}

/**
 * Loads the key ring from `HUB_ENCRYPTION_KEYS` (see {@link parseKeyRing}). When the variable is
 * unset or blank, the key ring comes from a development key file in `dataDirectory`, which is
 * created with a random key and mode 0600 on first use and reused afterwards. Throws a
 * {@link KeyRingError} when `NODE_ENV` is `production` and no keys are set, when the variable is
 * invalid, and when the key file is invalid or readable by other users.
 */
export async function loadKeyRing(options: LoadKeyRingOptions): Promise<LoadedKeyRing> {
  const env = options.env ?? process.env;
  const configured = env[ENCRYPTION_KEYS_VARIABLE]?.trim();
  if (configured) {
    return { keyRing: parseKeyRing(configured), development: false, created: false };
  }

  // Any letter case counts, so NODE_ENV=Production does not generate a development key.
  if (env.NODE_ENV?.trim().toLowerCase() === 'production') {
    throw new KeyRingError(
      `${ENCRYPTION_KEYS_VARIABLE} is not set, and NODE_ENV is production, so no development ` +
        `key is generated. Set ${ENCRYPTION_KEYS_VARIABLE} to id:base64key, e.g. ` +
        'k2026:$(openssl rand -base64 32).',
    );
  }
  return loadDevelopmentKeyRing(options.dataDirectory);
}

async function loadDevelopmentKeyRing(dataDirectory: string): Promise<LoadedKeyRing> {
  const keyFile = join(dataDirectory, DEVELOPMENT_KEY_FILE);
  await mkdir(dataDirectory, { recursive: true, mode: 0o700 });

  const entry = formatKeyRingEntry({
    id: `dev-${randomBytes(4).toString('hex')}`,
    key: randomBytes(KEY_BYTES),
  });
  const created = await createOnce(keyFile, `${entry}\n`);

  await checkPrivate(keyFile);
  let text: string;
  try {
    text = await readFile(keyFile, 'utf8');
  } catch (error) {
    throw fileError(keyFile, error);
  }
  const keyRing = parseKeyRing(text.trim(), `Development key file ${keyFile}`);
  return { keyRing, development: true, keyFile, created };
}

/**
 * Writes the file unless it exists, and returns whether it did. The key goes to a temporary
 * file that is then hard-linked into place, so another process never reads a half-written key
 * and two processes starting at once end up sharing one key.
 */
async function createOnce(keyFile: string, text: string): Promise<boolean> {
  const temporary = `${keyFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
    await link(temporary, keyFile);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw fileError(keyFile, error);
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/** Rejects a key file that users other than the owner may read or write. */
async function checkPrivate(keyFile: string): Promise<void> {
  if (process.platform === 'win32') return;
  const { mode } = await stat(keyFile);
  if ((mode & 0o077) !== 0) {
    throw new KeyRingError(
      `Development key file ${keyFile} is accessible to other users (mode ` +
        `${(mode & 0o777).toString(8)}). Run \`chmod 600 ${keyFile}\`.`,
    );
  }
}

function fileError(keyFile: string, error: unknown): KeyRingError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  return new KeyRingError(
    `Development key file ${keyFile} cannot be read or created (${code}). Check the data ` +
      `directory and its permissions, or set ${ENCRYPTION_KEYS_VARIABLE}.`,
  );
}
