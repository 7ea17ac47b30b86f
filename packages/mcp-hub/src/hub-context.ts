import { ConnectorError, type Clock } from '@signupassist/contract';
import { errorLogFields, toConnectorError } from './errors.js';
import { familyError } from './family-errors.js';
import type { RegistrationLedger } from './ledger/types.js';
import type { HubLogger } from './logging.js';
import type { PaymentsContext } from './payments/context.js';
import type { StatusRefreshLimiter } from './registration/refresh-limit.js';
import type { ProviderRouter, RoutedVendor } from './router/provider-router.js';
import type { VendorRecord, VendorSource } from './vendors/vendor-source.js';

/** Timing settings of the hub's operations, in milliseconds. */
export interface HubTimings {
  /** Time limit of one vendor's part of a search. */
  searchTimeoutMs: number;
  /** Time limit of one HTTP request a connector makes. */
  requestTimeoutMs: number;
  /** Time limit of one connector operation outside search, retries and lookups included. */
  operationTimeoutMs: number;
  /** Lifetime of a prepared registration that has no hold. */
  preparedTtlMs: number;
  /** How long a confirm waits for another request's booking to finish. */
  confirmWaitMs: number;
  /** How long a prepare waits for another prepare with the same idempotency key. */
  prepareWaitMs: number;
  /** Interval between ledger reads while waiting. */
  confirmPollMs: number;
  /** Delay before a booking whose outcome is unknown may be tried again. */
  unknownOutcomeRetryDelayMs: number;
}

/** Dependencies and settings shared by every hub operation. */
export interface HubContext {
  router: ProviderRouter;
  vendors: VendorSource;
  ledger: RegistrationLedger;
  logger: HubLogger;
  clock: Clock;
  timings: HubTimings;
  /** Per-vendor limit of the provider read-backs `get_registration` makes. */
  refreshLimiter: StatusRefreshLimiter;
  /** Stripe payments; absent when the hub takes no payments. */
  payments?: PaymentsContext;
}

/** Per-operation options a caller may pass to the hub. */
export interface OperationOptions {
  /** Correlation id for the logs; a random one is made when absent. */
  requestId?: string;
}

/**
 * Returns the vendor routed to its connector, if it exists and is `live`. Paused and draft
 * vendors look the same as unknown ones to the caller, so their existence does not leak.
 */
export async function liveVendor(
  hub: HubContext,
  vendorId: string,
  requestId?: string,
): Promise<RoutedVendor> {
  const vendor = await hub.vendors.getVendor(vendorId);
  if (!vendor || vendor.status !== 'live') {
    throw new ConnectorError(
      'not_found',
      `No vendor "${vendorId}" is available. Use search_programs to find vendors and their ids.`,
      { vendorId },
    );
  }
  return routeVendor(hub, vendor, requestId);
}

/**
 * Routes a vendor for a family's request. A routing error names config fields and connector
 * ids, so it is logged for the operator and rethrown with a message for the family.
 */
export function routeVendor(
  hub: HubContext,
  vendor: VendorRecord,
  requestId?: string,
): RoutedVendor {
  try {
    return hub.router.route(vendor);
  } catch (error) {
    const converted = toConnectorError(error);
    hub.logger.error(
      { requestId, vendorId: vendor.id, connectorId: vendor.connector, ...errorLogFields(error) },
      'Vendor is misconfigured and cannot be routed',
    );
    throw familyError(converted, vendor.displayName, 'setup');
  }
}
