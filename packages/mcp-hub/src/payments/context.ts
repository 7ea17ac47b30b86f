import { createHash } from 'node:crypto';
import type { Clock } from '@signupassist/contract';
import type { HubContext } from '../hub-context.js';
import type { HubLogger } from '../logging.js';
import type { VendorRecord } from '../vendors/vendor-source.js';
import { ConnectAccounts } from './accounts.js';
import type { VendorPayments } from './config.js';
import { StripeGateway, type StripeSettings } from './gateway.js';
import type { PaymentStore } from './types.js';

/** Payment options of `createHub`. */
export interface HubPaymentsOptions {
  settings: StripeSettings;
  store: PaymentStore;
}

/** Parts the payment flows share: the Stripe gateway, the store and the account cache. */
export interface PaymentsContext {
  gateway: StripeGateway;
  store: PaymentStore;
  accounts: ConnectAccounts;
  settings: StripeSettings;
}

/** A hub context whose payments are set up. */
export type PaymentHub = HubContext & { payments: PaymentsContext };

/** Checks whether the hub takes payments. */
export function hasPayments(hub: HubContext): hub is PaymentHub {
  return hub.payments !== undefined;
}

/** Builds the payment context from `createHub`'s options. */
export function createPaymentsContext(
  options: HubPaymentsOptions,
  logger: HubLogger,
  clock: Clock,
): PaymentsContext {
  const gateway = new StripeGateway(options.settings, logger);
  return {
    gateway,
    store: options.store,
    accounts: new ConnectAccounts(gateway, clock, logger),
    settings: options.settings,
  };
}

/** Returns a vendor's payment settings, when it has any. */
export function vendorPayments(vendor: VendorRecord): VendorPayments | undefined {
  return vendor.payments;
}

/**
 * Returns the name of a registration's payment in Stripe: `reg_` and 32 hex digits of the
 * SHA-256 of the registration id. The registration id is the token that confirms and cancels
 * the registration, so it never reaches Stripe, where the platform's and, for direct charges,
 * the vendor's dashboards show idempotency keys and metadata.
 */
export function stripeReference(registrationId: string): string {
  return `reg_${createHash('sha256').update(registrationId).digest('hex').slice(0, 32)}`;
}

/** Builds the idempotency key of one Stripe write: `<stripeReference>:<operation>:<attempt>`. */
export function idempotencyKey(registrationId: string, operation: string, attempt: number): string {
  return `${stripeReference(registrationId)}:${operation}:${attempt}`;
}
