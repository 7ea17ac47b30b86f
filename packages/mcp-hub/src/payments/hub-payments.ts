import type { PaymentHub } from './context.js';
import type { HubPayments } from './gateway.js';
import { reconcile } from './reconcile.js';
import { handleWebhook } from './webhooks.js';

/** Builds the payment operations the server exposes as webhook routes and a CLI. */
export function createHubPayments(hub: PaymentHub): HubPayments {
  return {
    handleWebhook: (input) => handleWebhook(hub, input),
    reconcile: (options) => reconcile(hub, options),
  };
}
