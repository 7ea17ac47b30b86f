import type { z } from 'zod';
import type { CapabilityMatrix, CapabilityMatrixInput } from './capabilities.js';
import type { Program, Session } from './catalog.js';
import type { RegistrationForm } from './form.js';
import type {
  BookingReceipt,
  CancellationResult,
  Hold,
  RegistrationRequest,
} from './registration.js';

/** Structured logger a connector receives; pino and console-like loggers fit. */
export interface ConnectorLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Source of the current time, replaceable by a fake clock in tests. */
export interface Clock {
  now(): Date;
}

/** The vendor a call is made for, with its validated connector config. */
export interface VendorContext<Config> {
  id: string;
  displayName: string;
  /** IANA time zone of the vendor, for provider times that carry no offset. */
  timeZone: string;
  config: Config;
}

/** HTTP settings the host passes to connectors. */
export interface HttpOptions {
  /** Time limit of one provider request, in milliseconds. */
  timeoutMs: number;
  /** An undici `Dispatcher` shared across calls, for connectors built on undici. */
  dispatcher?: unknown;
}

/** Everything a connector operation may use; the host builds one per call. */
export interface ConnectorContext<Config = unknown, Credentials = unknown> {
  vendor: VendorContext<Config>;
  /** Decrypted credentials; they exist only for the duration of the call. */
  credentials: Credentials;
  http: HttpOptions;
  logger: ConnectorLogger;
  clock: Clock;
  /** Aborts the whole operation, including retries and waits. */
  signal: AbortSignal;
  /** Correlation id for logs. */
  requestId: string;
}

/** Result of checking a vendor's credentials against the provider. */
export interface CredentialCheck {
  valid: boolean;
  /** Provider account the credentials belong to. */
  accountId?: string;
  /** Provider permissions granted to the credentials. */
  permissions?: string[];
  /** Reasons the credentials fall short, when `valid` is false. */
  problems?: string[];
}

/** Static description of a connector. */
export interface ConnectorManifest<Config = unknown, Credentials = unknown> {
  /** Stable id vendors refer to, e.g. `bookeo`. */
  id: string;
  displayName: string;
  /** Version of the connector package. */
  version: string;
  /** Semver range of contract versions the connector implements, e.g. `^1.0.0`. */
  contractVersion: string;
  capabilities: CapabilityMatrixInput;
  /** Schema of a vendor's credentials. */
  credentialsSchema: z.ZodType<Credentials>;
  /** Credential keys whose values are secret and must never be shown or logged. */
  secretFields: readonly string[];
  /** Schema of a vendor's connector config. */
  configSchema: z.ZodType<Config>;
}

/** What a registration asked for: the request without its idempotency key and hold id. */
export type RegistrationDetails = Omit<RegistrationRequest, 'idempotencyKey' | 'holdId'>;

/**
 * Target of `getBooking`. Hosts pass `registration` when they stored it. A hand-off connector
 * needs it to find the family's record at the provider, for example by the guardian's email,
 * because the family, not the connector, created that record.
 */
export interface BookingLookup {
  bookingId: string;
  /** The registration the booking was made from, when the host has it. */
  registration?: RegistrationDetails;
}

/** Filters a host may pass to `listPrograms`; connectors may ignore them. */
export interface ProgramQuery {
  text?: string;
}

/** Date window of `listSessions`. */
export interface SessionQuery {
  programId: string;
  /** Earliest session start; defaults to now. */
  from?: Date;
  /** Latest session start; defaults to a connector-chosen horizon. */
  to?: Date;
}

/**
 * Interface every connector implements. Operations throw only `ConnectorError`; optional operations
 * exist exactly when the manifest declares their capability.
 */
export interface Connector<Config = unknown, Credentials = unknown> {
  manifest: ConnectorManifest<Config, Credentials>;
  verifyCredentials(context: ConnectorContext<Config, Credentials>): Promise<CredentialCheck>;
  listPrograms(
    context: ConnectorContext<Config, Credentials>,
    query?: ProgramQuery,
  ): Promise<Program[]>;
  listSessions(
    context: ConnectorContext<Config, Credentials>,
    query: SessionQuery,
  ): Promise<Session[]>;
  getRegistrationForm(
    context: ConnectorContext<Config, Credentials>,
    target: { programId: string; sessionId?: string },
  ): Promise<RegistrationForm>;
  /** Registers once per idempotency key; a repeat returns the first booking's receipt. */
  book(
    context: ConnectorContext<Config, Credentials>,
    request: RegistrationRequest,
  ): Promise<BookingReceipt>;
  cancel(
    context: ConnectorContext<Config, Credentials>,
    target: { bookingId: string; reason?: string },
  ): Promise<CancellationResult>;
  getBooking(
    context: ConnectorContext<Config, Credentials>,
    target: BookingLookup,
  ): Promise<BookingReceipt>;
  hold?(
    context: ConnectorContext<Config, Credentials>,
    request: Omit<RegistrationRequest, 'idempotencyKey' | 'holdId'>,
  ): Promise<Hold>;
  releaseHold?(
    context: ConnectorContext<Config, Credentials>,
    target: { holdId: string },
  ): Promise<void>;
  joinWaitlist?(
    context: ConnectorContext<Config, Credentials>,
    request: RegistrationRequest,
  ): Promise<BookingReceipt>;
  handleWebhook?(
    context: ConnectorContext<Config, Credentials>,
    webhook: { headers: Record<string, string>; rawBody: string; url: string },
  ): Promise<{ bookingIds: string[] }>;
}

/** A connector of unknown config and credential types, as a host holds it. */
export type AnyConnector = Connector<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A manifest whose capabilities have their defaults applied. */
export type ResolvedManifest = Omit<ConnectorManifest, 'capabilities'> & {
  capabilities: CapabilityMatrix;
};

/** Returns the connector unchanged; exists so authors get the interface's type checking. */
export function defineConnector<Config, Credentials>(
  connector: Connector<Config, Credentials>,
): Connector<Config, Credentials> {
  return connector;
}
