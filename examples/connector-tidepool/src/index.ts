import {
  ConnectorError,
  defineConnector,
  isConnectorError,
  type Connector,
  type ConnectorManifest,
} from '@signupassist/contract';
import { book, cancelBooking, getBooking, referenceFor } from './bookings.js';
import { listPrograms, listSessions } from './catalog.js';
import { TidepoolClient, type TidepoolContext } from './client.js';
import {
  TidepoolConfigSchema,
  TidepoolCredentialsSchema,
  type TidepoolConfig,
  type TidepoolCredentials,
} from './config.js';
import { verifyCredentials } from './credentials.js';
import { abortedError } from './errors.js';
import { getRegistrationForm } from './form.js';
import packageJson from '../package.json' with { type: 'json' };
import { KeyedQueue } from './keyed-queue.js';

export {
  TIDEPOOL_DEFAULT_BASE_URL,
  TidepoolConfigSchema,
  TidepoolCredentialsSchema,
  type TidepoolConfig,
  type TidepoolCredentials,
} from './config.js';
export { RETRY_POLICY } from './client.js';
export { referenceFor } from './bookings.js';

/**
 * Manifest of the Tidepool connector. Catalog, form, booking and cancellation use Tidepool's
 * API directly. Idempotency is emulated: Tidepool has no idempotency header, so bookings carry
 * a reference derived from the key and are looked up by it.
 */
export const tidepoolManifest: ConnectorManifest<TidepoolConfig, TidepoolCredentials> = {
  id: 'tidepool',
  displayName: 'Tidepool Lessons',
  version: packageJson.version,
  contractVersion: '^1.0.0',
  capabilities: {
    catalog: 'native',
    fields: 'native',
    book: 'native',
    cancel: 'native',
    idempotency: 'emulated',
  },
  credentialsSchema: TidepoolCredentialsSchema,
  secretFields: ['apiKey'],
  configSchema: TidepoolConfigSchema,
};

/**
 * Creates a Tidepool connector. Calls to `book` with the same idempotency key run one after
 * another within this connector, so a concurrent repeat finds the first booking by reference
 * instead of posting a second one.
 */
export function createTidepoolConnector(): Connector<TidepoolConfig, TidepoolCredentials> {
  const bookingQueue = new KeyedQueue();

  return defineConnector<TidepoolConfig, TidepoolCredentials>({
    manifest: tidepoolManifest,
    verifyCredentials: (context) =>
      run(context, 'verifyCredentials', (client) => verifyCredentials(client)),
    listPrograms: (context, query) =>
      run(context, 'listPrograms', (client) => listPrograms(client, query)),
    listSessions: (context, query) =>
      run(context, 'listSessions', (client) => listSessions(client, query)),
    getRegistrationForm: (context, target) =>
      run(context, 'getRegistrationForm', (client) => getRegistrationForm(client, target)),
    book: (context, request) =>
      run(context, 'book', (client) => {
        const key = `${context.vendor.id}|${client.config.baseUrl}|${referenceFor(request.idempotencyKey)}`;
        return bookingQueue.run(key, context.signal, () => book(client, request));
      }),
    cancel: (context, target) =>
      run(context, 'cancel', (client) => cancelBooking(client, target.bookingId)),
    getBooking: (context, target) =>
      run(context, 'getBooking', (client) => getBooking(client, target.bookingId)),
  });
}

/**
 * Runs one operation with its own client. Only contract errors leave it. Anything else thrown
 * after the caller aborted becomes the abort's `timeout`. Any other error is a defect of the
 * connector, so it is logged without its message and reported as a non-retryable
 * `provider_unavailable`.
 */
async function run<T>(
  context: TidepoolContext,
  operation: string,
  body: (client: TidepoolClient) => Promise<T>,
): Promise<T> {
  try {
    return await body(new TidepoolClient(context, operation));
  } catch (error) {
    if (isConnectorError(error)) throw error;
    if (context.signal.aborted) {
      const { id, displayName } = context.vendor;
      throw abortedError({ endpoint: operation, vendorId: id, vendorName: displayName });
    }

    context.logger.error(
      {
        vendor: context.vendor.id,
        connector: 'tidepool',
        operation,
        requestId: context.requestId,
        errorName: error instanceof Error ? error.name : typeof error,
      },
      'Tidepool connector failed unexpectedly',
    );
    throw new ConnectorError(
      'provider_unavailable',
      `The Tidepool connector failed unexpectedly during ${operation} for vendor ` +
        `"${context.vendor.displayName}".`,
      { vendorId: context.vendor.id, retryable: false, cause: error },
    );
  }
}

/** The Tidepool Lessons connector, as a host loads it. */
export const tidepoolConnector = createTidepoolConnector();
