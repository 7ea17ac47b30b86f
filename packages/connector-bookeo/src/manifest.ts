import type { ConnectorManifest } from '@signupassist/contract';
import packageJson from '../package.json' with { type: 'json' };
import {
  BookeoConfigSchema,
  BookeoCredentialsSchema,
  type BookeoConfig,
  type BookeoCredentials,
} from './config.js';

/** Id vendors use to select the Bookeo connector. */
export const BOOKEO_CONNECTOR_ID = 'bookeo';

/**
 * Manifest of the Bookeo connector. Catalog, form, booking, cancellation and seat holds use
 * Bookeo's API directly. Idempotency is emulated with an `externalRef` lookup, because Bookeo
 * has no idempotency key. A program fee paid through the hub's Stripe Connect checkout
 * (`connectPayments`) is recorded as an initial payment of the new booking. Waitlists,
 * refunds, payment status and webhooks are not implemented. The contract range starts at
 * 1.1.0, the first version whose requests carry that payment.
 */
export const bookeoManifest: ConnectorManifest<BookeoConfig, BookeoCredentials> = {
  id: BOOKEO_CONNECTOR_ID,
  displayName: 'Bookeo',
  version: packageJson.version,
  contractVersion: '^1.1.0',
  capabilities: {
    catalog: 'native',
    fields: 'native',
    book: 'native',
    cancel: 'native',
    idempotency: 'emulated',
    holds: 'native',
    connectPayments: 'native',
  },
  credentialsSchema: BookeoCredentialsSchema,
  secretFields: ['apiKey', 'secretKey'],
  configSchema: BookeoConfigSchema,
};
