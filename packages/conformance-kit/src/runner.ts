import { randomBytes } from 'node:crypto';
import { CONTRACT_VERSION, type AnyConnector } from '@signupassist/contract';
import type { ConformanceSandbox } from '@signupassist/contract/testing';
import {
  checkBaselineApplies,
  checkBaselineIds,
  verdictOf,
  type RawCheckResult,
} from './baseline.js';
import { CheckContext } from './check-context.js';
import { CheckFailure, CheckSkipped, type ConformanceCheck } from './check.js';
import type { RunEnvironment } from './environment.js';
import { liveEnvironment, sandboxEnvironment } from './environment-setup.js';
import { describeError, redact } from './errors-text.js';
import { resolveLevel } from './levels.js';
import { levelReached } from './report.js';
import { openSandbox, stopSandbox } from './sandbox-lifecycle.js';
import {
  applicableCheckIds,
  CHECK_IDS,
  checkInfo,
  declaredCapabilities,
  selectChecks,
} from './select.js';
import type {
  Baseline,
  CheckInfo,
  CheckResult,
  ConformanceLevel,
  ConformanceReport,
  RunOptions,
} from './types.js';
import { KIT_VERSION } from './version.js';

/** Default time limit of one check, in milliseconds. */
export const DEFAULT_CHECK_TIMEOUT_MS = 30_000;

/** Maximum check time limit, in milliseconds: the maximum delay of a Node.js timer. */
export const MAX_CHECK_TIMEOUT_MS = 2_147_483_647;

/**
 * Throws unless `checkTimeoutMs` is absent or a whole number of milliseconds from 1 to
 * {@link MAX_CHECK_TIMEOUT_MS}. Node.js fires a timer with a longer, negative or NaN delay
 * after 1 ms, which would fail every check at once.
 */
export function checkTimeoutOption(checkTimeoutMs: number | undefined): void {
  if (checkTimeoutMs === undefined) return;
  if (
    !Number.isInteger(checkTimeoutMs) ||
    checkTimeoutMs < 1 ||
    checkTimeoutMs > MAX_CHECK_TIMEOUT_MS
  ) {
    throw new RangeError(
      `Invalid checkTimeoutMs ${String(checkTimeoutMs)}: give a whole number of milliseconds ` +
        `from 1 to ${MAX_CHECK_TIMEOUT_MS}, such as ${DEFAULT_CHECK_TIMEOUT_MS}.`,
    );
  }
}

function checkOptions(options: RunOptions): void {
  if (!options?.connector?.manifest) {
    throw new TypeError('Invalid run options: connector must be a connector with a manifest.');
  }
  const sources = [options.sandbox, options.live].filter((source) => source !== undefined);
  if (sources.length !== 1) {
    throw new TypeError(
      'Invalid run options: pass exactly one of sandbox (a sandbox or its start function) and ' +
        'live (a vendor account).',
    );
  }
  checkTimeoutOption(options.checkTimeoutMs);
}

/**
 * Keeps the checks whose ids `only` lists, or all without `only`. Throws, naming the id, when
 * `only` lists an id the kit does not have.
 */
export function selectRequested(
  checks: ConformanceCheck[],
  only: readonly string[] | undefined,
): ConformanceCheck[] {
  if (only === undefined) return checks;
  for (const id of only) {
    if (!CHECK_IDS.includes(id)) {
      throw new RangeError(`Unknown check "${id}" in only: list the ids with listChecks().`);
    }
  }
  return checks.filter((check) => only.includes(check.id));
}

/** Returns why a live run skips a check, or undefined when it runs. */
function liveSkipReason(environment: RunEnvironment, check: ConformanceCheck) {
  const live = environment.live;
  if (!live) return undefined;
  if (check.needsSandbox) {
    return 'reads provider-side state or injects faults through the sandbox, so it runs only there';
  }
  if (check.writes && !(live.allowWrites && live.testSession)) {
    return 'books at the provider, so a live run runs it only with allowWrites and a testSession';
  }
  return undefined;
}

