import { canonicalJson } from '../ids.js';
import type { SealedCredentials } from '../storage/types.js';
import { isCredentialDecryptionError } from '../vault/errors.js';
import { credentialFingerprint, type CredentialVault } from '../vault/vault.js';
import type { UndecryptableReplacement } from './registry-types.js';

/**
 * Result of comparing stored credentials with new ones: equal, different, or impossible to
 * tell because the stored ones do not decrypt under any configured key.
 */
export type CredentialComparison = 'same' | 'different' | 'undecryptable';

/** Describes the replacement of stored credentials that did not decrypt. */
export function undecryptableReplacement(previous: SealedCredentials): UndecryptableReplacement {
  return {
    keyId: previous.keyId,
    fingerprint: previous.fingerprint,
    message:
      `The stored credentials of vendor "${previous.vendorId}" could not be decrypted with ` +
      `key "${previous.keyId}" and were replaced.`,
  };
}

/**
 * Compares stored credentials with new ones by their decrypted JSON. Stored credentials that
 * do not decrypt under any configured key (their key was removed) are `undecryptable`.
 */
export function compareCredentials(
  vault: CredentialVault,
  vendorId: string,
  stored: SealedCredentials,
  parsed: unknown,
): CredentialComparison {
  let opened: unknown;
  try {
    opened = vault.open(vendorId, stored);
  } catch (error) {
    if (!isCredentialDecryptionError(error)) throw error;
    return 'undecryptable';
  }
  if (stored.fingerprint !== credentialFingerprint(parsed)) return 'different';
  return canonicalJson(opened) === canonicalJson(parsed) ? 'same' : 'different';
}
