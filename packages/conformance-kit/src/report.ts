import type { CheckResult, ConformanceLevel } from './types.js';
import { LEVELS, levelRank } from './levels.js';

const BLOCKING: ReadonlySet<string> = new Set(['failed', 'unexpected_pass']);

/**
 * Returns the highest level up to `requested` that the results reach. A level is reached when
 * no check at or below it failed or passed unexpectedly, and some check of its own ran (skipped
 * checks do not count for or against it). A level with no checks of its own, such as `handoff`
 * for a connector that books through the API, is passed over: it neither blocks nor counts.
 */
export function levelReached(
  results: readonly CheckResult[],
  requested: ConformanceLevel,
): ConformanceLevel | 'none' {
  let reached: ConformanceLevel | 'none' = 'none';
  for (const level of LEVELS.slice(0, levelRank(requested) + 1)) {
    const upTo = results.filter((result) => levelRank(result.level) <= levelRank(level));
    if (upTo.some((result) => BLOCKING.has(result.verdict))) break;

    const own = results.filter((result) => result.level === level);
    if (own.length === 0) continue;
    if (!own.some((result) => result.verdict !== 'skipped')) break;
    reached = level;
  }
  return reached;
}