/** Turns what a check threw into its status and message. */
function outcomeOfError(error: unknown): Pick<RawCheckResult, 'status' | 'message'> {
  if (error instanceof CheckSkipped) return { status: 'skipped', message: error.message };
  if (error instanceof CheckFailure) return { status: 'failed', message: error.message };
  return {
    status: 'failed',
    message: `The check stopped on an unexpected error: ${describeError(error)}`,
  };
}

/**
 * Fails a check whose cleanup failed, such as a live booking that could not be cancelled, so
 * that nothing the check left at the provider goes unreported.
 */
function withCleanupProblems(
  outcome: Pick<RawCheckResult, 'status' | 'message'>,
  problems: unknown[],
): Pick<RawCheckResult, 'status' | 'message'> {
  if (problems.length === 0) return outcome;
  const cleanup =
    `Cleaning up after the check failed: ${problems.map(describeError).join('; ')}. ` +
    'Remove what the check left at the provider by hand.';
  const earlier = outcome.status === 'failed' && outcome.message ? `${outcome.message} ` : '';
  return { status: 'failed', message: `${earlier}${cleanup}` };
}

/**
 * One certification run: the checks chosen for a connector and level, the environment they
 * share, and the results so far. `runConformance` drives it from start to end. The vitest
 * integration runs one check per test.
 */
export class ConformanceRun {
  readonly results: CheckResult[] = [];
  readonly #startedAt = new Date();
  readonly #keyPrefix = `ck-${randomBytes(6).toString('hex')}`;
  readonly #reasons: Map<string, string>;
  #closed: Promise<void> | undefined;

  private constructor(
    readonly options: RunOptions,
    readonly level: ConformanceLevel,
    readonly checks: readonly ConformanceCheck[],
    readonly environment: RunEnvironment,
    /** Set when the run started the sandbox, so that `finish` stops it. */
    readonly ownedSandbox: ConformanceSandbox | undefined,
  ) {
    const baseline: Baseline = options.baseline ?? { expectedFailures: [] };
    this.#reasons = new Map(baseline.expectedFailures.map((entry) => [entry.check, entry.reason]));
  }

  /**
   * Checks the options, selects the checks and starts the sandbox when given its start
   * function. Throws on a level above the manifest's, an unknown id in `only` or the baseline,
   * or a baseline entry for a check that does not apply to the connector. Also throws on
   * options without exactly one of `sandbox` and `live`, and on a sandbox that fails to start.
   */
  static async start(options: RunOptions): Promise<ConformanceRun> {
    checkOptions(options);
    const level = resolveLevel(options.connector, options.level);
    const checks = selectRequested(selectChecks(options.connector, level), options.only);
    const baseline = options.baseline ?? { expectedFailures: [] };
    checkBaselineIds(baseline, CHECK_IDS);
    checkBaselineApplies(
      baseline,
      applicableCheckIds(options.connector),
      String(options.connector.manifest.id),
    );

    if (options.live) {
      const environment = liveEnvironment(options.connector, options.live);
      return new ConformanceRun(options, level, checks, environment, undefined);
    }
    const { sandbox, owned, prepared } = await openSandbox(options.sandbox!, async (started) => {
      await started.reset();
      return sandboxEnvironment(options.connector, started);
    });
    return new ConformanceRun(options, level, checks, prepared, owned ? sandbox : undefined);
  }

  get connector(): AnyConnector {
    return this.options.connector;
  }

  /** The checks of this run, as listed before running. */
  get checkInfos(): CheckInfo[] {
    return this.checks.map(checkInfo);
  }

