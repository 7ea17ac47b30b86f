import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  credentialFingerprint,
  CredentialDecryptionError,
  CredentialVault,
  isCredentialDecryptionError,
  KeyRing,
  type SealedValue,
} from '../src/index.js';

const CREDENTIALS = { apiKey: 'api-key-for-vault-test', secretKey: 'secret-for-vault-test' };

function keyRing(...ids: string[]): KeyRing {
  return new KeyRing(ids.map((id) => ({ id, key: randomBytes(32) })));
}

/** Returns a copy of the bytes with one bit flipped. */
function flipBit(value: Uint8Array, byteIndex = 0): Uint8Array {
  const bytes = Uint8Array.from(value);
  bytes[byteIndex] = bytes[byteIndex]! ^ 0x01;
  return bytes;
}

function openError(vault: CredentialVault, vendorId: string, sealed: SealedValue) {
  try {
    vault.open(vendorId, sealed);
  } catch (error) {
    if (error instanceof CredentialDecryptionError) return error;
    throw error;
  }
  throw new Error('Expected the value not to open.');
}

describe('CredentialVault', () => {
  it('round-trips credentials under the active key', () => {
    const vault = new CredentialVault(keyRing('k2', 'k1'));
    const sealed = vault.seal('aqua-kids', CREDENTIALS);

    expect(sealed.keyId).toBe('k2');
    expect(sealed.iv).toHaveLength(12);
    expect(sealed.authTag).toHaveLength(16);
    expect(vault.open('aqua-kids', sealed)).toEqual(CREDENTIALS);
  });

  it('hides the plaintext and uses a fresh IV per value', () => {
    const vault = new CredentialVault(keyRing('k1'));
    const first = vault.seal('aqua-kids', CREDENTIALS);
    const second = vault.seal('aqua-kids', CREDENTIALS);

    expect(Buffer.from(first.iv).equals(second.iv)).toBe(false);
    expect(Buffer.from(first.ciphertext).equals(second.ciphertext)).toBe(false);
    const stored = Buffer.from(first.ciphertext).toString('latin1');
    expect(stored).not.toContain(CREDENTIALS.apiKey);
    expect(stored).not.toContain(CREDENTIALS.secretKey);
  });

  it.each(['iv', 'authTag', 'ciphertext'] as const)('rejects a changed %s', (field) => {
    const vault = new CredentialVault(keyRing('k1'));
    const sealed = vault.seal('aqua-kids', CREDENTIALS);
    const tampered = { ...sealed, [field]: flipBit(sealed[field]) };

    const error = openError(vault, 'aqua-kids', tampered);
    expect(error.reason).toBe('authentication_failed');
    expect(error.vendorId).toBe('aqua-kids');
    expect(error.keyId).toBe('k1');
    expect(error.message).toContain('"aqua-kids"');
    expect(error.message).toContain('"k1"');
  });

  it('rejects a value sealed for another vendor', () => {
    const vault = new CredentialVault(keyRing('k1'));
    const sealed = vault.seal('aqua-kids', CREDENTIALS);

    const error = openError(vault, 'prairie-camp', sealed);
    expect(error.reason).toBe('authentication_failed');
    expect(error.vendorId).toBe('prairie-camp');
  });

  it('names an unknown key id', () => {
    const sealer = new CredentialVault(keyRing('old-key'));
    const sealed = sealer.seal('aqua-kids', CREDENTIALS);
    const vault = new CredentialVault(keyRing('new-key'));

    const error = openError(vault, 'aqua-kids', sealed);
    expect(error.reason).toBe('unknown_key');
    expect(error.keyId).toBe('old-key');
    expect(error.message).toContain('"old-key"');
    expect(error.message).toContain('HUB_ENCRYPTION_KEYS');
    expect(isCredentialDecryptionError(error)).toBe(true);
  });

  it('rejects a key with the right id but other bytes', () => {
    const sealed = new CredentialVault(keyRing('k1')).seal('aqua-kids', CREDENTIALS);
    const error = openError(new CredentialVault(keyRing('k1')), 'aqua-kids', sealed);
    expect(error.reason).toBe('authentication_failed');
  });

  it.each([
    ['iv', Buffer.alloc(8)],
    ['authTag', Buffer.alloc(4)],
  ] as const)('rejects a malformed %s', (field, value) => {
    const vault = new CredentialVault(keyRing('k1'));
    const sealed = { ...vault.seal('aqua-kids', CREDENTIALS), [field]: value };
    expect(openError(vault, 'aqua-kids', sealed).reason).toBe('malformed');
  });

  it('reseals old values under the active key', () => {
    const before = keyRing('k1');
    const sealed = new CredentialVault(before).seal('aqua-kids', CREDENTIALS);
    const rotated = new KeyRing([
      { id: 'k2', key: randomBytes(32) },
      { id: 'k1', key: before.key('k1')! },
    ]);
    const vault = new CredentialVault(rotated);
    expect(vault.needsReseal(sealed)).toBe(true);

    const resealed = vault.reseal('aqua-kids', sealed);
    expect(resealed.keyId).toBe('k2');
    expect(vault.needsReseal(resealed)).toBe(false);
    const withoutOldKey = new CredentialVault(new KeyRing([{ id: 'k2', key: rotated.key('k2')! }]));
    expect(withoutOldKey.open('aqua-kids', resealed)).toEqual(CREDENTIALS);
  });

  it('keeps error messages free of credential values', () => {
    const vault = new CredentialVault(keyRing('k1'));
    const sealed = vault.seal('aqua-kids', CREDENTIALS);
    const messages = [
      openError(vault, 'other', sealed).message,
      openError(vault, 'aqua-kids', { ...sealed, ciphertext: flipBit(sealed.ciphertext) }).message,
    ].join('\n');
    expect(messages).not.toContain(CREDENTIALS.apiKey);
    expect(messages).not.toContain(CREDENTIALS.secretKey);
    expect(messages).not.toContain(Buffer.from(sealed.ciphertext).toString('base64'));
  });
});

describe('credentialFingerprint', () => {
  it('ignores key order', () => {
    const reordered = { secretKey: CREDENTIALS.secretKey, apiKey: CREDENTIALS.apiKey };
    expect(credentialFingerprint(reordered)).toBe(credentialFingerprint(CREDENTIALS));
  });

  it('differs for other values', () => {
    const changed = { ...CREDENTIALS, apiKey: 'another-api-key' };
    expect(credentialFingerprint(changed)).not.toBe(credentialFingerprint(CREDENTIALS));
  });

  it('is eight hex digits', () => {
    expect(credentialFingerprint(CREDENTIALS)).toMatch(/^[0-9a-f]{8}$/);
  });
});
