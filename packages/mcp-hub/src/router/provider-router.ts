import {
  ConnectorError,
  isTimeZone,
  narrowCapabilities,
  resolveManifest,
  type AnyConnector,
  type CapabilityMatrix,
  type Clock,
  type ConnectorContext,
  type ConnectorErrorCode,
  type ResolvedManifest,
} from '@signupassist/contract';
import type { z } from 'zod';
import {
  describeIssue,
  errorLogFields,
  isAbortError,
  issuePath,
  toConnectorError,
} from '../errors.js';
import { familyError } from '../family-errors.js';
import { connectorLogger, silentLogger, type HubLogger } from '../logging.js';
import type { VendorRecord } from '../vendors/vendor-source.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, defaultOperationTimeoutMs } from '../timings.js';
import { raceWithSignal } from './abort.js';

/** Options of a {@link ProviderRouter}. */
export interface ProviderRouterOptions {
  /** Connectors the hub can route to, as values; each is checked with `resolveManifest`. */
  connectors: readonly AnyConnector[];
  logger?: HubLogger;
  clock?: Clock;
  /**
   * Time limit of one HTTP request a connector makes, passed as `context.http.timeoutMs`, in
   * milliseconds; default 10,000.
   */
  requestTimeoutMs?: number;
  /**
   * Time limit of one connector operation, retries and lookups included, in milliseconds;
   * default {@link defaultOperationTimeoutMs} of `requestTimeoutMs`.
   */
  operationTimeoutMs?: number;
  /** HTTP dispatcher passed to connectors in `context.http.dispatcher`, e.g. an undici Agent. */
  dispatcher?: unknown;
}

/** A vendor matched with its connector, its checked config and its narrowed capabilities. */
export interface RoutedVendor {
  vendor: VendorRecord;
  connector: AnyConnector;
  manifest: ResolvedManifest;
  /** The connector's capabilities after the vendor's overrides. */
  capabilities: CapabilityMatrix;
  /** Vendor config as parsed by the connector's `configSchema`. */
  config: unknown;
}

/** Per-call options of {@link ProviderRouter.call}. */
export interface ConnectorCallOptions {
  /** Correlation id written to every log entry of the call. */
  requestId: string;
  /**
   * Overrides the router's operation time limit for this call, in milliseconds. Each HTTP
   * request of the call then gets the lower of this and the request time limit.
   */
  timeoutMs?: number;
  /** Aborts the call early, e.g. when the client disconnects. */
  signal?: AbortSignal;
  /** Code raised when the time limit passes: `outcome_unknown` for writes, else `timeout`. */
  timeoutCode?: ConnectorErrorCode;
}

const systemClock: Clock = { now: () => new Date() };

/**
 * Routes vendors to the connectors that serve them and builds the per-call
 * `ConnectorContext`. Connectors are checked once, at construction. Vendor config and
 * credentials are checked against the connector's schemas on every call, so a changed vendor
 * record takes effect at once and plaintext credentials live only for the call.
 */
export class ProviderRouter {
  private readonly connectors = new Map<
    string,
    { connector: AnyConnector; manifest: ResolvedManifest }
  >();
  private readonly logger: HubLogger;
  private readonly clock: Clock;
  private readonly requestTimeoutMs: number;
  private readonly operationTimeoutMs: number;
  private readonly dispatcher: unknown;

  /** Checks every connector; throws `invalid_request` for one outside the contract range. */
  constructor(options: ProviderRouterOptions) {
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.operationTimeoutMs =
      options.operationTimeoutMs ?? defaultOperationTimeoutMs(this.requestTimeoutMs);
    this.dispatcher = options.dispatcher;
    for (const connector of options.connectors) {
      const manifest = resolveManifest(connector);
      if (this.connectors.has(manifest.id)) {
        throw new ConnectorError(
          'invalid_request',
          `Connector "${manifest.id}" is registered twice; pass each connector once.`,
        );
      }
      this.connectors.set(manifest.id, { connector, manifest });
    }
  }

