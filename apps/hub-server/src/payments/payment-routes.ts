import type { Server } from 'node:http';
import express, { type Express } from 'express';
import { mountReturnPages } from './return-pages.js';
import { mountWebhookRoutes, type WebhookRoutesOptions } from './webhook-routes.js';

/** Settings of the payment routes: the Stripe webhooks and the Checkout return pages. */
export type PaymentRoutesOptions = WebhookRoutesOptions;

/** Mounts the Stripe webhook routes and the Checkout return pages on `app`. */
export function mountPaymentRoutes(app: Express, options: PaymentRoutesOptions): void {
  mountWebhookRoutes(app, options);
  mountReturnPages(app);
}

/**
 * Serves only the payment routes on a loopback port chosen by the system. A hub serving MCP
 * over stdio has no HTTP server, so it starts this one for the demo's Stripe emulator to
 * deliver webhooks to and to send the family back to.
 */
export async function startPaymentServer(
  options: PaymentRoutesOptions,
): Promise<{ server: Server; url: string }> {
  const app = express();
  mountPaymentRoutes(app, options);
  app.use((_request, response) => {
    response.status(404).json({ error: { code: 'not_found', message: 'Not found.' } });
  });
  return await new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', (error?: Error) => {
      if (error) return reject(error);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    });
  });
}
