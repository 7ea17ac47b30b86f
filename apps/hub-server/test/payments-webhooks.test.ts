import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baseUrl,
  call,
  postWebhook,
  rawRequest,
  stripeSignature,
  text,
  type RawResponse,
} from './payment-helpers.js';
import { expectNoSecrets } from './secrets.js';
import { startServer, type RunningServer } from './server-process.js';
import { startStripeHub, type StripeHub } from './stripe-hub.js';

const PLATFORM = '/webhooks/stripe';
const CONNECT = '/webhooks/stripe/connect';

describe('Stripe webhooks of a hub with a Stripe key', () => {
  let hub: StripeHub;
  let target: string;
  const responses: RawResponse[] = [];

  const post = async (
    body: string | Buffer,
    signature: string | undefined,
    options: { path?: string; headers?: Record<string, string> } = {},
  ) => {
    const response = await postWebhook(
      target,
      options.path ?? PLATFORM,
      body,
      signature,
      options.headers,
    );
    responses.push(response);
    return response;
  };

  /** Prepares a registration, pays its checkout in the emulator and returns the events. */
  const paidRegistration = async (index: number) => {
    const prepared = await hub.prepareSwim(index);
    expect(prepared.isError, text(prepared)).toBeFalsy();
    const registrationId = prepared.structuredContent?.registrationId as string;
    const sessionId = hub.payment(registrationId)!.checkout_session_id!;
    const before = hub.emulator.events().length;
    hub.emulator.completeCheckout(sessionId, { outcome: 'authorized' });
    const events = hub.emulator.events().slice(before);
    return { registrationId, events: events.map((event) => hub.emulator.signedEvent(event.id)) };
  };

  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    hub = await startStripeHub();
    target = baseUrl(hub.server.url);
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('logs Stripe mode and the endpoint URL', () => {
    const log = hub.server.output.join('\n');
    expect(log).toMatch(/"mode":"test","api":"http:\/\/127\.0\.0\.1:\d+".*"Payments use Stripe"/);
    expect(log).toContain(`"platform":"${target}${PLATFORM}"`);
    expect(log).not.toContain(`"connect":"${target}${CONNECT}"`);
  });

  it('rejects bad signatures and changes nothing', async () => {
    const { registrationId, events } = await paidRegistration(0);
    expect(events.length).toBeGreaterThan(0);
    const [first] = events;
    const payment = hub.payment(registrationId)!;
    const eventsBefore = hub.storedEvents();

    // One added space changes the bytes the signature covers, not the event.
    const tampered = Buffer.concat([first!.rawBody, Buffer.from(' ')]);
    const attempts = [
      [
        'wrong secret',
        first!.rawBody,
        stripeSignature('whsec_not_the_secret', first!.rawBody, now()),
      ],
      ['tampered body', tampered, first!.signature],
      ['no header', first!.rawBody, undefined],
      [
        'stale timestamp',
        first!.rawBody,
        stripeSignature(hub.emulator.webhookSecret, first!.rawBody, now() - 600),
      ],
    ] as const;
    for (const [name, body, signature] of attempts) {
      const response = await post(body, signature);
      expect(response.status, name).toBe(400);
      expect(JSON.parse(response.body).error.code, name).toBe('invalid_signature');
    }

    expect(hub.storedEvents()).toBe(eventsBefore);
    expect(hub.payment(registrationId)).toEqual(payment);
    expect(payment.status).toBe('checkout_pending');
  });

  it('rejects a signed body that is not an event', async () => {
    const eventsBefore = hub.storedEvents();
    for (const body of ['{}', '[]', '{"id": 5, "type": "checkout.session.completed"}']) {
      const response = await post(body, stripeSignature(hub.emulator.webhookSecret, body, now()));
      expect(response.status, body).toBe(400);
      expect(JSON.parse(response.body).error.code, body).toBe('invalid_signature');
    }
    expect(hub.storedEvents()).toBe(eventsBefore);
  });

  it('processes each event once and reports replays', async () => {
    const { registrationId, events } = await paidRegistration(1);

    for (const event of events) {
      const response = await post(event.rawBody, event.signature);
      expect(response.status, event.event.type).toBe(200);
      expect(JSON.parse(response.body), event.event.type).toMatchObject({ received: true });
    }
    const authorized = hub.payment(registrationId)!;
    expect(authorized.status).toBe('authorized');

    for (const event of events) {
      const replay = await post(event.rawBody, event.signature);
      expect(replay.status).toBe(200);
      expect(JSON.parse(replay.body)).toEqual({ received: true, outcome: 'duplicate' });
    }
    expect(hub.payment(registrationId)).toEqual(authorized);

    const confirmed = await call(hub.client, 'confirm_registration', { registrationId });
    expect(confirmed.isError, text(confirmed)).toBeFalsy();
    expect(hub.payment(registrationId)!.status).toBe('captured');
  });

  it('takes webhooks under any Host name', async () => {
    const { events } = await paidRegistration(2);
    const response = await post(events[0]!.rawBody, events[0]!.signature, {
      headers: { host: 'stripe-hooks.example.net' },
    });
    expect(response.status).toBe(200);
    const mcp = await rawRequest(target, {
      method: 'POST',
      path: '/mcp',
      headers: { host: 'stripe-hooks.example.net', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(mcp.status).toBe(403);
  });

  it('answers 404 on Connect without its secret', async () => {
    const body = JSON.stringify({ id: 'evt_1Connect', object: 'event', type: 'account.updated' });
    const response = await post(body, 't=1,v1=00', { path: CONNECT });
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body).error.code).toBe('not_found');
  });

  it('rejects a body over 1 MiB', async () => {
    const response = await post(Buffer.alloc(1024 * 1024 + 1, 0x20), 't=1,v1=00');
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).error.code).toBe('too_large');
  });

  it('answers 405 to other methods', async () => {
    const response = await rawRequest(target, { method: 'GET', path: PLATFORM });
    responses.push(response);
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('POST');
  });

  it('logs no secret, signature or body', async () => {
    const { events } = await paidRegistration(3);
    await post(events[0]!.rawBody, events[0]!.signature);
    const signatureDigest = events[0]!.signature.split('v1=')[1]!;
    expectNoSecrets(
      {
        log: hub.server.output.join('\n'),
        responses: responses.map((response) => response.body).join('\n'),
      },
      [hub.emulator.secretKey, hub.emulator.webhookSecret, signatureDigest],
    );
    expect(hub.server.output.join('\n')).not.toContain('"object":"event"');
  });
});

describe('Stripe webhooks with payments off', () => {
  let server: RunningServer;
  let directory: string;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'hub-payments-off-'));
    server = await startServer([], { HUB_DB_PATH: join(directory, 'hub.db') });
  });

  afterAll(async () => {
    await server?.stop();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('says payments are off at start', () => {
    const log = server.output.join('\n');
    expect(log).toMatch(/"reason":"STRIPE_SECRET_KEY is not set".*"Payments are off/);
  });

  it.each([PLATFORM, CONNECT])('answers 404 on %s', async (path) => {
    const response = await postWebhook(baseUrl(server.url), path, '{}', 't=1,v1=00');
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body)).toEqual({
      error: { code: 'not_found', message: 'Payments are off on this hub.' },
    });
  });
});
