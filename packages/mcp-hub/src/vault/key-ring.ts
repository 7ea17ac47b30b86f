import { KeyRingError } from './errors.js';

/** Length of an AES-256 key in bytes. */
export const KEY_BYTES = 32;

/** Name of the environment variable that contains the key ring. */
export const ENCRYPTION_KEYS_VARIABLE = 'HUB_ENCRYPTION_KEYS';

const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/;

const KEY_EXAMPLE = 'k2026:$(openssl rand -base64 32)';

/** One encryption key: its id, stored next to every value it seals, and its 32 bytes. */
export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/**
 * Ordered set of encryption keys. The first key is active and seals new values; the others
 * only open values sealed before a rotation.
 */
export class KeyRing {
  private readonly keys: ReadonlyMap<string, Buffer>;

  /** Id of the key that seals new values. */
  readonly activeKeyId: string;

  /** Copies the keys; throws a {@link KeyRingError} for an empty list, a bad id or length. */
  constructor(keys: readonly EncryptionKey[]) {
    if (keys.length === 0) {
      throw new KeyRingError(`The key ring is empty. Configure at least one key: ${KEY_EXAMPLE}.`);
    }
    const byId = new Map<string, Buffer>();
    for (const [index, { id, key }] of keys.entries()) {
      checkKeyId(id, `Key ${index + 1}`);
      if (byId.has(id)) {
        throw new KeyRingError(`Key id "${id}" is used twice; give each key its own id.`);
      }
      checkKeyLength(key.length, `Key ${index + 1} ("${id}")`);
      byId.set(id, Buffer.from(key));
    }
    this.keys = byId;
    this.activeKeyId = keys[0]!.id;
  }

  /** Ids of every key, the active one first. */
  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  /** Returns the key with that id, or `undefined` when the ring has none. */
  key(id: string): Buffer | undefined {
    return this.keys.get(id);
  }

  /** The active key. */
  get activeKey(): Buffer {
    return this.keys.get(this.activeKeyId)!;
  }
}

function checkKeyId(id: string, where: string): void {
  if (!KEY_ID_PATTERN.test(id)) {
    throw new KeyRingError(
      `${where} has an invalid id: use 1 to 64 letters, digits, dots, dashes or underscores.`,
    );
  }
}

function checkKeyLength(length: number, where: string): void {
  if (length !== KEY_BYTES) {
    throw new KeyRingError(
      `${where} is ${length} bytes long; AES-256 needs ${KEY_BYTES} bytes. ` +
        'Generate one with `openssl rand -base64 32`.',
    );
  }
}

/**
 * Parses a key ring written as an ordered, comma-separated list of `id:base64key` entries, such
 * as `k2026:<base64>,k2025:<base64>`; the first entry is the active key. Keys are standard or
 * URL-safe base64 of 32 bytes. Throws a {@link KeyRingError} that names the entry position,
 * the source and the fix; the message never contains key material.
 */
export function parseKeyRing(text: string, source = ENCRYPTION_KEYS_VARIABLE): KeyRing {
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.length === 1 && entries[0] === '') {
    throw new KeyRingError(`${source} is empty. Set it to id:base64key, e.g. ${KEY_EXAMPLE}.`);
  }
  const keys = entries.map((entry, index) => parseEntry(entry, `${source} entry ${index + 1}`));
  return new KeyRing(keys);
}

function parseEntry(entry: string, where: string): EncryptionKey {
  if (entry === '') {
    throw new KeyRingError(`${where} is empty. Remove the extra comma.`);
  }
  const separator = entry.indexOf(':');
  if (separator <= 0) {
    throw new KeyRingError(`${where} is not of the form id:base64key. Write it as ${KEY_EXAMPLE}.`);
  }
  const id = entry.slice(0, separator).trim();
  const encoded = entry.slice(separator + 1).trim();
  checkKeyId(id, where);
  if (!BASE64_PATTERN.test(encoded)) {
    throw new KeyRingError(
      `${where} ("${id}") has a key that is not base64. Generate one with ` +
        '`openssl rand -base64 32`.',
    );
  }
  const key = Buffer.from(
    encoded,
    encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64',
  );
  checkKeyLength(key.length, `${where} ("${id}")`);
  return { id, key };
}

/** Formats one key as an `id:base64key` entry, the form {@link parseKeyRing} reads. */
export function formatKeyRingEntry(key: EncryptionKey): string {
  return `${key.id}:${key.key.toString('base64')}`;
}
