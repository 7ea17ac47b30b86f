import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEVELOPMENT_KEY_FILE,
  isKeyRingError,
  KeyRingError,
  loadKeyRing,
  parseKeyRing,
} from '../src/index.js';
import { temporaryDirectory } from './helpers.js';

const KEY_A = randomBytes(32).toString('base64');
const KEY_B = randomBytes(32).toString('base64');

function parseError(text: string): KeyRingError {
  try {
    parseKeyRing(text);
  } catch (error) {
    if (isKeyRingError(error)) return error;
    throw error;
  }
  throw new Error('Expected the key ring to be rejected.');
}

describe('parseKeyRing', () => {
  it('makes the first entry active', () => {
    const ring = parseKeyRing(`k2:${KEY_B}, k1:${KEY_A}`);
    expect(ring.activeKeyId).toBe('k2');
    expect(ring.keyIds).toEqual(['k2', 'k1']);
    expect(ring.key('k1')?.toString('base64')).toBe(KEY_A);
  });

  it('reads URL-safe base64', () => {
    const key = randomBytes(32);
    const ring = parseKeyRing(`k1:${key.toString('base64url')}`);
    expect(ring.key('k1')?.equals(key)).toBe(true);
  });

  it.each([
    ['', /HUB_ENCRYPTION_KEYS is empty/],
    [`k1:${KEY_A},`, /entry 2 is empty\. Remove the extra comma/],
    [`k1:${KEY_A},${KEY_B}`, /entry 2 is not of the form id:base64key/],
    [`:${KEY_A}`, /entry 1 is not of the form id:base64key/],
    [`bad id:${KEY_A}`, /entry 1 has an invalid id/],
    ['k1:not*base64', /entry 1 \("k1"\) has a key that is not base64/],
    [`k1:${randomBytes(16).toString('base64')}`, /entry 1 \("k1"\) is 16 bytes long.*32 bytes/],
    [`k1:${KEY_A},k1:${KEY_B}`, /Key id "k1" is used twice/],
  ])('rejects %j', (text, message) => {
    const error = parseError(text);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(KEY_A);
    expect(error.message).not.toContain(KEY_B);
  });

  it('never shows a short key in the message', () => {
    const shortKey = randomBytes(20).toString('base64');
    expect(parseError(`k1:${shortKey}`).message).not.toContain(shortKey);
  });
});

describe('loadKeyRing', () => {
  let directory: ReturnType<typeof temporaryDirectory>;

  beforeEach(() => {
    directory = temporaryDirectory();
  });

  afterEach(() => {
    directory.remove();
  });

  it('reads HUB_ENCRYPTION_KEYS', async () => {
    const loaded = await loadKeyRing({
      env: { HUB_ENCRYPTION_KEYS: `k1:${KEY_A}`, NODE_ENV: 'production' },
      dataDirectory: directory.path,
    });
    expect(loaded.development).toBe(false);
    expect(loaded.keyRing.activeKeyId).toBe('k1');
  });

  it('creates a private development key and reuses it', async () => {
    const dataDirectory = join(directory.path, 'data');
    const first = await loadKeyRing({ env: {}, dataDirectory });
    const keyFile = join(dataDirectory, DEVELOPMENT_KEY_FILE);

    expect(first.development).toBe(true);
    expect(first.created).toBe(true);
    expect(first.keyFile).toBe(keyFile);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const second = await loadKeyRing({ env: { HUB_ENCRYPTION_KEYS: ' ' }, dataDirectory });
    expect(second.created).toBe(false);
    expect(second.keyRing.activeKeyId).toBe(first.keyRing.activeKeyId);
    const id = first.keyRing.activeKeyId;
    expect(second.keyRing.key(id)?.equals(first.keyRing.key(id)!)).toBe(true);
  });

  it('shares one key between concurrent starts', async () => {
    const loads = await Promise.all(
      [1, 2, 3, 4].map(() => loadKeyRing({ env: {}, dataDirectory: directory.path })),
    );
    expect(new Set(loads.map((loaded) => loaded.keyRing.activeKeyId)).size).toBe(1);
    expect(loads.filter((loaded) => loaded.created)).toHaveLength(1);
  });

  it.each(['production', 'Production', 'PRODUCTION'])(
    'rejects a missing key in %s',
    async (value) => {
      const loading = loadKeyRing({ env: { NODE_ENV: value }, dataDirectory: directory.path });
      await expect(loading).rejects.toThrow(/HUB_ENCRYPTION_KEYS is not set.*production/);
      await expect(loading).rejects.toBeInstanceOf(KeyRingError);
    },
  );

  it('rejects a key file others can read', async () => {
    const loaded = await loadKeyRing({ env: {}, dataDirectory: directory.path });
    chmodSync(loaded.keyFile!, 0o644);

    const loading = loadKeyRing({ env: {}, dataDirectory: directory.path });
    await expect(loading).rejects.toThrow(/accessible to other users \(mode 644\).*chmod 600/);
  });

  it('names the key file when its content is invalid', async () => {
    const keyFile = join(directory.path, DEVELOPMENT_KEY_FILE);
    writeFileSync(keyFile, 'garbage', { mode: 0o600 });

    const loading = loadKeyRing({ env: {}, dataDirectory: directory.path });
    await expect(loading).rejects.toThrow(`Development key file ${keyFile} entry 1`);
    expect(readFileSync(keyFile, 'utf8')).toBe('garbage');
  });
});
