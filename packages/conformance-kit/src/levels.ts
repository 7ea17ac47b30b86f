import { CapabilityMatrixSchema, type AnyConnector } from '@signupassist/contract';
import type { ConformanceLevel } from './types.js';

/** Certification levels from lowest to highest. */
export const LEVELS: readonly ConformanceLevel[] = ['catalog', 'handoff', 'full'];

/** Returns the position of a level in {@link LEVELS}. */
export function levelRank(level: ConformanceLevel): number {
  return LEVELS.indexOf(level);
}

/**
 * Returns the highest level a connector's manifest allows: `full` when it books through the
 * provider's API (`book` is `native` or `emulated`), `handoff` when it hands registrations off,
 * else `catalog`. A manifest whose capabilities do not parse allows `catalog` only.
 */
export function highestLevel(connector: AnyConnector): ConformanceLevel {
  const parsed = CapabilityMatrixSchema.safeParse(connector.manifest?.capabilities);
  if (!parsed.success) return 'catalog';

  const book = parsed.data.book;
  if (book === 'native' || book === 'emulated') return 'full';
  if (book === 'handoff') return 'handoff';
  return 'catalog';
}

/**
 * Returns the level to certify: `requested`, or the highest the manifest allows. Throws when
 * `requested` is above what the manifest allows or is not a level.
 */
export function resolveLevel(
  connector: AnyConnector,
  requested: ConformanceLevel | undefined,
): ConformanceLevel {
  const highest = highestLevel(connector);
  if (requested === undefined) return highest;
  if (!LEVELS.includes(requested)) {
    throw new RangeError(`Unknown level "${String(requested)}": use ${LEVELS.join(', ')}.`);
  }
  if (levelRank(requested) > levelRank(highest)) {
    const book = String(
      (connector.manifest?.capabilities as { book?: unknown } | undefined)?.book ?? 'absent',
    );
    throw new RangeError(
      `Level "${requested}" is above what connector "${connector.manifest?.id}" declares: its ` +
        `manifest has book "${book}", which allows "${highest}" at most. Request "${highest}" ` +
        'or declare the booking capability.',
    );
  }
  return requested;
}
