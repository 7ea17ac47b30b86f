import { BASELINE_ENTRY_HINT, baselineProblem } from './baseline-schema.js';
import type { Baseline, CheckResult, CheckStatus, CheckVerdict } from './types.js';

/** A check result before the baseline is applied. */
export type RawCheckResult = Omit<CheckResult, 'verdict' | 'baselineReason'>;

/**
 * Throws when the baseline is not a valid baseline (an entry without a check id or without a
 * reason, after trimming), names a check id that is not in `knownIds`, or names one twice.
 * The message names the entry, so a renamed or misspelled entry is found at once.
 */
export function checkBaselineIds(baseline: Baseline, knownIds: readonly string[]): void {
  const problem = baselineProblem(baseline);
  if (problem !== undefined) {
    throw new RangeError(`Invalid baseline ${problem}. ${BASELINE_ENTRY_HINT}`);
  }
  const known = new Set(knownIds);
  const seen = new Set<string>();
  for (const entry of baseline.expectedFailures) {
    if (!known.has(entry.check)) {
      throw new RangeError(
        `The baseline lists unknown check "${entry.check}". Remove the entry or correct the ` +
          'id; `signupassist-conformance --list` prints the ids.',
      );
    }
    if (seen.has(entry.check)) {
      throw new RangeError(`The baseline lists check "${entry.check}" twice. Keep one entry.`);
    }
    seen.add(entry.check);
  }
}

/**
 * Throws when the baseline lists a check that does not apply to the connector at any level its
 * manifest allows, such as a `holds.*` check of a connector that no longer declares holds. Such
 * an entry never runs, so neither a failure nor a pass would ever remove it.
 */
export function checkBaselineApplies(
  baseline: Baseline,
  applicableIds: readonly string[],
  connectorId: string,
): void {
  const applicable = new Set(applicableIds);
  for (const entry of baseline.expectedFailures) {
    if (applicable.has(entry.check)) continue;
    throw new RangeError(
      `The baseline lists check "${entry.check}", which does not apply to connector ` +
        `"${connectorId}": it belongs to a level above the manifest's or to a capability the ` +
        'manifest does not declare. Remove the entry.',
    );
  }
}

/** Returns the verdict of a status when the baseline does or does not list the check. */
export function verdictOf(status: CheckStatus, listed: boolean): CheckVerdict {
  if (!listed) return status;
  if (status === 'failed') return 'expected_failure';
  if (status === 'passed') return 'unexpected_pass';
  return 'skipped';
}

/**
 * Applies a baseline to check results: a listed check that failed becomes `expected_failure`,
 * a listed check that passed becomes `unexpected_pass`, and both carry the baseline's reason.
 * `passed` is false when any verdict is `failed` or `unexpected_pass`. Throws, naming the id,
 * when the baseline lists a check outside `knownIds`.
 */
export function applyBaseline(
  results: readonly RawCheckResult[],
  baseline: Baseline = { expectedFailures: [] },
  knownIds: readonly string[] = results.map((result) => result.id),
): { checks: CheckResult[]; passed: boolean } {
  checkBaselineIds(baseline, knownIds);
  const reasons = new Map(baseline.expectedFailures.map((entry) => [entry.check, entry.reason]));

  const checks = results.map((result): CheckResult => {
    const reason = reasons.get(result.id);
    const verdict = verdictOf(result.status, reason !== undefined);
    return { ...result, verdict, ...(reason === undefined ? {} : { baselineReason: reason }) };
  });
  const passed = checks.every(
    (check) => check.verdict !== 'failed' && check.verdict !== 'unexpected_pass',
  );
  return { checks, passed };
}
