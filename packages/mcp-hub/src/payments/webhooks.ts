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
  let event: Stripe.Event;
  try {
    event = gateway.constructEvent(input.rawBody, input.signature, secret);
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
  if (!isEventShaped(event)) {
    hub.logger.warn({ endpoint: input.endpoint }, 'Stripe webhook rejected: invalid event body');
    throw new PaymentWebhookError(
      400,
      'The body is signed but is not a Stripe event: it needs a string id and type, an ' +
        'object in data.object, and a string account or none.',
    );
  }
  return event;
}

/**
 * Checks the fields every Stripe event has. `constructEvent` checks only the signature and
 * the JSON syntax, so a correctly signed body of another shape would otherwise reach the
 * event store or a handler and fail there with a 500, which Stripe delivers again.
 */
function isEventShaped(value: unknown): value is Stripe.Event {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { id, type, account, data } = value as Record<string, unknown>;
  if (typeof id !== 'string' || id === '' || typeof type !== 'string' || type === '') {
    return false;
  }
  if (account !== undefined && account !== null && typeof account !== 'string') return false;
  const object = (data as { object?: unknown } | null | undefined)?.object;
  return typeof object === 'object' && object !== null && !Array.isArray(object);
}
