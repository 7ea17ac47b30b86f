import {
  ConnectorError,
  defineConnector,
  isConnectorError,
  type Connector,
} from '@signupassist/contract';
import { book } from './book.js';
import { getBooking } from './booking-status.js';
import { listPrograms, listSessions } from './catalog.js';
import type { CampMinderConfig, CampMinderCredentials } from './config.js';
import { verifyCredentials } from './credentials.js';
import { getRegistrationForm } from './form.js';
import { cancellationUnsupported } from './handoff.js';
import { readConfig, type CampMinderContext } from './context.js';
import { CampMinderClient } from './http-client.js';
import { campminderManifest } from './manifest.js';
import { CampMinderTokenCache } from './tokens.js';

export {
  CAMPMINDER_DEFAULT_BASE_URL,
  CampMinderConfigSchema,
  CampMinderContactSchema,
  CampMinderCredentialsSchema,
  CampMinderPricingSchema,
  type CampMinderConfig,
  type CampMinderConfigInput,
  type CampMinderCredentials,
} from './config.js';
export { CAMPMINDER_CONNECTOR_ID, campminderManifest } from './manifest.js';
export { RETRY_POLICY } from './retry.js';
export { CampMinderTokenCache, TOKEN_REFRESH_MARGIN_MS } from './tokens.js';
export { bookingIdFor, parseBookingId, referenceFor, registrationUrlFor } from './handoff.js';
export { campMinderAgeToYears } from './catalog-model.js';
export { toZonedDateTime } from './dates.js';
export { statusOfRow, overallStatus, type CamperStatus } from './status.js';

/** Options of {@link createCampMinderConnector}. */
export interface CampMinderConnectorOptions {
  /** Token cache to use; by default each connector has its own. */
  tokens?: CampMinderTokenCache;
}

/**
 * Creates a CampMinder connector with its own token cache. A host normally uses the shared
 * {@link campminderConnector}, and tests create fresh ones.
 */
export function createCampMinderConnector(
  options: CampMinderConnectorOptions = {},
): Connector<CampMinderConfig, CampMinderCredentials> {
  const tokens = options.tokens ?? new CampMinderTokenCache();
  const run = <T>(
    context: CampMinderContext,
    operation: string,
    body: (client: CampMinderClient) => Promise<T>,
  ) =>
    runOperation(context, operation, () => body(new CampMinderClient(context, operation, tokens)));

  return defineConnector<CampMinderConfig, CampMinderCredentials>({
    manifest: campminderManifest,
    verifyCredentials: (context) =>
      run(context, 'verifyCredentials', (client) => verifyCredentials(client)),
    listPrograms: (context, query) =>
      run(context, 'listPrograms', (client) => listPrograms(client, query)),
    listSessions: (context, query) =>
      run(context, 'listSessions', (client) => listSessions(client, query)),
    getRegistrationForm: (context, target) =>
      run(context, 'getRegistrationForm', (client) => getRegistrationForm(client, target)),
    book: (context, request) => run(context, 'book', (client) => book(client, request)),
    cancel: (context) =>
      runOperation(context, 'cancel', () => {
        throw cancellationUnsupported(readConfig(context), context.vendor);
      }),
    getBooking: (context, target) =>
      run(context, 'getBooking', (client) => getBooking(client, target)),
  });
}

/**
 * Runs one operation. Only contract errors leave it. Any other error is a defect of the
 * connector, so it is logged and reported as a non-retryable `provider_unavailable`.
 */
async function runOperation<T>(
  context: CampMinderContext,
  operation: string,
  body: () => Promise<T>,
): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (isConnectorError(error)) throw error;

    context.logger.error(
      {
        vendor: context.vendor.id,
        connector: 'campminder',
        operation,
        requestId: context.requestId,
        errorName: error instanceof Error ? error.name : typeof error,
      },
      'CampMinder connector failed unexpectedly',
    );
    throw new ConnectorError(
      'provider_unavailable',
      `The CampMinder connector failed unexpectedly during ${operation} for vendor ` +
        `"${context.vendor.displayName}".`,
      { vendorId: context.vendor.id, retryable: false, cause: error },
    );
  }
}

/** The CampMinder connector: CampMinder's API behind the SignupAssist connector contract. */
export const campminderConnector: Connector<CampMinderConfig, CampMinderCredentials> =
  createCampMinderConnector();
