import {
  isConnectorError,
  type Clock,
  type ConnectorContext,
  type ConnectorError,
  type ConnectorLogger,
  type RegistrationRequest,
} from '@signupassist/contract';
import { expect } from 'vitest';
import {
  CampMinderConfigSchema,
  type CampMinderConfig,
  type CampMinderConfigInput,
  type CampMinderCredentials,
} from '../src/index.js';
import {
  createSandboxClock,
  PINE_LAKE_CLIENT_ID,
  startCampMinderSandbox,
  type CampMinderSandbox,
  type CampMinderSandboxOptions,
} from '../src/sandbox/index.js';

/** One call to the logger of a harness context. */
export interface LogLine {
  level: string;
  fields: Record<string, unknown>;
  message: string;
}

/** Overrides for the context that {@link ConnectorHarness.contextFor} builds. */
export interface ContextOptions {
  /** Config fields over the sandbox's vendor config for the camp. */
  config?: Partial<CampMinderConfigInput>;
  /** Credentials in place of the camp's own sandbox keys. */
  credentials?: CampMinderCredentials;
  /** Time limit of one provider request, in milliseconds. The default is 2,000. */
  timeoutMs?: number;
  /** Signal that aborts the operation. The default signal never aborts. */
  signal?: AbortSignal;
  /** Clock of the connector; the default is the sandbox clock. */
  clock?: Clock;
}

/** Log lines and errors that one test file collects, and the helpers that collect them. */
export interface ConnectorHarness {
  /** Every line logged through a context from `contextFor`, oldest first. */
  readonly logLines: LogLine[];
  /** Every error that `failure` has caught, oldest first. */
  readonly errors: unknown[];
  /**
   * Builds a context for a sandbox camp with its keys and config, the sandbox clock and a
   * logger that appends to `logLines`.
   */
  contextFor(
    sandbox: CampMinderSandbox,
    clientId?: number,
    options?: ContextOptions,
  ): ConnectorContext<CampMinderConfig, CampMinderCredentials>;
  /** Awaits a promise that must fail, records the error and checks it is a ConnectorError. */
  failure(promise: Promise<unknown>): Promise<ConnectorError>;
  /** Checks that no text in `texts` appears in the logged lines or in a recorded error. */
  expectNotLeaked(texts: readonly string[]): void;
}

/** Creates a harness with empty `logLines` and `errors`; call it once per test file. */
export function createConnectorHarness(): ConnectorHarness {
  const logLines: LogLine[] = [];
  const errors: unknown[] = [];

  function captureLogger(): ConnectorLogger {
    const log = (level: string) => (fields: Record<string, unknown>, message: string) =>
      logLines.push({ level, fields, message });
    return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  }

  function contextFor(
    sandbox: CampMinderSandbox,
    clientId = PINE_LAKE_CLIENT_ID,
    options: ContextOptions = {},
  ): ConnectorContext<CampMinderConfig, CampMinderCredentials> {
    const camp = sandbox.camps.find((item) => item.clientId === clientId)!;
    return {
      vendor: {
        id: `camp-${clientId}`,
        displayName: camp.name,
        timeZone: camp.timeZone,
        config: CampMinderConfigSchema.parse({
          ...sandbox.vendorConfig(clientId),
          ...options.config,
        }),
      },
      credentials: options.credentials ?? sandbox.credentials(clientId),
      http: { timeoutMs: options.timeoutMs ?? 2_000 },
      logger: captureLogger(),
      clock: options.clock ?? sandbox.clock,
      signal: options.signal ?? new AbortController().signal,
      requestId: `test-${Math.random().toString(36).slice(2)}`,
    };
  }

  async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    errors.push(error);
    expect(error, 'operation should have failed').toBeDefined();
    expect(isConnectorError(error)).toBe(true);
    return error as ConnectorError;
  }

  function expectNotLeaked(texts: readonly string[]): void {
    const logged = JSON.stringify(logLines);
    for (const text of texts) expect(logged).not.toContain(text);
    for (const error of errors) {
      for (const text of texts) {
        expect(JSON.stringify(error)).not.toContain(text);
        expect((error as Error).message).not.toContain(text);
      }
    }
  }

  return { logLines, errors, contextFor, failure, expectNotLeaked };
}

/** Start of the sandbox clock in the tests: 1 March 2027, before the 2027 season. */
export const TEST_START = new Date('2027-03-01T15:00:00Z');

/** Starts a sandbox with the demo seed for 2027 on a manual clock at {@link TEST_START}. */
export function startSandbox(
  options: Omit<CampMinderSandboxOptions, 'clock'> = {},
): Promise<CampMinderSandbox> {
  return startCampMinderSandbox({
    season: 2027,
    ...options,
    clock: createSandboxClock(TEST_START),
  });
}

/** Returns the keys of every camp of the sandbox, for leak checks. */
export function sandboxSecrets(sandbox: CampMinderSandbox): string[] {
  return sandbox.camps.flatMap((camp) => {
    const keys = sandbox.credentials(camp.clientId);
    return [keys.apiKey, keys.subscriptionKey];
  });
}

/** Returns a registration request for one session with `campers` campers of the Neil family. */
export function registrationFor(
  programId: string,
  sessionId: string,
  idempotencyKey: string,
  campers = 1,
): RegistrationRequest {
  const names = ['Ari', 'Bo', 'Cy', 'Di'];
  return {
    programId,
    sessionId,
    guardian: {
      firstName: 'Dana',
      lastName: 'Neil',
      email: 'dana.neil@example.com',
      phone: '+1 518 555 0100',
    },
    participants: names.slice(0, campers).map((firstName, index) => ({
      category: 'camper',
      answers: { firstName, lastName: 'Neil', birthDate: `2016-05-0${index + 1}` },
    })),
    idempotencyKey,
  };
}
