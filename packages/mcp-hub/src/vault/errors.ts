/** Reason that stored credentials could not be decrypted. */
export type DecryptionFailureReason =
  /** No configured key has the id the credentials were sealed under. */
  | 'unknown_key'
  /** The authentication tag did not match: the ciphertext, IV or tag was changed, or the
   * credentials were sealed for another vendor. */
  | 'authentication_failed'
  /** The stored value is not a sealed value of this format (wrong IV or tag length, or not JSON inside). */
  | 'malformed';

const decryptionBrand = Symbol.for('@signupassist/mcp-hub/CredentialDecryptionError');
const keyRingBrand = Symbol.for('@signupassist/mcp-hub/KeyRingError');

/**
 * Stored credentials of a vendor that do not decrypt. The message names the vendor and the key
 * id, never a key or credential value.
 */
export class CredentialDecryptionError extends Error {
  override readonly name = 'CredentialDecryptionError';
  readonly [decryptionBrand] = true;

  constructor(
    readonly vendorId: string,
    readonly keyId: string,
    readonly reason: DecryptionFailureReason,
  ) {
    super(decryptionMessage(vendorId, keyId, reason));
  }
}

function decryptionMessage(
  vendorId: string,
  keyId: string,
  reason: DecryptionFailureReason,
): string {
  const prefix = `Credentials of vendor "${vendorId}" (sealed under key "${keyId}")`;
  switch (reason) {
    case 'unknown_key':
      return (
        `${prefix} cannot be decrypted: no configured encryption key has the id "${keyId}". ` +
        'Add that key to HUB_ENCRYPTION_KEYS, or set the credentials again.'
      );
    case 'authentication_failed':
      return (
        `${prefix} failed authentication: the stored value was changed, belongs to another ` +
        'vendor, or the key with that id is not the one it was sealed with. Set the credentials again.'
      );
    case 'malformed':
      return `${prefix} are not a valid sealed value. Set the credentials again.`;
  }
}

/** Checks for a {@link CredentialDecryptionError}, also one from another copy of this package. */
export function isCredentialDecryptionError(error: unknown): error is CredentialDecryptionError {
  return typeof error === 'object' && error !== null && decryptionBrand in error;
}

/**
 * An invalid or missing encryption key configuration. The message names the entry and the fix,
 * never key material.
 */
export class KeyRingError extends Error {
  override readonly name = 'KeyRingError';
  readonly [keyRingBrand] = true;
}

/** Checks for a {@link KeyRingError}, also one from another copy of this package. */
export function isKeyRingError(error: unknown): error is KeyRingError {
  return typeof error === 'object' && error !== null && keyRingBrand in error;
}