  /** Ids of the registered connectors. */
  get connectorIds(): string[] {
    return [...this.connectors.keys()];
  }

  /** Returns the checked manifest of a registered connector. */
  manifest(connectorId: string): ResolvedManifest | undefined {
    return this.connectors.get(connectorId)?.manifest;
  }

  /**
   * Matches a vendor with its connector, parses its config and applies its capability
   * overrides. Throws `invalid_request` naming the vendor and the field, never a value, also
   * for problems found when the record was loaded and for an unknown time zone.
   */
  route(vendor: VendorRecord): RoutedVendor {
    const problems = recordProblems(vendor);
    if (problems.length > 0) {
      throw new ConnectorError('invalid_request', problems.join(' '), { vendorId: vendor.id });
    }
    return this.routeConnector(vendor);
  }

  private routeConnector(vendor: VendorRecord): RoutedVendor {
    const entry = this.connectors.get(vendor.connector);
    if (!entry) {
      const known = this.connectorIds.join(', ') || 'none';
      throw new ConnectorError(
        'invalid_request',
        `Vendor "${vendor.id}" uses connector "${vendor.connector}", which this hub does not ` +
          `have (registered: ${known}). Install that connector and pass it to the hub.`,
        { vendorId: vendor.id },
      );
    }

    const config = parseVendorField(vendor, entry.manifest.configSchema, vendor.config, 'config');
    let capabilities: CapabilityMatrix;
    try {
      capabilities = narrowCapabilities(entry.manifest.capabilities, vendor.capabilityOverrides);
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'invalid overrides';
      throw new ConnectorError('invalid_request', `Vendor "${vendor.id}": ${reason}`, {
        vendorId: vendor.id,
      });
    }
    return { vendor, connector: entry.connector, manifest: entry.manifest, capabilities, config };
  }

