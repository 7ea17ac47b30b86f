import type { CapabilityOverrides } from '@signupassist/contract';
import type { SealedCredentials, StoredVendor } from '../storage/types.js';
import type { VendorView } from './registry-types.js';

/** Builds the operator's view of a vendor: its settings and a summary of its credentials. */
export function toVendorView(vendor: StoredVendor, sealed?: SealedCredentials): VendorView {
  const view: VendorView = {
    id: vendor.id,
    displayName: vendor.displayName,
    connector: vendor.connector,
    timeZone: vendor.timeZone,
    config: vendor.config,
    status: vendor.status,
    createdAt: vendor.createdAt,
    updatedAt: vendor.updatedAt,
  };
  const overrides = normalizeOverrides(vendor.capabilityOverrides);
  if (overrides) view.capabilityOverrides = overrides;
  if (sealed) {
    view.credentials = {
      keyId: sealed.keyId,
      fingerprint: sealed.fingerprint,
      updatedAt: sealed.updatedAt,
    };
  }
  if (vendor.lastVerification) view.lastVerification = vendor.lastVerification;
  if (vendor.payments) view.payments = vendor.payments;
  return view;
}

/** Treats an empty override map like none, so `{}` and an absent field compare equal. */
export function normalizeOverrides(
  overrides: CapabilityOverrides | null | undefined,
): CapabilityOverrides | undefined {
  if (!overrides || Object.keys(overrides).length === 0) return undefined;
  return overrides;
}
