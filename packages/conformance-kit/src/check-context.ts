import {
  isConnectorError,
  RegistrationFormSchema,
  type AnyConnector,
  type CapabilityMatrix,
  type ConnectorContext,
  type ConnectorError,
  type ConnectorErrorCode,
  type RegistrationForm,
  type RegistrationRequest,
} from '@signupassist/contract';
import type {
  ConformanceSandbox,
  SandboxScenario,
  SandboxTarget,
} from '@signupassist/contract/testing';
import type { z } from 'zod';
import { generateAnswers, type GenerateAnswersOptions } from './answers.js';
import { ensure, fail, skip } from './check.js';
import type { RunEnvironment } from './environment.js';
import { describeError } from './errors-text.js';
import type { CheckInfo } from './types.js';

/** Overrides of the connector context a check builds. */
export interface ContextOverrides {
  credentials?: unknown;
  /** Signal that aborts the operation, besides the check's own time limit. */
  signal?: AbortSignal;
  /**
   * Runs the operation outside the check's time limit, with a limit of its own, for cleanup
   * that must work after the check timed out.
   */
  detached?: boolean;
}

/** Time limit of one cleanup operation, in milliseconds. */
const CLEANUP_TIMEOUT_MS = 30_000;

/** Sessions of the scenario a check may ask for. */
export type TargetKind = 'bookable' | 'soldOut' | 'handoff' | 'waitlist';

/** What a session of each kind must be, for messages about a scenario that lacks one. */
const TARGET_DESCRIPTIONS: Record<TargetKind, string> = {
  bookable: 'a program and session with free seats',
  soldOut: 'a program and session with no seats left',
  handoff: 'a program and session whose registration is handed off',
  waitlist: 'a program and session with a waiting list',
};

/** Result of an operation that may fail. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Working set of one check: the connector, contexts built the way a host builds them, the
 * sandbox and its ground truth, and helpers that turn connector behaviour into failure messages.
 */
export class CheckContext {
  readonly #cleanups: (() => Promise<unknown>)[] = [];
  #keyNumber = 0;

  constructor(
    readonly environment: RunEnvironment,
    readonly check: CheckInfo,
    /** Aborts when the check runs out of time. */
    readonly signal: AbortSignal,
    /** Run-unique prefix of idempotency keys. */
    readonly keyPrefix: string,
    /** The connector's capabilities, when its manifest declares valid ones. */
    readonly capabilities: CapabilityMatrix | undefined,
  ) {}

  get connector(): AnyConnector {
    return this.environment.connector;
  }

  /** Returns the sandbox, or skips the check in a live run. */
  sandbox(): ConformanceSandbox {
    const sandbox = this.environment.sandbox;
    if (!sandbox) skip('needs the sandbox, which a live run does not have');
    return sandbox;
  }

  /** Returns the sandbox's ground truth, or skips the check in a live run. */
  scenario(): SandboxScenario {
    this.sandbox();
    const scenario = this.environment.scenario;
    if (!scenario)
      fail("The sandbox's scenario() returned nothing; it must return the seed's ids.");
    return scenario;
  }

  /**
   * Ends a check that the scenario gives no data for: `problem` says what is missing and
   * `remedy` which scenario field to set. A sandbox run fails the check, because a skip there
   * would let its level be reached with the check never run. A live run skips it.
   */
  missingScenario(problem: string, remedy: string): never {
    if (this.environment.live) skip(problem);
    fail(`${problem}. ${remedy}`);
  }

  /**
   * Returns the session of a kind: from the scenario in a sandbox run, and for `bookable` the
   * named test session in a live run. A live run without one skips the check. A sandbox
   * scenario without one fails it, naming the scenario field to set, because a skip would
   * report a pass at a level the check never ran at.
   */
  target(kind: TargetKind): SandboxTarget {
    const { live, scenario } = this.environment;
    if (live) {
      if (kind === 'bookable' && live.testSession) return live.testSession;
      skip(`a live run names no ${kind} session`);
    }
    const target = scenario?.[kind];
    if (!target && kind === 'bookable') {
      fail(
        'The sandbox scenario names no bookable session, which every check that books needs. ' +
          'Set scenario().bookable to a program and session with free seats.',
      );
    }
    if (!target) {
      this.missingScenario(
        `The sandbox scenario names no ${kind} session, which this check needs`,
        `Set scenario().${kind} to ${TARGET_DESCRIPTIONS[kind]}.`,
      );
    }
    return target;
  }

  /** Returns the connector's current time: the sandbox clock, or the real time in a live run. */
  now(): Date {
    return this.environment.sandbox?.now() ?? new Date();
  }

