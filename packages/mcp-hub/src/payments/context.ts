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

/** Builds the idempotency key of one Stripe write: `<registrationId>:<operation>:<attempt>`. */
export function idempotencyKey(registrationId: string, operation: string, attempt: number): string {
  return `${registrationId}:${operation}:${attempt}`;
}
