import { expect } from 'vitest';

/** Checks that no secret occurs in any of the texts; each secret gets its own assertion. */
export function expectNoSecrets(texts: Record<string, string>, secrets: readonly string[]): void {
  for (const secret of secrets) {
    for (const [name, text] of Object.entries(texts)) {
      expect(text.includes(secret), `${name} contains the secret ${secret.slice(0, 6)}...`).toBe(
        false,
      );
    }
  }
}