  /** Builds a connector context as a host does: vendor, credentials, logger, clock and signal. */
  connectorContext(overrides: ContextOverrides = {}): ConnectorContext<unknown, unknown> {
    const { environment } = this;
    const checkSignal = overrides.detached ? AbortSignal.timeout(CLEANUP_TIMEOUT_MS) : this.signal;
    const signal = overrides.signal
      ? AbortSignal.any([checkSignal, overrides.signal])
      : checkSignal;
    return {
      vendor: environment.vendor,
      credentials: 'credentials' in overrides ? overrides.credentials : environment.credentials,
      http: { timeoutMs: environment.requestTimeoutMs },
      logger: environment.recorder.logger(this.check.id),
      clock: { now: () => this.now() },
      signal,
      requestId: environment.recorder.nextRequestId(),
    };
  }

  /** Runs a connector operation and records what it returns or throws for the run-wide checks. */
  async attempt<T>(
    operation: string,
    run: (context: ConnectorContext<unknown, unknown>) => Promise<T>,
    overrides: ContextOverrides = {},
  ): Promise<Outcome<T>> {
    try {
      const value = await run(this.connectorContext(overrides));
      this.environment.recorder.results.push({ check: this.check.id, operation, value });
      return { ok: true, value };
    } catch (error) {
      this.environment.recorder.errors.push({ check: this.check.id, operation, error });
      return { ok: false, error };
    }
  }

  /** Runs an operation that must succeed; a failure fails the check, naming the error. */
  async expectSuccess<T>(
    operation: string,
    run: (context: ConnectorContext<unknown, unknown>) => Promise<T>,
    overrides: ContextOverrides = {},
  ): Promise<T> {
    const outcome = await this.attempt(operation, run, overrides);
    if (outcome.ok) return outcome.value;
    if (this.signal.aborted) fail(`${operation} did not finish within the check's time limit.`);
    fail(`${operation} failed with ${describeError(outcome.error)}`);
  }

  /**
   * Runs an operation that must throw a ConnectorError with one of `codes`. Success, another
   * code or another kind of error fails the check. `situation` describes what the kit set up.
   */
  async expectError(
    operation: string,
    run: (context: ConnectorContext<unknown, unknown>) => Promise<unknown>,
    codes: readonly ConnectorErrorCode[],
    situation: string,
    overrides: ContextOverrides = {},
  ): Promise<ConnectorError> {
    const expected = codes.map((code) => `"${code}"`).join(' or ');
    const outcome = await this.attempt(operation, run, overrides);
    if (outcome.ok)
      fail(`${operation} succeeded ${situation}; expected ConnectorError ${expected}.`);

    const { error } = outcome;
    if (!isConnectorError(error)) {
      fail(
        `${operation} threw ${describeError(error)} ${situation}; expected ConnectorError ${expected}.`,
      );
    }
    ensure(
      codes.includes(error.code),
      `${operation} threw ConnectorError "${error.code}" ${situation}; expected ${expected}.`,
    );
    return error;
  }

  /** Parses a value the connector returned with a contract schema, failing with the first issue. */
  parse<Schema extends z.ZodType>(schema: Schema, value: unknown, what: string): z.output<Schema> {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    fail(
      `${what} does not match the contract: ${issue?.path.join('.') || '(root)'} ${issue?.message}.`,
    );
  }

  /** Returns an idempotency key unique to this run. */
  newKey(label: string): string {
    this.#keyNumber += 1;
    return `${this.keyPrefix}-${label}-${this.#keyNumber}`;
  }

  /** Reads the registration form of a session and checks it against the contract schema. */
  async form(target: { programId: string; sessionId?: string }): Promise<RegistrationForm> {
    const form = await this.expectSuccess('getRegistrationForm', (context) =>
      this.connector.getRegistrationForm(context, target),
    );
    return this.parse(
      RegistrationFormSchema,
      form,
      `The registration form of program "${target.programId}"`,
    );
  }

  /**
   * Builds a registration request for a session from the connector's own form, with answers
   * the kit generates to be valid under the form's JSON Schema.
   */
  async registration(
    target: SandboxTarget,
    idempotencyKey: string,
    options: GenerateAnswersOptions = {},
  ): Promise<RegistrationRequest> {
    const form = await this.form(target);
    return {
      programId: target.programId,
      sessionId: target.sessionId,
      ...generateAnswers(form, this.now(), options),
      idempotencyKey,
    };
  }

  /** Registers work to run after the check, such as cancelling a live booking. */
  afterCheck(cleanup: () => Promise<unknown>): void {
    this.#cleanups.push(cleanup);
  }

  /** Runs the registered cleanups, newest first, and returns what they threw. */
  async runCleanups(): Promise<unknown[]> {
    const problems: unknown[] = [];
    for (const cleanup of this.#cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        problems.push(error);
      }
    }
    return problems;
  }
}
