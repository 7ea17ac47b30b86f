import { join } from 'node:path';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { startBookeoSandbox, type BookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import { isConnectorError, type ConnectorError } from '@signupassist/contract';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import {
  createHub,
  openSqliteLedger,
  type CreateHubOptions,
  type Hub,
  type RegistrationLedger,
  type SqliteLedgerOptions,
  type VendorRecord,
} from '../src/index.js';
import { sandboxVendor, SWIM_ACCOUNT } from './bookeo-fixtures.js';
import { RecordingLogger, temporaryDirectory } from './helpers.js';

/** Sandbox account of the day camp in the demo seed. */
export const CAMP_ACCOUNT = 'PRAIRIECAMP';

/** Awaits a promise that must reject with a `ConnectorError`, and returns that error. */
export async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isConnectorError(error)) throw new Error(`Expected a ConnectorError, got ${String(error)}`);
  return error;
}

/** What a test of the hub against the Bookeo sandbox works with. */
export interface BookeoHarness {
  readonly sandbox: BookeoSandbox;
  readonly logger: RecordingLogger;
  /** Opens a ledger file in the test's directory; it is closed after the test. */
  openLedger(name?: string, options?: SqliteLedgerOptions): RegistrationLedger;
  /** Creates a hub with a fresh Bookeo connector, by default for the swim school only. */
  hubWith(vendors?: VendorRecord[], options?: Partial<CreateHubOptions>): Hub;
}

/**
 * Registers the hooks of a hub test against one Bookeo sandbox: the sandbox runs for the
 * whole file and is reset before each test, which gets a fresh directory and logger.
 */
export function useBookeoHarness(): BookeoHarness {
  let sandbox: BookeoSandbox | undefined;
  let directory: ReturnType<typeof temporaryDirectory> | undefined;
  let logger = new RecordingLogger();
  const ledgers: RegistrationLedger[] = [];

  beforeAll(async () => {
    sandbox = await startBookeoSandbox();
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  beforeEach(() => {
    sandbox?.reset();
    directory = temporaryDirectory();
    logger = new RecordingLogger();
  });

  afterEach(async () => {
    for (const ledger of ledgers.splice(0)) await ledger.close();
    directory?.remove();
  });

  const harness: BookeoHarness = {
    get sandbox() {
      if (!sandbox) throw new Error('The sandbox starts in beforeAll.');
      return sandbox;
    },
    get logger() {
      return logger;
    },
    openLedger(name = 'ledger.sqlite', options = {}) {
      if (!directory) throw new Error('The directory is made in beforeEach.');
      const ledger = openSqliteLedger(join(directory.path, name), options);
      ledgers.push(ledger);
      return ledger;
    },
    hubWith(vendors, options = {}) {
      return createHub({
        // A fresh connector per hub, so no settings cache or in-flight record is shared.
        connectors: [createBookeoConnector()],
        vendors: vendors ?? [sandboxVendor(harness.sandbox, SWIM_ACCOUNT)],
        ledger: options.ledger ?? harness.openLedger(),
        logger,
        searchTimeoutMs: 2_000,
        ...options,
      });
    },
  };
  return harness;
}
