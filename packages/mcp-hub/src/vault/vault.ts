import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from '../ids.js';
import { CredentialDecryptionError } from './errors.js';
import type { KeyRing } from './key-ring.js';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Prefix of the associated data, so a value sealed by another scheme or use cannot open here. */
const ASSOCIATED_DATA_PREFIX = 'signupassist/vendor-credentials/v1\0';

/** Prefix of the hashed text of a fingerprint, separating it from any other hash of the values. */
const FINGERPRINT_PREFIX = 'signupassist/credential-fingerprint/v1\0';

/** Length of a credential fingerprint in hex digits (32 bits). */
export const FINGERPRINT_LENGTH = 8;

/**
 * Credentials encrypted with AES-256-GCM. The vendor id is authenticated as associated data,
 * so a value copied to another vendor does not open. A stored credential row has these fields.
 */
export interface SealedValue {
  /** Id of the key that sealed the value. */
  keyId: string;
  /** 96-bit random initialization vector. */
  iv: Uint8Array;
  /** 128-bit GCM authentication tag. */
  authTag: Uint8Array;
  /** Encrypted UTF-8 JSON of the credentials. */
  ciphertext: Uint8Array;
}

/**
 * Returns a short fingerprint of credentials: the first 8 hex digits of a SHA-256 over their
 * canonical JSON with a fixed prefix. It distinguishes two credential sets without showing any
 * part of a value; equal credentials give equal fingerprints whatever their key order.
 */
export function credentialFingerprint(credentials: unknown): string {
  return createHash('sha256')
    .update(FINGERPRINT_PREFIX)
    .update(canonicalJson(credentials))
    .digest('hex')
    .slice(0, FINGERPRINT_LENGTH);
}

/**
 * Seals and opens vendor credentials with the keys of a {@link KeyRing}. New values are sealed
 * under the active key with a fresh random IV; any key of the ring opens the values it sealed.
 */
export class CredentialVault {
  /** Keeps the key ring; keys are not copied out. */
  constructor(private readonly keyRing: KeyRing) {}

  /** Id of the key that seals new values. */
  get activeKeyId(): string {
    return this.keyRing.activeKeyId;
  }

  /** Ids of every configured key, the active one first. */
  get keyIds(): string[] {
    return this.keyRing.keyIds;
  }

  /** Encrypts the JSON of `credentials` for `vendorId` under the active key. */
  seal(vendorId: string, credentials: unknown): SealedValue {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.keyRing.activeKey, iv, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(associatedData(vendorId));
    const plaintext = Buffer.from(JSON.stringify(credentials), 'utf8');
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    plaintext.fill(0);
    return { keyId: this.keyRing.activeKeyId, iv, authTag: cipher.getAuthTag(), ciphertext };
  }

  /**
   * Decrypts credentials sealed for `vendorId`. Throws a {@link CredentialDecryptionError} when
   * the key id is unknown, the value is malformed, or authentication fails because the value
   * was changed or sealed for another vendor.
   */
  open(vendorId: string, sealed: SealedValue): unknown {
    const key = this.keyRing.key(sealed.keyId);
    if (!key) throw new CredentialDecryptionError(vendorId, sealed.keyId, 'unknown_key');

    const { iv, authTag, ciphertext } = sealed;
    if (iv.length !== IV_BYTES || authTag.length !== TAG_BYTES) {
      throw new CredentialDecryptionError(vendorId, sealed.keyId, 'malformed');
    }

    let plaintext: Buffer;
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(vendorId));
      decipher.setAuthTag(authTag);
      plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    } catch {
      throw new CredentialDecryptionError(vendorId, sealed.keyId, 'authentication_failed');
    }
    try {
      return JSON.parse(plaintext.toString('utf8'));
    } catch {
      // Authenticated text that is not JSON was not written by `seal`.
      throw new CredentialDecryptionError(vendorId, sealed.keyId, 'malformed');
    } finally {
      plaintext.fill(0);
    }
  }

  /** Checks whether a value is sealed under a key other than the active one. */
  needsReseal(sealed: SealedValue): boolean {
    return sealed.keyId !== this.keyRing.activeKeyId;
  }

  /**
   * Opens a value and seals it again under the active key with a fresh IV. Throws a
   * {@link CredentialDecryptionError} when it does not open.
   */
  reseal(vendorId: string, sealed: SealedValue): SealedValue {
    return this.seal(vendorId, this.open(vendorId, sealed));
  }
}

function associatedData(vendorId: string): Buffer {
  return Buffer.from(ASSOCIATED_DATA_PREFIX + vendorId, 'utf8');
}
