import type Stripe from 'stripe';
import { errorLogFields } from '../errors.js';
import type { PaymentHub } from './context.js';
import { PaymentWebhookError } from './errors.js';
import { applyEvent } from './webhook-events.js';
import type { WebhookOutcome } from './gateway.js';

/**
 * How long a stored but unfinished event counts as being processed by another delivery, in
 * milliseconds. Past it, the processing is taken to have crashed and the event is applied
 * again. Every step is a compare-and-set, so applying it twice changes nothing more.
 */
export const EVENT_IN_FLIGHT_MS = 60_000;

/** Input of {@link handleWebhook}. */
export interface WebhookInput {
  rawBody: Buffer;
  signature: string | undefined;
  endpoint: 'platform' | 'connect';
}

/**
 * Verifies a Stripe webhook delivery and applies its event once. The event id is stored
 * before anything else, so a replay of a processed event is a `duplicate` that changes
 * nothing. See `HubPayments.handleWebhook` for the errors.
 */
export async function handleWebhook(hub: PaymentHub, input: WebhookInput): Promise<WebhookOutcome> {
  const event = verifiedEvent(hub, input);
  const { store } = hub.payments;
  const now = hub.clock.now();

  const fresh = await store.recordEvent({
    id: event.id,
    type: event.type,
    ...(event.account ? { account: event.account } : {}),
    receivedAt: now,
  });
  if (!fresh) {
    const stored = await store.getEvent(event.id);
    if (stored?.processedAt) {
      hub.logger.info(
        { eventId: event.id, eventType: event.type },
        'Stripe event already processed',
      );
      return { eventId: event.id, outcome: 'duplicate' };
    }
    if (stored && now.getTime() - stored.receivedAt.getTime() < EVENT_IN_FLIGHT_MS) {
      throw new PaymentWebhookError(
        409,
        `Event ${event.id} is being processed by another delivery. Deliver it again later.`,
      );
    }
  }

  const handled = await applyEvent(hub, event, input.endpoint);
  await store.markEventProcessed(event.id, hub.clock.now());
  hub.logger.info(
    {
      eventId: event.id,
      eventType: event.type,
      ...(event.account ? { stripeAccount: event.account } : {}),
      outcome: handled ? 'processed' : 'ignored',
    },
    'Stripe event received',
  );
  return { eventId: event.id, outcome: handled ? 'processed' : 'ignored' };
}

/** Checks the signature with the endpoint's secret and parses the event, or throws a 4xx. */
function verifiedEvent(hub: PaymentHub, input: WebhookInput): Stripe.Event {
  const { settings, gateway } = hub.payments;
  const secret =
    input.endpoint === 'connect' ? settings.connectWebhookSecret : settings.webhookSecret;
  if (!secret) {
    throw new PaymentWebhookError(
      404,
      'The Connect webhook endpoint is not configured. Set connectWebhookSecret to the signing ' +
        "secret of the Connect endpoint in Stripe's dashboard.",
    );
  }
  if (!input.signature) {
    throw new PaymentWebhookError(400, 'The Stripe-Signature header is missing.');
  }
  try {
    return gateway.constructEvent(input.rawBody, input.signature, secret);
  } catch (error) {
    hub.logger.warn(
      { endpoint: input.endpoint, ...errorLogFields(error) },
      'Stripe webhook rejected: bad signature or body',
    );
    throw new PaymentWebhookError(
      400,
      'The Stripe signature does not match the body, is too old, or the body is not an event.',
    );
  }
}