  /**
   * Checks a vendor fully without calling the provider: connector, config, overrides and
   * credentials. Returns the problems found; an empty list means the vendor is usable.
   */
  checkVendor(vendor: VendorRecord): string[] {
    const problems = recordProblems(vendor);
    try {
      const routed = this.routeConnector(vendor);
      // Lazily loaded credentials are checked by checkVendorSetup, which may await them.
      if (!vendor.loadCredentials) this.parseCredentials(routed, vendor.credentials);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
    return problems;
  }

  /**
   * Checks a vendor like {@link checkVendor}, and also loads and checks credentials that the
   * record loads lazily (`loadCredentials`), without calling the provider. The loaded plaintext
   * is dropped at once.
   */
  async checkVendorSetup(vendor: VendorRecord): Promise<string[]> {
    const problems = this.checkVendor(vendor);
    if (problems.length > 0 || !vendor.loadCredentials) return problems;
    try {
      await this.loadCredentials(this.routeConnector(vendor));
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
    return problems;
  }

  /**
   * Runs one connector operation with a fresh context: parsed credentials, a child logger, the
   * clock, a per-request HTTP time limit, and a signal that aborts at the operation's time
   * limit. The result is raced against that signal, so a connector that ignores it still cannot
   * hold the caller. A failure is logged with the connector's own message and details, and
   * rethrown with a message for the family (see {@link familyError}). An abort becomes
   * `timeoutCode` and is logged as a warning. Other errors outside the contract become
   * `provider_unavailable` and are logged as errors.
   */
  async call<T>(
    routed: RoutedVendor,
    operation: string,
    options: ConnectorCallOptions,
    run: (connector: AnyConnector, context: ConnectorContext) => Promise<T>,
  ): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.operationTimeoutMs;
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (options.signal) signals.push(options.signal);
    const signal = AbortSignal.any(signals);
    const logger = connectorLogger(this.logger, {
      vendorId: routed.vendor.id,
      connectorId: routed.manifest.id,
      operation,
      requestId: options.requestId,
    });

    let credentials: unknown;
    try {
      credentials = await this.loadCredentials(routed);
    } catch (error) {
      logger.error(errorLogFields(error), 'Vendor credentials could not be loaded or are invalid');
      const converted = familyError(toConnectorError(error), routed.vendor.displayName, 'setup');
      setupErrors.add(converted);
      throw converted;
    }
    const context: ConnectorContext = {
      vendor: {
        id: routed.vendor.id,
        displayName: routed.vendor.displayName,
        timeZone: routed.vendor.timeZone,
        config: routed.config,
      },
      credentials,
      http: {
        timeoutMs: Math.min(this.requestTimeoutMs, timeoutMs),
        ...(this.dispatcher === undefined ? {} : { dispatcher: this.dispatcher }),
      },
      logger,
      clock: this.clock,
      signal,
      requestId: options.requestId,
    };

    const started = performance.now();
    logger.debug({}, 'Connector call started');
    try {
      const result = await raceWithSignal(run(routed.connector, context), signal);
      logger.debug(
        { durationMs: Math.round(performance.now() - started) },
        'Connector call finished',
      );
      return result;
    } catch (error) {
      const converted = toConnectorError(error, options.timeoutCode);
      const fields = {
        ...errorLogFields(error),
        durationMs: Math.round(performance.now() - started),
      };
      if (converted === error) {
        logger.warn(fields, 'Connector call failed');
      } else if (isAbortError(error)) {
        // A slow provider or a caller that gave up is an expected failure, not a connector defect.
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        const message = timedOut ? 'Connector call timed out' : 'Connector call aborted';
        logger.warn({ ...fields, errorCode: converted.code, timeoutMs }, message);
      } else {
        logger.error(fields, 'Connector call failed with an error outside the contract');
      }
      throw familyError(converted, routed.vendor.displayName);
    }
  }

  /** Loads the vendor's credentials, through `loadCredentials` when the record has it, and parses them. */
  private async loadCredentials(routed: RoutedVendor): Promise<unknown> {
    const vendor = routed.vendor;
    const raw = vendor.loadCredentials ? await vendor.loadCredentials() : vendor.credentials;
    return this.parseCredentials(routed, raw);
  }

  private parseCredentials(routed: RoutedVendor, credentials: unknown): unknown {
    const schema = routed.manifest.credentialsSchema;
    return parseVendorField(routed.vendor, schema, credentials, 'credentials');
  }
}

/** Errors {@link ProviderRouter.call} raised because the vendor's credentials failed to load. */
const setupErrors = new WeakSet<object>();

/**
 * Checks whether an error of {@link ProviderRouter.call} comes from the vendor's set-up (its
 * credentials failed to load or are invalid), so no provider request was sent.
 */
export function isVendorSetupError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && setupErrors.has(error);
}

/** Lists the problems of a vendor record that no connector is needed to find. */
function recordProblems(vendor: VendorRecord): string[] {
  const problems = [...(vendor.problems ?? [])];
  if (!isTimeZone(vendor.timeZone)) {
    problems.push(
      `Vendor "${vendor.id}" has the time zone "${vendor.timeZone}", which is not an IANA time ` +
        'zone. Use one such as "America/Chicago".',
    );
  }
  return problems;
}

/**
 * Parses a vendor's config or credentials with the connector's schema. The error names the
 * vendor and each field; values never appear, and credentials get fixed texts per issue code.
 */
function parseVendorField(
  vendor: VendorRecord,
  schema: z.ZodType,
  value: unknown,
  part: 'config' | 'credentials',
): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;

  const problems = result.error.issues.slice(0, 5).map((issue) => {
    const secret = part === 'credentials';
    return `field "${issuePath(issue, [part])}" ${describeIssue(issue, secret)}`;
  });
  throw new ConnectorError(
    'invalid_request',
    `Vendor "${vendor.id}" has invalid ${part} for connector "${vendor.connector}": ` +
      `${problems.join('; ')}. Fix the vendor's ${part}.`,
    { vendorId: vendor.id },
  );
}
