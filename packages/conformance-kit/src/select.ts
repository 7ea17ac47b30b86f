import {
  CapabilityMatrixSchema,
  type AnyConnector,
  type CapabilityMatrix,
  type ResolvedManifest,
} from '@signupassist/contract';
import type { ConformanceCheck } from './check.js';
import { ALL_CHECKS } from './checks/index.js';
import { highestLevel, levelRank, resolveLevel } from './levels.js';
import type { CheckInfo, ConformanceLevel } from './types.js';

/** Capabilities assumed when a manifest declares invalid ones: the required ones, natively. */
const FALLBACK_CAPABILITIES: CapabilityMatrix = CapabilityMatrixSchema.parse({
  catalog: 'native',
  fields: 'native',
  book: 'absent',
  cancel: 'absent',
  idempotency: 'absent',
});

/** Returns the connector's capabilities, or undefined when its manifest declares invalid ones. */
export function declaredCapabilities(connector: AnyConnector): CapabilityMatrix | undefined {
  const parsed = CapabilityMatrixSchema.safeParse(connector.manifest?.capabilities);
  return parsed.success ? parsed.data : undefined;
}

function lenientManifest(connector: AnyConnector): ResolvedManifest {
  return {
    ...connector.manifest,
    capabilities: declaredCapabilities(connector) ?? FALLBACK_CAPABILITIES,
  };
}

/** Every check id of the kit, for validating baselines and `only` lists. */
export const CHECK_IDS: readonly string[] = ALL_CHECKS.map((check) => check.id);

/** Returns the checks that certify a connector at a level, in run order. */
export function selectChecks(connector: AnyConnector, level: ConformanceLevel): ConformanceCheck[] {
  const manifest = lenientManifest(connector);
  return ALL_CHECKS.filter(
    (check) => levelRank(check.level) <= levelRank(level) && (check.appliesTo?.(manifest) ?? true),
  );
}

/** Returns the ids of every check that applies to a connector, up to the highest level it allows. */
export function applicableCheckIds(connector: AnyConnector): string[] {
  return selectChecks(connector, highestLevel(connector)).map((check) => check.id);
}

/** Returns the public description of a check, without its code. */
export function checkInfo(check: ConformanceCheck): CheckInfo {
  return {
    id: check.id,
    title: check.title,
    level: check.level,
    ...(check.capability === undefined ? {} : { capability: check.capability }),
    writes: check.writes,
    needsSandbox: check.needsSandbox ?? false,
  };
}

/**
 * Lists the checks that certify a connector at `level` (default: the highest its manifest
 * allows), in run order. Throws when the level is above what the manifest allows.
 */
export function listChecks(connector: AnyConnector, level?: ConformanceLevel): CheckInfo[] {
  return selectChecks(connector, resolveLevel(connector, level)).map(checkInfo);
}