  /** Runs one check, records its result with the baseline's verdict and returns it. */
  async runCheck(check: ConformanceCheck): Promise<CheckResult> {
    const info = checkInfo(check);
    this.options.onCheckStart?.(info);
    const started = performance.now();
    const outcome = await this.#execute(check, info);
    const raw: RawCheckResult = {
      ...info,
      ...outcome,
      ...(outcome.message === undefined
        ? {}
        : { message: redact(outcome.message, this.environment.secrets) }),
      durationMs: Math.round(performance.now() - started),
    };
    const reason = this.#reasons.get(check.id);
    const result: CheckResult = {
      ...raw,
      verdict: verdictOf(raw.status, reason !== undefined),
      ...(reason === undefined ? {} : { baselineReason: reason }),
    };
    this.results.push(result);
    this.options.onCheckEnd?.(result);
    return result;
  }

  async #execute(
    check: ConformanceCheck,
    info: CheckInfo,
  ): Promise<Pick<RawCheckResult, 'status' | 'message'>> {
    const skipReason = liveSkipReason(this.environment, check);
    if (skipReason) return { status: 'skipped', message: skipReason };

    const timeoutMs = this.options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    const controller = new AbortController();
    const context = new CheckContext(
      this.environment,
      info,
      controller.signal,
      this.#keyPrefix,
      declaredCapabilities(this.connector),
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort(new Error('The check ran out of time.'));
        reject(new CheckFailure(`The check did not finish within ${timeoutMs} ms.`));
      }, timeoutMs);
    });

    let outcome: Pick<RawCheckResult, 'status' | 'message'>;
    try {
      await Promise.race([this.#resetSandbox(), timedOut]);
      await Promise.race([check.run(context), timedOut]);
      outcome = { status: 'passed' };
    } catch (error) {
      outcome = outcomeOfError(error);
    } finally {
      clearTimeout(timer);
    }
    return withCleanupProblems(outcome, await context.runCleanups());
  }

  /**
   * Returns the sandbox to its seed before a check, inside the check's time limit, so that a
   * reset that hangs or throws fails that check with a message naming the sandbox.
   */
  async #resetSandbox(): Promise<void> {
    try {
      await this.environment.sandbox?.reset();
    } catch (error) {
      throw new CheckFailure(
        `The sandbox's reset() failed before the check: ` +
          `${redact(describeError(error), this.environment.secrets)}`,
      );
    }
  }

  /**
   * Stops the sandbox when the run started it, failing when its `stop()` takes longer than
   * `SANDBOX_STOP_TIMEOUT_MS`. Later calls return the first call's promise.
   */
  close(): Promise<void> {
    this.#closed ??= this.ownedSandbox ? stopSandbox(this.ownedSandbox) : Promise.resolve();
    return this.#closed;
  }

  /** Stops a sandbox the run started and returns the report of the checks run so far. */
  async finish(): Promise<ConformanceReport> {
    await this.close();
    const manifest = this.connector.manifest;
    const passed = this.results.every(
      (result) => result.verdict !== 'failed' && result.verdict !== 'unexpected_pass',
    );
    return {
      reportVersion: 1,
      connector: {
        id: String(manifest.id),
        displayName: String(manifest.displayName),
        version: String(manifest.version),
        contractRange: String(manifest.contractVersion),
      },
      contractVersion: CONTRACT_VERSION,
      kitVersion: KIT_VERSION,
      levelRequested: this.level,
      levelReached: levelReached(this.results, this.level),
      mode: this.environment.mode,
      startedAt: this.#startedAt.toISOString(),
      durationMs: Date.now() - this.#startedAt.getTime(),
      checks: [...this.results],
      passed,
    };
  }
}

/**
 * Certifies a connector: runs every check of the level against the sandbox (or a live vendor
 * account), applies the baseline and returns the report. Checks run one after another, and
 * the sandbox is reset before each.
 */
export async function runConformance(options: RunOptions): Promise<ConformanceReport> {
  const run = await ConformanceRun.start(options);
  try {
    for (const check of run.checks) await run.runCheck(check);
  } finally {
    await run.close();
  }
  return run.finish();
}
