import type { AnyConnector } from '@signupassist/contract';

/**
 * Wraps a connector so that its manifest lists only `listed` in `secretFields`, leaving the
 * other secret credential keys out, so hosts would not redact them.
 */
export function unlistedSecretConnector(base: AnyConnector, listed: string[]): AnyConnector {
  return { ...base, manifest: { ...base.manifest, secretFields: listed } };
}
