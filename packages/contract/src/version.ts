import semver from 'semver';

/** Version of the connector contract this package defines. */
export const CONTRACT_VERSION = '1.1.0';

/** Contract versions a hub built on this package accepts from connectors. */
export const SUPPORTED_CONTRACT_RANGE = '^1.0.0';

/** Result of checking a connector's declared contract range. */
export type ContractCompatibility = { compatible: true } | { compatible: false; reason: string };

/**
 * Checks that a connector's declared contract range (e.g. `^1.0.0`) includes the contract
 * version the hub implements. A minor contract version only adds optional fields, so a
 * connector written for 1.0 works with a 1.x hub.
 */
export function checkContractRange(
  declaredRange: string,
  hubVersion: string = CONTRACT_VERSION,
): ContractCompatibility {
  if (semver.validRange(declaredRange) === null) {
    return {
      compatible: false,
      reason: `"${declaredRange}" is not a valid semver range; declare one such as ^1.0.0.`,
    };
  }
  if (!semver.satisfies(hubVersion, declaredRange)) {
    return {
      compatible: false,
      reason: `it implements contract ${declaredRange}, and this hub provides contract ${hubVersion}.`,
    };
  }
  return { compatible: true };
}
