import type { ResolvedManifest } from '@signupassist/contract';
import type { CheckContext } from './check-context.js';
import type { CheckInfo } from './types.js';

/** A named check: what it certifies and the code that runs it. */
export interface ConformanceCheck extends CheckInfo {
  /**
   * Tells whether the check belongs to a connector with this manifest, such as the holds checks
   * to a connector that declares `holds`. Absent: it belongs to every connector of its level.
   */
  appliesTo?(manifest: ResolvedManifest): boolean;
  /** Runs the check. It passes by returning, and fails or skips by throwing {@link fail} or {@link skip}. */
  run(context: CheckContext): Promise<void>;
}

/** Error a check throws when the connector is at fault. Its message states what went wrong. */
export class CheckFailure extends Error {
  override readonly name = 'CheckFailure';
}

/** Error a check throws when it cannot run here. Its message states why. */
export class CheckSkipped extends Error {
  override readonly name = 'CheckSkipped';
}

/** Ends the check as failed with `message`. */
export function fail(message: string): never {
  throw new CheckFailure(message);
}

/** Ends the check as skipped with `reason`. */
export function skip(reason: string): never {
  throw new CheckSkipped(reason);
}

/** Fails the check with `message` unless `condition` holds. */
export function ensure(condition: unknown, message: string): asserts condition {
  if (!condition) fail(message);
}
