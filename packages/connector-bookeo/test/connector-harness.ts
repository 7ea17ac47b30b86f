import {
  isConnectorError,
  type ConnectorContext,
  type ConnectorError,
  type ConnectorLogger,
  type RegistrationRequest,
} from '@signupassist/contract';
import { expect } from 'vitest';
import {
  BookeoConfigSchema,
  type BookeoConfig,
  type BookeoConfigInput,
  type BookeoCredentials,
} from '../src/index.js';
import {
  createSandboxClock,
  startBookeoSandbox,
  type BookeoSandbox,
  type BookeoSeed,
} from '../src/sandbox/index.js';

/** One call to the logger of a harness context. */
export interface LogLine {
  level: string;
  fields: Record<string, unknown>;
  message: string;
}

/** Overrides for the context that {@link ConnectorHarness.contextFor} builds. */
export interface ContextOptions {
  /** Config fields over the schema defaults. `baseUrl` defaults to the sandbox URL. */
  config?: Partial<BookeoConfigInput>;
  /** Credentials in place of the ones the sandbox issued to the business. */
  credentials?: BookeoCredentials;
  /** Time limit of one provider request, in milliseconds. The default is 2,000. */
  timeoutMs?: number;
  /** Signal that aborts the operation. The default signal never aborts. */
  signal?: AbortSignal;
}

/** Log lines and errors that one test file collects, and the helpers that collect them. */
export interface ConnectorHarness {
  /** Every line logged through a context from `contextFor`, oldest first. */
  readonly logLines: LogLine[];
  /** Every error that `failure` has caught, oldest first. */
  readonly errors: unknown[];
  /**
   * Builds a context for the sandbox business `accountId`, with the sandbox's credentials and
   * clock and a logger that appends to `logLines`.
   */
  contextFor(
    sandbox: BookeoSandbox,
    accountId: string,
    options?: ContextOptions,
  ): ConnectorContext<BookeoConfig, BookeoCredentials>;
  /** Awaits a promise that must fail, records the error and checks it is a ConnectorError. */
  failure(promise: Promise<unknown>): Promise<ConnectorError>;
  /**
   * Checks that no text in `texts` appears in the logged lines, in the JSON of a recorded
   * error or in its message.
   */
  expectNotLeaked(texts: readonly string[]): void;
}

/**
 * Creates a harness with empty `logLines` and `errors`. Call it once per test file, so that the
 * file's leak check covers only what its own tests logged and caught.
 */
export function createConnectorHarness(): ConnectorHarness {
  const logLines: LogLine[] = [];
  const errors: unknown[] = [];

  function captureLogger(): ConnectorLogger {
    const log = (level: string) => (fields: Record<string, unknown>, message: string) =>
      logLines.push({ level, fields, message });
    return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  }

  function contextFor(
    sandbox: BookeoSandbox,
    accountId: string,
    options: ContextOptions = {},
  ): ConnectorContext<BookeoConfig, BookeoCredentials> {
    const business = sandbox.businesses.find((item) => item.accountId === accountId)!;
    return {
      vendor: {
        id: accountId.toLowerCase(),
        displayName: business.name,
        timeZone: business.timeZone,
        config: BookeoConfigSchema.parse({ baseUrl: sandbox.url, ...options.config }),
      },
      credentials: options.credentials ?? sandbox.credentials(accountId),
      http: { timeoutMs: options.timeoutMs ?? 2_000 },
      logger: captureLogger(),
      clock: sandbox.clock,
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

/** Starts a sandbox on a manual clock set to `start`, with the demo seed unless `seed` is given. */
export function startSandbox(start: Date, seed?: BookeoSeed): Promise<BookeoSandbox> {
  return startBookeoSandbox({ seed, clock: createSandboxClock(start) });
}

/** Returns the apiKey of each sandbox business and the sandbox's secret key. */
export function sandboxSecrets(sandbox: BookeoSandbox): string[] {
  const secrets = sandbox.businesses.map((business) => business.apiKey);
  secrets.push(sandbox.secretKey);
  return secrets;
}

/** Returns the request without its idempotency key, as `hold` takes it. */
export function withoutKey(request: RegistrationRequest) {
  const draft: Partial<RegistrationRequest> = { ...request };
  delete draft.idempotencyKey;
  return draft as Omit<RegistrationRequest, 'idempotencyKey'>;
}
