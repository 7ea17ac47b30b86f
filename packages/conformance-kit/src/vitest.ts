import type { AnyConnector } from '@signupassist/contract';
import type { ConformanceSandbox, StartConformanceSandbox } from '@signupassist/contract/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { checkBaselineApplies, checkBaselineIds } from './baseline.js';
import { resolveLevel } from './levels.js';
import { SANDBOX_STOP_TIMEOUT_MS } from './sandbox-lifecycle.js';
import {
  checkTimeoutOption,
  ConformanceRun,
  DEFAULT_CHECK_TIMEOUT_MS,
  selectRequested,
} from './runner.js';
import { applicableCheckIds, CHECK_IDS, selectChecks } from './select.js';
import type { Baseline, CheckResult, ConformanceLevel } from './types.js';

/** Options of {@link describeConformance}. */
export interface DescribeConformanceOptions {
  connector: AnyConnector;
  /** A running sandbox, or the function that starts one (then stopped after the suite). */
  sandbox: ConformanceSandbox | StartConformanceSandbox;
  /** Level to certify; default the highest the manifest's capabilities allow. */
  level?: ConformanceLevel;
  baseline?: Baseline;
  /** Registers only the checks with these ids. */
  only?: readonly string[];
  /** Name of the suite; default `conformance of <connector id> at <level>`. */
  name?: string;
  /** Time limit of one check, in milliseconds; default 30,000. */
  checkTimeoutMs?: number;
}

/** Turns a check result into the test's outcome: pass, skip or an error naming the fault. */
function settle(result: CheckResult, skipTest: (note: string) => void): void {
  switch (result.verdict) {
    case 'failed':
      throw new Error(result.message ?? `Check ${result.id} failed.`);
    case 'unexpected_pass':
      throw new Error(
        `Check ${result.id} passed, but the baseline lists it as an expected failure ` +
          `("${result.baselineReason}"). Remove the entry from the baseline.`,
      );
    case 'skipped':
      skipTest(result.message ?? 'skipped');
      return;
    case 'expected_failure':
    case 'passed':
      return;
  }
}

/**
 * Registers a vitest suite with one test per conformance check, in run order, sharing one
 * sandbox that is reset before each check. A baseline's expected failures pass, and a listed
 * check that passes fails its test so the entry gets removed. Throws while the file is collected
 * when the level does not apply to the manifest, the baseline has an entry without a check id
 * or reason, the baseline or `only` names an unknown check, or the baseline names a check that
 * does not apply to the connector.
 */
export function describeConformance(options: DescribeConformanceOptions): void {
  const level = resolveLevel(options.connector, options.level);
  const baseline = options.baseline ?? { expectedFailures: [] };
  checkBaselineIds(baseline, CHECK_IDS);
  checkBaselineApplies(
    baseline,
    applicableCheckIds(options.connector),
    String(options.connector.manifest.id),
  );
  const ids = selectRequested(selectChecks(options.connector, level), options.only).map(
    (check) => check.id,
  );
  checkTimeoutOption(options.checkTimeoutMs);
  const checkTimeoutMs = options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const name = options.name ?? `conformance of ${options.connector.manifest.id} at ${level}`;

  // The checks share one sandbox and reset it before each, and the hygiene checks read the whole
  // run, so they run in order even when the project runs tests concurrently or shuffled.
  describe(name, { concurrent: false, shuffle: false }, () => {
    let run: ConformanceRun | undefined;

    beforeAll(async () => {
      run = await ConformanceRun.start({ ...options, level, only: ids });
    });
    afterAll(async () => {
      await run?.close();
    }, SANDBOX_STOP_TIMEOUT_MS + 5_000);

    for (const id of ids) {
      it(
        id,
        async (test) => {
          if (!run) throw new Error('The conformance run did not start; see the suite error.');
          const check = run.checks.find((item) => item.id === id)!;
          settle(await run.runCheck(check), (note) => test.skip(note));
        },
        checkTimeoutMs + 5_000,
      );
    }
  });
}
