import {
  ConnectorError,
  defineConnector,
  isConnectorError,
  type Connector,
} from '@signupassist/contract';
import { BookeoBookings } from './booking.js';
import { cancelBooking, getBooking } from './booking-records.js';
import { listPrograms, listSessions } from './catalog.js';
import type { BookeoConfig, BookeoCredentials } from './config.js';
import { verifyCredentials } from './credentials.js';
import { loadBookeoForm } from './form.js';
import { placeHold, releaseHold } from './holds.js';
import { BookeoClient, type BookeoContext } from './http-client.js';
import { bookeoManifest } from './manifest.js';
import { BookeoSettingsCache, SETTINGS_CACHE_TTL_MS } from './settings.js';

export {
  BOOKEO_DEFAULT_BASE_URL,
  BookeoConfigSchema,
  BookeoCredentialsSchema,
  type BookeoConfig,
  type BookeoConfigInput,
  type BookeoCredentials,
} from './config.js';
export { BOOKEO_CONNECTOR_ID, bookeoManifest } from './manifest.js';
export { RETRY_POLICY } from './retry.js';
export { externalRefFor } from './booking-body.js';

/** Options of {@link createBookeoConnector}. */
export interface BookeoConnectorOptions {
  /** Time products, people categories and custom fields are reused, in ms. 0 disables reuse. */
  settingsCacheTtlMs?: number;
}

/**
 * Creates a Bookeo connector with its own settings cache and its own record of bookings in
 * flight. A host normally uses the shared {@link bookeoConnector}, and tests create fresh ones.
 */
export function createBookeoConnector(
  options: BookeoConnectorOptions = {},
): Connector<BookeoConfig, BookeoCredentials> {
  const settings = new BookeoSettingsCache(options.settingsCacheTtlMs ?? SETTINGS_CACHE_TTL_MS);
  const bookings = new BookeoBookings(settings);

  return defineConnector<BookeoConfig, BookeoCredentials>({
    manifest: bookeoManifest,
    verifyCredentials: (context) =>
      run(context, 'verifyCredentials', (client) => verifyCredentials(client)),
    listPrograms: (context, query) =>
      run(context, 'listPrograms', (client) => listPrograms(client, settings, query)),
    listSessions: (context, query) =>
      run(context, 'listSessions', (client) => listSessions(client, settings, query)),
    getRegistrationForm: (context, target) =>
      run(context, 'getRegistrationForm', async (client) => {
        const bookeoForm = await loadBookeoForm(client, settings, target);
        return bookeoForm.form;
      }),
    book: (context, request) => run(context, 'book', (client) => bookings.book(client, request)),
    cancel: (context, target) => run(context, 'cancel', (client) => cancelBooking(client, target)),
    getBooking: (context, target) =>
      run(context, 'getBooking', (client) => getBooking(client, target.bookingId)),
    hold: (context, request) =>
      run(context, 'hold', (client) => placeHold(client, settings, request)),
    releaseHold: (context, target) =>
      run(context, 'releaseHold', (client) => releaseHold(client, target.holdId)),
  });
}

/**
 * Runs one operation with its own client. Only contract errors leave it. Any other error is a
 * defect of the connector, so it is logged and reported as a non-retryable `provider_unavailable`.
 */
async function run<T>(
  context: BookeoContext,
  operation: string,
  body: (client: BookeoClient) => Promise<T>,
): Promise<T> {
  try {
    return await body(new BookeoClient(context, operation));
  } catch (error) {
    if (isConnectorError(error)) throw error;

    context.logger.error(
      {
        vendor: context.vendor.id,
        connector: 'bookeo',
        operation,
        requestId: context.requestId,
        errorName: error instanceof Error ? error.name : typeof error,
      },
      'Bookeo connector failed unexpectedly',
    );
    throw new ConnectorError(
      'provider_unavailable',
      `The Bookeo connector failed unexpectedly during ${operation} for vendor ` +
        `"${context.vendor.displayName}".`,
      { vendorId: context.vendor.id, retryable: false, cause: error },
    );
  }
}

/** The Bookeo connector: Bookeo API v2 behind the SignupAssist connector contract. */
export const bookeoConnector: Connector<BookeoConfig, BookeoCredentials> = createBookeoConnector();
