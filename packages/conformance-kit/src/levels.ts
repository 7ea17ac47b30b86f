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
 * Returns the levels that certify a connector: `catalog` and `full` when it books through the
 * provider's API, `catalog` and `handoff` when it hands registrations off, else `catalog`.
 * `handoff` never applies to a connector that books through the API, because its hand-off
 * checks would not run and the result would tell nothing about booking.
 */
export function applicableLevels(connector: AnyConnector): ConformanceLevel[] {
  const highest = highestLevel(connector);
  return highest === 'catalog' ? ['catalog'] : ['catalog', highest];
}

function bookCapability(connector: AnyConnector): string {
  return String(
    (connector.manifest?.capabilities as { book?: unknown } | undefined)?.book ?? 'absent',
  );
}

/**
 * Returns the level to certify: `requested`, or the highest the manifest allows. Throws when
 * `requested` is not a level, or is not among the levels that apply to the connector (see
 * {@link applicableLevels}), naming those levels.
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
  const applicable = applicableLevels(connector);
  if (applicable.includes(requested)) return requested;

  const id = String(connector.manifest?.id);
  const book = bookCapability(connector);
  const levels = applicable.map((level) => `"${level}"`).join(' or ');
  if (levelRank(requested) > levelRank(highest)) {
    throw new RangeError(
      `Level "${requested}" is above what connector "${id}" declares: its manifest has book ` +
        `"${book}", which allows "${highest}" at most. Request ${levels}, or declare the ` +
        'booking capability.',
    );
  }
  throw new RangeError(
    `Level "${requested}" does not apply to connector "${id}": its manifest has book ` +
      `"${book}", which books through the provider's API, so the levels that apply are ` +
      `${levels}. Request one of them.`,
  );
}
