import { isConnectorError, type AnyConnector, type Clock } from '@signupassist/contract';
import {
  getProgram,
  getRegistrationForm,
  type ProgramDetails,
  type RegistrationFormDetails,
} from './catalog.js';
import { errorLogFields, toConnectorError } from './errors.js';
import type { HubContext, HubTimings, OperationOptions } from './hub-context.js';
import { newRequestId } from './ids.js';
import type { RegistrationLedger } from './ledger/types.js';
import { silentLogger, type HubLogger } from './logging.js';
import { createPaymentsContext, hasPayments, type HubPaymentsOptions } from './payments/context.js';
import type { HubPayments } from './payments/gateway.js';
import { createHubPayments } from './payments/hub-payments.js';
import { confirmRegistration, type ConfirmRegistrationInput } from './registration/confirm.js';
import { cancelRegistration, getRegistration } from './registration/manage.js';
import { prepareRegistration, type PrepareRegistrationInput } from './registration/prepare.js';
import { StatusRefreshLimiter, type StatusRefreshLimits } from './registration/refresh-limit.js';
import type { RegistrationView } from './registration/view.js';
import { ProviderRouter } from './router/provider-router.js';
import {
  searchPrograms,
  type SearchProgramsInput,
  type SearchProgramsResult,
} from './search/search-programs.js';
import {
  checkLease,
  checkOperationTimeout,
  DEFAULT_REQUEST_TIMEOUT_MS,
  defaultOperationTimeoutMs,
} from './timings.js';
import {
  StaticVendorSource,
  type VendorRecord,
  type VendorSource,
} from './vendors/vendor-source.js';

/** Default time limit of one vendor's part of a search, in milliseconds. */
export const DEFAULT_SEARCH_TIMEOUT_MS = 4_000;

/** Default lifetime of a prepared registration without a hold, in milliseconds. */
export const DEFAULT_PREPARED_TTL_MS = 30 * 60_000;

/** Default delay before a booking whose outcome is unknown may be tried again, in milliseconds. */
export const DEFAULT_UNKNOWN_OUTCOME_RETRY_DELAY_MS = 30_000;

/** Options of {@link createHub}. */
export interface CreateHubOptions {
  /** Connectors, as values; each is checked against the contract range at start. */
  connectors: readonly AnyConnector[];
  /** Vendor source. An array is wrapped in a {@link StaticVendorSource}. */
  vendors: VendorSource | readonly VendorRecord[];
  /** The registration ledger, e.g. from `openSqliteLedger`. The caller closes it. */
  ledger: RegistrationLedger;
  /** Structured logger (pino fits); the hub logs nothing when absent. */
  logger?: HubLogger;
  /** Source of the current time; the system clock when absent. */
  clock?: Clock;
  /** Time limit of one vendor's part of a search; default 4,000 ms. */
  searchTimeoutMs?: number;
  /**
   * Time limit of one HTTP request a connector makes (`context.http.timeoutMs`); default
   * 10,000 ms.
   */
  requestTimeoutMs?: number;
  /**
   * Time limit of one connector operation outside search, retries and lookups included;
   * default 2 × requestTimeoutMs + 5,000 ms. It must be at least requestTimeoutMs + 5,000 ms,
   * so that a connector whose booking request timed out can still look the booking up before
   * the operation is aborted. The ledger's lease must be at least twice this value.
   */
  operationTimeoutMs?: number;
  /** Lifetime of a prepared registration without a hold; default 30 minutes. */
  preparedTtlMs?: number;
  /** How long a confirm waits for a concurrent confirm's booking; default operationTimeoutMs + 5 s. */
  confirmWaitMs?: number;
  /** Interval between ledger reads while waiting; default 50 ms. */
  confirmPollMs?: number;
  /**
   * Delay, by `clock`, before a booking whose outcome is unknown (`timeout`, `outcome_unknown`)
   * may be tried again, because the provider may still be processing the first request.
   * Default 30,000 ms.
   */
  unknownOutcomeRetryDelayMs?: number;
  /** HTTP dispatcher passed to connectors, e.g. a shared undici Agent. */
  dispatcher?: unknown;
  /**
   * Per-vendor limit of the read-backs `getRegistration` makes; default a burst of 10, then 2
   * per second. Past it, the stored status is returned with a note.
   */
  statusRefresh?: StatusRefreshLimits;
  /**
   * Stripe settings and the payment store, e.g. `storage.payments`. Without them the hub
   * takes no payments, whatever the vendors' payment settings are.
   */
  payments?: HubPaymentsOptions;
}

/** A vendor that cannot be used, with the reasons; for start-up checks. */
export interface VendorProblem {
  vendorId: string;
  problems: string[];
}

/**
 * The hub's operations. Every method throws only `ConnectorError`s, whose messages are safe
 * to show to the family; unexpected errors are logged and replaced by `provider_unavailable`.
 */
