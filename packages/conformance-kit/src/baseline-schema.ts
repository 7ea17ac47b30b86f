import { z } from 'zod';

/** The shape of a baseline, shared by `runConformance`, `describeConformance` and the CLI. */
export const BaselineSchema = z.strictObject({
  $schema: z.string().optional(),
  expectedFailures: z.array(
    z.strictObject({
      check: z.string().trim().min(1, 'must be a check id'),
      reason: z.string().trim().min(1, 'must say why the check fails'),
    }),
  ),
});

/** Sentence every message about an invalid baseline ends with. */
export const BASELINE_ENTRY_HINT =
  'Each entry of "expectedFailures" needs a "check" id and a "reason".';

/** Formats a zod issue path as `expectedFailures[0].reason`. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return 'the top level';
  return path
    .map((key, index) =>
      typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`,
    )
    .join('');
}

/**
 * Returns what is wrong with a baseline, as `at expectedFailures[0].reason: must say why the
 * check fails`, or undefined for a valid one. A check id or reason that is empty after trimming
 * is invalid.
 */
export function baselineProblem(baseline: unknown): string | undefined {
  const parsed = BaselineSchema.safeParse(baseline);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return `at ${formatIssuePath(issue?.path ?? [])}: ${issue?.message}`;
}
