import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { isPaymentWebhookError } from '@signupassist/mcp-hub';
import { createRepeatLimiter } from './repeat-limiter.js';

/** Path of the platform account's webhook endpoint. */
export const PLATFORM_WEBHOOK_PATH = '/webhooks/stripe';

/** Path of the Connect webhook endpoint, which receives the events of connected accounts. */
export const CONNECT_WEBHOOK_PATH = '/webhooks/stripe/connect';

/**
 * Largest webhook body read, 1 MiB. Stripe publishes no maximum, but its events of the types
 * the hub handles are a few kilobytes, so this leaves ample room and still bounds memory.
 */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/** Stripe endpoint that received an event: the platform account's or the Connect one. */
export type WebhookEndpoint = 'platform' | 'connect';

/** Outcome of one verified event, as the hub's payments report it. */
export type WebhookOutcome = 'processed' | 'duplicate' | 'ignored';

/** The part of the hub's payments that the webhook routes call. */
export interface WebhookReceiver {
  handleWebhook(input: {
    rawBody: Buffer;
    signature: string | undefined;
    endpoint: WebhookEndpoint;
  }): Promise<{ eventId: string; outcome: WebhookOutcome }>;
}

/** Settings of {@link mountWebhookRoutes}. */
export interface WebhookRoutesOptions {
  /** Returns the hub's payments, or `undefined` while payments are off (the routes return 404). */
  receiver: () => WebhookReceiver | undefined;
  logger: Logger;
}

/** Error code and message per status of a delivery that the hub's payments rejected. */
const REJECTIONS: Record<400 | 404 | 409, { code: string; message: string }> = {
  400: {
    code: 'invalid_signature',
    message: 'The Stripe-Signature header does not match the body, or the body is not an event.',
  },
  404: { code: 'not_found', message: 'This webhook endpoint has no signing secret configured.' },
  409: { code: 'conflict', message: 'Another delivery of this event is in progress.' },
};

/**
 * Checks that a body is a JSON object with a string `id` and `type`, as every Stripe event
 * is. The hub checks the signature, and this check keeps a correctly signed body that is no
 * event from reaching the event store.
 */
function isStripeEvent(body: Buffer): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
  const { id, type } = parsed as { id?: unknown; type?: unknown };
  return typeof id === 'string' && id !== '' && typeof type === 'string' && type !== '';
}

function sendError(response: Response, status: number, code: string, message: string): void {
  response.status(status).json({ error: { code, message } });
}

/**
 * Mounts the two Stripe webhook routes. Each reads the raw body (signatures are computed over
 * the exact bytes), passes it with the `Stripe-Signature` header to the hub, and responds 200
 * for a processed, duplicate or ignored event, 400 for a bad signature or body (nothing
 * changes), 404 while payments are off or for an endpoint without a signing secret, 409 while
 * another delivery of the event is in progress, 413 for a body over
 * {@link MAX_WEBHOOK_BODY_BYTES}, and 500 without details on anything else. Stripe retries
 * every response other than 2xx. Bodies and signatures are never logged.
 */
export function mountWebhookRoutes(app: Express, options: WebhookRoutesOptions): void {
  const { logger } = options;
  // Bad signatures can arrive in floods, so the first is logged, then at most one a minute.
  const rejections = createRepeatLimiter(60_000);
  const rawBody = express.raw({ type: () => true, limit: MAX_WEBHOOK_BODY_BYTES, inflate: false });

  const reject = (
    response: Response,
    endpoint: WebhookEndpoint,
    status: 400 | 404 | 409,
    reason: string,
  ) => {
    rejections.run((suppressed) =>
      logger.warn(
        { endpoint, status, reason, notLogged: suppressed },
        'Rejected a Stripe webhook request',
      ),
    );
    const { code, message } = REJECTIONS[status];
    sendError(response, status, code, message);
  };

  const handle = (endpoint: WebhookEndpoint) => async (request: Request, response: Response) => {
    const receiver = options.receiver();
    if (receiver === undefined) {
      sendError(response, 404, 'not_found', 'Payments are off on this hub.');
      return;
    }
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (!isStripeEvent(body)) {
      reject(response, endpoint, 400, 'The body is not a JSON event with an id and a type.');
      return;
    }
    try {
      const { eventId, outcome } = await receiver.handleWebhook({
        rawBody: body,
        signature: request.get('stripe-signature'),
        endpoint,
      });
      // The hub logs each event with its type at info level, so this line only adds the endpoint.
      logger.debug({ endpoint, eventId, outcome }, 'Responded to a Stripe webhook request');
      response.status(200).json({ received: true, outcome });
    } catch (error) {
      if (isPaymentWebhookError(error)) {
        // The hub's message names the check that failed and contains no secret and no body.
        reject(response, endpoint, error.status, error.message);
        return;
      }
      logger.error({ err: error, endpoint }, 'Stripe webhook handling failed');
      sendError(response, 500, 'internal', 'Internal error; the server log has the details.');
    }
  };

  const bodyErrors = (
    error: BodyError,
    request: Request,
    response: Response,
    next: NextFunction,
  ) => {
    if (response.headersSent) return next(error);
    const status = error.status ?? error.statusCode ?? 500;
    logger.warn({ status, type: error.type, path: request.path }, 'Rejected a Stripe webhook body');
    if (status === 413) {
      sendError(
        response,
        413,
        'too_large',
        `The body is larger than ${MAX_WEBHOOK_BODY_BYTES} bytes.`,
      );
    } else if (status === 415) {
      sendError(response, 415, 'unsupported', 'Send the event uncompressed.');
    } else if (status < 500) {
      sendError(response, 400, 'invalid', 'The body could not be read.');
    } else {
      sendError(response, 500, 'internal', 'Internal error; the server log has the details.');
    }
  };

  app.post(PLATFORM_WEBHOOK_PATH, rawBody, handle('platform'), bodyErrors);
  app.post(CONNECT_WEBHOOK_PATH, rawBody, handle('connect'), bodyErrors);
  const postOnly = (_request: Request, response: Response) => {
    response.set('Allow', 'POST');
    sendError(response, 405, 'method_not_allowed', 'Stripe webhooks are sent with POST.');
  };
  app.all(PLATFORM_WEBHOOK_PATH, postOnly);
  app.all(CONNECT_WEBHOOK_PATH, postOnly);
}

/** An error of the raw body parser; `type` is e.g. `entity.too.large`. */
interface BodyError extends Error {
  status?: number;
  statusCode?: number;
  type?: string;
}