export interface Hub {
  /** The router, for callers that need connector manifests or direct calls. */
  readonly router: ProviderRouter;
  /** Webhooks and reconcile of Stripe payments; absent when the hub takes no payments. */
  readonly payments?: HubPayments;
  /** Searches the live vendors; unreachable ones are listed, not fatal. */
  searchPrograms(
    input: SearchProgramsInput,
    options?: OperationOptions,
  ): Promise<SearchProgramsResult>;
  /** Returns a program with its upcoming sessions. */
  getProgram(
    input: { vendorId: string; programId: string },
    options?: OperationOptions,
  ): Promise<ProgramDetails>;
  /** Returns the registration form and its JSON Schema. */
  getRegistrationForm(
    input: { vendorId: string; programId: string; sessionId?: string },
    options?: OperationOptions,
  ): Promise<RegistrationFormDetails>;
  /** Validates, quotes, places a hold where supported, and stores a prepared registration. */
  prepareRegistration(
    input: PrepareRegistrationInput,
    options?: OperationOptions,
  ): Promise<RegistrationView>;
  /** Books a prepared registration exactly once and returns the receipt. */
  confirmRegistration(
    input: ConfirmRegistrationInput,
    options?: OperationOptions,
  ): Promise<RegistrationView>;
  /** Returns a registration, refreshed from the provider when booked. */
  getRegistration(
    input: { registrationId: string },
    options?: OperationOptions,
  ): Promise<RegistrationView>;
  /** Cancels a registration; a repeat returns the stored result. */
  cancelRegistration(
    input: { registrationId: string; reason?: string },
    options?: OperationOptions,
  ): Promise<RegistrationView>;
  /**
   * Lists the problems of every vendor that cannot be served, without calling providers: those
   * the vendor source found, time zone, connector, config, overrides and credentials.
   */
  checkVendors(): Promise<VendorProblem[]>;
}

/** Resolves the timing options with their defaults and checks how they relate. */
function timingsOf(options: CreateHubOptions): HubTimings {
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const operationTimeoutMs =
    options.operationTimeoutMs ?? defaultOperationTimeoutMs(requestTimeoutMs);
  checkOperationTimeout(requestTimeoutMs, operationTimeoutMs);
  checkLease(options.ledger.leaseMs, operationTimeoutMs);
  return {
    searchTimeoutMs: options.searchTimeoutMs ?? DEFAULT_SEARCH_TIMEOUT_MS,
    requestTimeoutMs,
    operationTimeoutMs,
    preparedTtlMs: options.preparedTtlMs ?? DEFAULT_PREPARED_TTL_MS,
    confirmWaitMs: options.confirmWaitMs ?? operationTimeoutMs + 5_000,
    // A prepare makes up to two operations in a row: the catalog reads, then the hold.
    prepareWaitMs: 2 * operationTimeoutMs + 5_000,
    confirmPollMs: options.confirmPollMs ?? 50,
    unknownOutcomeRetryDelayMs:
      options.unknownOutcomeRetryDelayMs ?? DEFAULT_UNKNOWN_OUTCOME_RETRY_DELAY_MS,
  };
}

/**
 * Creates the hub from connectors, a vendor source and a ledger. Throws `invalid_request` when
 * a connector is malformed or outside the supported contract range, when operationTimeoutMs
 * leaves no time for a lookup after a request timeout, and when the ledger's lease is shorter
 * than twice the operation deadline.
 */
export function createHub(options: CreateHubOptions): Hub {
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? { now: () => new Date() };
  const timings = timingsOf(options);
  const router = new ProviderRouter({
    connectors: options.connectors,
    logger,
    clock,
    requestTimeoutMs: timings.requestTimeoutMs,
    operationTimeoutMs: timings.operationTimeoutMs,
    dispatcher: options.dispatcher,
  });
  const vendors = isVendorSource(options.vendors)
    ? options.vendors
    : new StaticVendorSource(options.vendors);
  const context: HubContext = {
    router,
    vendors,
    ledger: options.ledger,
    logger,
    clock,
    timings,
    refreshLimiter: new StatusRefreshLimiter(clock, options.statusRefresh),
    ...(options.payments
      ? { payments: createPaymentsContext(options.payments, logger, clock) }
      : {}),
  };
  logger.info(
    { connectors: router.connectorIds, ...(context.payments ? { payments: true } : {}) },
    'Hub created',
  );

  /** Runs an operation with a request id and turns unexpected errors into contract errors. */
  const run = async <Result>(
    operation: string,
    options: OperationOptions | undefined,
    body: (requestId: string) => Promise<Result>,
  ): Promise<Result> => {
    const requestId = options?.requestId ?? newRequestId();
    try {
      return await body(requestId);
    } catch (error) {
      if (isConnectorError(error)) throw error;
      logger.error(
        { requestId, operation, ...errorLogFields(error) },
        'Hub operation failed unexpectedly',
      );
      throw toConnectorError(error);
    }
  };

  return {
    router,
    ...(hasPayments(context) ? { payments: createHubPayments(context) } : {}),
    searchPrograms: (input, options) =>
      run('searchPrograms', options, (id) => searchPrograms(context, input, id)),
    getProgram: (input, options) =>
      run('getProgram', options, (id) => getProgram(context, input, id)),
    getRegistrationForm: (input, options) =>
      run('getRegistrationForm', options, (id) => getRegistrationForm(context, input, id)),
    prepareRegistration: (input, options) =>
      run('prepareRegistration', options, (id) => prepareRegistration(context, input, id)),
    confirmRegistration: (input, options) =>
      run('confirmRegistration', options, (id) => confirmRegistration(context, input, id)),
    getRegistration: (input, options) =>
      run('getRegistration', options, (id) => getRegistration(context, input, id)),
    cancelRegistration: (input, options) =>
      run('cancelRegistration', options, (id) => cancelRegistration(context, input, id)),
    checkVendors: async () => {
      const problems: VendorProblem[] = [];
      for (const vendor of await vendors.listVendors()) {
        const found = await router.checkVendorSetup(vendor);
        if (found.length > 0) problems.push({ vendorId: vendor.id, problems: found });
      }
      return problems;
    },
  };
}

function isVendorSource(value: VendorSource | readonly VendorRecord[]): value is VendorSource {
  return !Array.isArray(value);
}
