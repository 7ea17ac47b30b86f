import type { SealedCredentials } from '../storage/types.js';
import type { UndecryptableReplacement } from './registry-types.js';

/**
 * How stored credentials compare with new ones: equal, different, or impossible to tell
 * because the stored ones do not decrypt under any configured key.
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
