import { createHmac } from 'node:crypto';
import type { EventObject } from './objects.js';
import type { EmulatorState } from './state.js';

/** Webhook endpoint an event goes to: platform events, or events of connected accounts. */
export type WebhookEndpoint = 'platform' | 'connect';

/** Endpoint URLs that `deliverEventsTo` posts events to. */
export interface WebhookTargets {
  /** Receives events without `account`, signed with the platform webhook secret. */
  platformUrl?: string;
  /** Receives events of connected accounts, signed with the Connect webhook secret. */
  connectUrl?: string;
}

/** An event as a webhook endpoint receives it. */
export interface SignedEvent {
  event: EventObject;
  endpoint: WebhookEndpoint;
  /** Exact bytes of the request body, which the signature covers. */
  rawBody: Buffer;
  /** Value of the `Stripe-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
  signature: string;
}

/** One attempt to post an event. */
export interface DeliveryRecord {
  eventId: string;
  type: string;
  endpoint: WebhookEndpoint;
  url: string;
  /** HTTP status of the endpoint's response; absent when the request failed. */
  status?: number;
  /** Error message of a failed request. */
  error?: string;
  at: Date;
}

/**
 * Signs `payload` as Stripe does: HMAC-SHA256, keyed with the whole `whsec_…` secret, of
 * `${timestamp}.${payload}`, sent as `t=<timestamp>,v1=<hex>`. `stripe.webhooks.constructEvent`
 * accepts it within its tolerance (300 seconds by default) of `timestamp`.
 */
export function signPayload(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac('sha256', secret)
    .update(`${timestamp}.${payload}`, 'utf8')
    .digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

/**
 * Signs and posts events to the configured endpoints, one at a time in emission order, as
 * `POST` with `Content-Type: application/json` and `Stripe-Signature`. Without a target for
 * its endpoint an event is only kept, for tests to post themselves.
 */
export class WebhookDispatcher {
  private targets: WebhookTargets = {};
  private queue: Promise<void> = Promise.resolve();
  private readonly records: DeliveryRecord[] = [];
  private readonly payloads = new Map<string, string>();

  constructor(
    private readonly state: EmulatorState,
    private readonly secrets: Record<WebhookEndpoint, string>,
  ) {
    state.onEvent((event) => {
      if (this.urlFor(event) !== undefined) this.schedule(event);
    });
  }

  /** Sets the endpoints for events emitted from now on; `null` stops delivery. */
  setTargets(targets: WebhookTargets | null): void {
    for (const url of [targets?.platformUrl, targets?.connectUrl]) {
      if (url !== undefined) assertLoopback(url);
    }
    this.targets = targets ?? {};
  }

  /** Signs an event for its endpoint with the current wall-clock time. */
  sign(event: EventObject): SignedEvent {
    const endpoint: WebhookEndpoint = event.account === undefined ? 'platform' : 'connect';
    const payload = this.payloadOf(event);
    // Signatures use the wall clock, not the emulator clock, because receivers check them
    // against theirs.
    const timestamp = Math.floor(Date.now() / 1000);
    return {
      event,
      endpoint,
      rawBody: Buffer.from(payload, 'utf8'),
      signature: signPayload(payload, this.secrets[endpoint], timestamp),
    };
  }

  /** Posts an event again to its endpoint now, whatever happened before. */
  async redeliver(event: EventObject): Promise<DeliveryRecord> {
    const url = this.urlFor(event);
    if (url === undefined) {
      throw new RangeError(
        `No webhook URL is set for event ${event.id}; call deliverEventsTo first.`,
      );
    }
    return this.post(event, url);
  }

  /** Resolves once every scheduled delivery has finished. */
  async whenIdle(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.queue;
      await current;
    } while (current !== this.queue);
  }

  deliveries(): DeliveryRecord[] {
    return [...this.records];
  }

  private schedule(event: EventObject): void {
    // Delivery starts after the current API response is on its way, as Stripe's is asynchronous.
    this.queue = this.queue
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(async () => {
        const url = this.urlFor(event);
        if (url !== undefined) await this.post(event, url);
      });
  }

  private async post(event: EventObject, url: string): Promise<DeliveryRecord> {
    const signed = this.sign(event);
    const record: DeliveryRecord = {
      eventId: event.id,
      type: event.type,
      endpoint: signed.endpoint,
      url,
      at: new Date(),
    };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': signed.signature,
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body: signed.rawBody,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      record.status = response.status;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    this.records.push(record);
    return record;
  }

  private urlFor(event: EventObject): string | undefined {
    return event.account === undefined ? this.targets.platformUrl : this.targets.connectUrl;
  }

  private payloadOf(event: EventObject): string {
    let payload = this.payloads.get(event.id);
    if (payload === undefined) {
      payload = JSON.stringify(event, null, 2);
      this.payloads.set(event.id, payload);
    }
    return payload;
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Rejects a URL off this machine, so that the emulator never posts events elsewhere. */
function assertLoopback(url: string): void {
  const parsed = URL.parse(url);
  if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new TypeError(`Invalid webhook URL ${JSON.stringify(url)}: use an absolute http URL.`);
  }
  if (!LOOPBACK_HOSTS.has(parsed.hostname)) {
    throw new TypeError(
      `Webhook URL ${url} is not on this machine: the Stripe emulator posts only to 127.0.0.1, localhost or [::1].`,
    );
  }
}
