import { z } from 'zod';
import { ConnectorError } from './errors.js';

/**
 * Level of support for a capability: `native` through the provider's API, `emulated` on
 * top of it (idempotency by external-reference lookup, say), `absent` not at all.
 */
export const CapabilitySupportSchema = z.enum(['native', 'emulated', 'absent']);

/** Level of support for a capability. */
export type CapabilitySupport = z.infer<typeof CapabilitySupportSchema>;

/** `book` may also be `handoff`: the family registers on the vendor's page. */
export const BookSupportSchema = z.enum(['native', 'emulated', 'handoff', 'absent']);

/** Capabilities every connector declares. */
export const REQUIRED_CAPABILITIES = [
  'catalog',
  'fields',
  'book',
  'cancel',
  'idempotency',
] as const;

/** Capabilities a connector may declare. */
export const OPTIONAL_CAPABILITIES = [
  'holds',
  'waitlist',
  'partialPayments',
  'refunds',
  'paymentStatus',
  'webhooks',
  'connectPayments',
] as const;

/** Name of a capability. */
export type CapabilityName =
  (typeof REQUIRED_CAPABILITIES)[number] | (typeof OPTIONAL_CAPABILITIES)[number];

/** The machine-readable capability matrix of a connector. Optional ones default to `absent`. */
export const CapabilityMatrixSchema = z
  .object({
    catalog: CapabilitySupportSchema,
    fields: CapabilitySupportSchema,
    book: BookSupportSchema,
    cancel: CapabilitySupportSchema,
    idempotency: CapabilitySupportSchema,
    holds: CapabilitySupportSchema.default('absent'),
    waitlist: CapabilitySupportSchema.default('absent'),
    partialPayments: CapabilitySupportSchema.default('absent'),
    refunds: CapabilitySupportSchema.default('absent'),
    paymentStatus: CapabilitySupportSchema.default('absent'),
    webhooks: CapabilitySupportSchema.default('absent'),
    connectPayments: CapabilitySupportSchema.default('absent'),
  })
  .strict();

/** The capability matrix after defaults are applied. */
export type CapabilityMatrix = z.output<typeof CapabilityMatrixSchema>;

/** The capability matrix as a connector writes it. */
export type CapabilityMatrixInput = z.input<typeof CapabilityMatrixSchema>;

/** A vendor's narrowing of its connector's capabilities. */
export type CapabilityOverrides = Partial<Record<CapabilityName, CapabilityMatrix['book']>>;

/** Checks whether a capability is available in any form other than `absent`. */
export function hasCapability(matrix: CapabilityMatrix, name: CapabilityName): boolean {
  return matrix[name] !== 'absent';
}

/** Checks whether the connector books through the provider's API (not a hand-off). */
export function booksThroughApi(matrix: CapabilityMatrix): boolean {
  return matrix.book === 'native' || matrix.book === 'emulated';
}

function isNarrowing(base: string, override: string, name: CapabilityName): boolean {
  if (override === base || override === 'absent') return true;
  // An API booking may be narrowed to a hand-off, never the other way round.
  return name === 'book' && override === 'handoff' && (base === 'native' || base === 'emulated');
}

/**
 * Applies a vendor's overrides to a connector's matrix. An override may only take a capability
 * away or keep it; one that would add or upgrade a capability is an `invalid_request`.
 */
export function narrowCapabilities(
  connector: CapabilityMatrix,
  overrides: CapabilityOverrides = {},
): CapabilityMatrix {
  const narrowed: CapabilityMatrix = { ...connector };
  for (const [name, value] of Object.entries(overrides) as [CapabilityName, string][]) {
    if (!(name in connector)) {
      throw new ConnectorError('invalid_request', `Unknown capability "${name}" in overrides.`);
    }
    if (!isNarrowing(connector[name], value, name)) {
      throw new ConnectorError(
        'invalid_request',
        `Capability "${name}" cannot be widened from "${connector[name]}" to "${value}": ` +
          "a vendor may only narrow its connector's capabilities.",
      );
    }
    (narrowed as Record<CapabilityName, string>)[name] = value;
  }
  return narrowed;
}
