import { z } from 'zod';
import {
  CapabilityMatrixSchema,
  type CapabilityMatrix,
  type CapabilityName,
} from './capabilities.js';
import type { AnyConnector, ResolvedManifest } from './connector.js';
import { ConnectorError } from './errors.js';
import { checkContractRange, CONTRACT_VERSION } from './version.js';

const ManifestFieldsSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]{1,63}$/, 'must be lower-case letters, digits and dashes'),
  displayName: z.string().min(1),
  version: z.string().min(1),
  contractVersion: z.string().min(1),
  secretFields: z.array(z.string()),
});

/** Optional operations and the capability each one requires. */
const OPTIONAL_OPERATIONS: ReadonlyArray<[keyof AnyConnector, CapabilityName]> = [
  ['hold', 'holds'],
  ['releaseHold', 'holds'],
  ['joinWaitlist', 'waitlist'],
  ['handleWebhook', 'webhooks'],
];

function invalid(connectorId: string, problem: string): ConnectorError {
  return new ConnectorError('invalid_request', `Connector "${connectorId}" ${problem}`);
}

/**
 * Checks a connector's manifest and shape before a host uses it: fields, capability matrix,
 * contract range and that optional operations match the declared capabilities. Returns the
 * manifest with capability defaults applied; throws `invalid_request` naming the problem.
 */
export function resolveManifest(
  connector: AnyConnector,
  hubVersion = CONTRACT_VERSION,
): ResolvedManifest {
  const manifest = connector.manifest;
  const id = typeof manifest?.id === 'string' ? manifest.id : '(unnamed)';
  const fields = ManifestFieldsSchema.safeParse(manifest);
  if (!fields.success) {
    const issue = fields.error.issues[0];
    throw invalid(id, `has an invalid manifest: ${issue?.path.join('.')} ${issue?.message}.`);
  }

  const compatibility = checkContractRange(manifest.contractVersion, hubVersion);
  if (!compatibility.compatible) {
    throw invalid(id, `is not compatible with this hub: ${compatibility.reason}`);
  }

  const capabilities = CapabilityMatrixSchema.safeParse(manifest.capabilities);
  if (!capabilities.success) {
    const issue = capabilities.error.issues[0];
    throw invalid(id, `declares invalid capabilities: ${issue?.path.join('.')} ${issue?.message}.`);
  }
  checkOperations(connector, id, capabilities.data);

  for (const field of manifest.secretFields) {
    const shape = (manifest.credentialsSchema as unknown as { shape?: Record<string, unknown> })
      .shape;
    if (shape && !(field in shape)) {
      throw invalid(id, `lists secret field "${field}", which its credentials schema lacks.`);
    }
  }
  return { ...manifest, capabilities: capabilities.data };
}

function checkOperations(connector: AnyConnector, id: string, matrix: CapabilityMatrix): void {
  if (matrix.catalog === 'absent' || matrix.fields === 'absent') {
    throw invalid(id, 'must provide the catalog and fields capabilities.');
  }
  for (const [operation, capability] of OPTIONAL_OPERATIONS) {
    const declared = matrix[capability] !== 'absent';
    const present = typeof connector[operation] === 'function';
    if (declared && !present) {
      throw invalid(id, `declares "${capability}" but does not implement ${String(operation)}().`);
    }
  }
}
