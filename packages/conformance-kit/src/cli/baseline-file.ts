import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BASELINE_ENTRY_HINT, baselineProblem, BaselineSchema } from '../baseline-schema.js';
import type { Baseline } from '../types.js';
import { CliUsageError } from './errors.js';

/** File name the CLI looks for in the connector's package directory. */
export const DEFAULT_BASELINE_FILE = 'conformance-baseline.json';

/** A baseline and the file it came from. */
export interface LoadedBaseline {
  path: string;
  baseline: Baseline;
}

/**
 * Reads the baseline from `--baseline FILE`, or else from `conformance-baseline.json` in the
 * connector's package directory when that file exists. Returns undefined without either.
 */
export function loadBaseline(
  flag: string | undefined,
  cwd: string,
  packageDirectory: string,
): LoadedBaseline | undefined {
  if (flag !== undefined) {
    const path = resolve(cwd, flag);
    if (!existsSync(path)) {
      throw new CliUsageError(
        `Baseline file ${flag} does not exist (${path}). Correct --baseline, or drop it to ` +
          `use ${DEFAULT_BASELINE_FILE} in the connector's package directory.`,
      );
    }
    return { path, baseline: readBaseline(path) };
  }
  const path = join(packageDirectory, DEFAULT_BASELINE_FILE);
  return existsSync(path) ? { path, baseline: readBaseline(path) } : undefined;
}

/** Parses and validates a baseline file; throws `CliUsageError` naming the bad entry. */
export function readBaseline(path: string): Baseline {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliUsageError(
      `Cannot read baseline ${path}: ${(error as Error).message}. It must be JSON such as ` +
        '{ "expectedFailures": [{ "check": "CHECK_ID", "reason": "why it fails" }] }.',
    );
  }

  const problem = baselineProblem(json);
  if (problem !== undefined) {
    throw new CliUsageError(`Invalid baseline ${path} ${problem}. ${BASELINE_ENTRY_HINT}`);
  }
  const parsed = BaselineSchema.parse(json);

  const seen = new Map<string, number>();
  parsed.expectedFailures.forEach((entry, index) => {
    const first = seen.get(entry.check);
    if (first !== undefined) {
      throw new CliUsageError(
        `Invalid baseline ${path}: expectedFailures[${index}] repeats check "${entry.check}" ` +
          `of expectedFailures[${first}]. Keep one entry per check.`,
      );
    }
    seen.set(entry.check, index);
  });
  return { expectedFailures: parsed.expectedFailures };
}

/**
 * Rejects entries for checks the kit does not have, because a renamed or removed check would
 * otherwise stay in the baseline for ever.
 */
export function checkBaselineIds(loaded: LoadedBaseline, knownIds: ReadonlySet<string>): void {
  loaded.baseline.expectedFailures.forEach((entry, index) => {
    if (!knownIds.has(entry.check)) {
      throw new CliUsageError(
        `Baseline ${loaded.path}: expectedFailures[${index}] names check "${entry.check}", ` +
          'which this kit does not have. Remove the entry or correct the id ' +
          '(signupassist-conformance --list prints the ids).',
      );
    }
  });
}

/**
 * Rejects entries for checks that do not apply to the connector at any level its manifest
 * allows, because such a check never runs and its entry would never be removed.
 */
export function checkBaselineApplies(
  loaded: LoadedBaseline,
  applicableIds: ReadonlySet<string>,
  connectorId: string,
): void {
  loaded.baseline.expectedFailures.forEach((entry, index) => {
    if (!applicableIds.has(entry.check)) {
      throw new CliUsageError(
        `Baseline ${loaded.path}: expectedFailures[${index}] names check "${entry.check}", ` +
          `which does not apply to connector ${connectorId}: it belongs to a level above the ` +
          "manifest's or to a capability the manifest does not declare. Remove the entry.",
      );
    }
  });
}
