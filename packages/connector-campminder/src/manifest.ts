import type { ConnectorManifest } from '@signupassist/contract';
import packageJson from '../package.json' with { type: 'json' };
import {
  CampMinderConfigSchema,
  CampMinderCredentialsSchema,
  type CampMinderConfig,
  type CampMinderCredentials,
} from './config.js';

/** Id vendors use to select the CampMinder connector. */
export const CAMPMINDER_CONNECTOR_ID = 'campminder';

/**
 * Manifest of the CampMinder connector. Catalog and form come from CampMinder's API. The API
 * cannot create or cancel a registration, so booking is a hand-off to the camp's own
 * registration page and cancellation is absent. Idempotency is emulated: the hand-off reference
 * is derived from the idempotency key, so a repeated booking returns the same receipt without
 * any write.
 */
export const campminderManifest: ConnectorManifest<CampMinderConfig, CampMinderCredentials> = {
  id: CAMPMINDER_CONNECTOR_ID,
  displayName: 'CampMinder',
  version: packageJson.version,
  contractVersion: '^1.1.0',
  capabilities: {
    catalog: 'native',
    fields: 'native',
    book: 'handoff',
    cancel: 'absent',
    idempotency: 'emulated',
  },
  credentialsSchema: CampMinderCredentialsSchema,
  secretFields: ['apiKey', 'subscriptionKey'],
  configSchema: CampMinderConfigSchema,
};
