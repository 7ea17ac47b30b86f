import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { isPaymentWebhookError } from '../src/index.js';
import { usePaymentsHarness } from './payments-harness.js';

/** Correctly signed bodies that are not Stripe events, with what is wrong with each. */
const NOT_EVENTS: ReadonlyArray<[string, string]> = [
  ['an object without id and type', '{"object":"event","data":{"object":{}}}'],
  ['an array', '[]'],
  ['null', 'null'],
  ['a string', '"evt_1"'],
  ['a numeric type', '{"id":"evt_review_1","type":5,"data":{"object":{}}}'],
  ['an empty id', '{"id":"","type":"ping","data":{"object":{}}}'],
  ['no data', '{"id":"evt_review_2","type":"checkout.session.completed"}'],
  [
    'a null data object',
    '{"id":"evt_review_3","type":"checkout.session.completed","data":{"object":null}}',
  ],
  [
    'a numeric account',
    '{"id":"evt_review_4","type":"account.updated","account":7,"data":{"object":{}}}',
  ],
];

describe('webhook body that is no event', () => {
  const harness = usePaymentsHarness();

  it.each(NOT_EVENTS)('rejects %s with a 400', async (_name, payload) => {
    const hub = harness.hubWith();
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: harness.stripe.webhookSecret,
    });

    const outcome = hub.payments!.handleWebhook({
      rawBody: Buffer.from(payload),
      signature,
      endpoint: 'platform',
    });
    const error = await outcome.then(
      () => undefined,
      (caught: unknown) => caught,
    );

    expect(isPaymentWebhookError(error)).toBe(true);
    expect((error as { status?: number }).status).toBe(400);
    const parsed = JSON.parse(payload) as { id?: unknown } | null;
    if (typeof parsed?.id === 'string' && parsed.id !== '') {
      expect(await harness.storage.payments.getEvent(parsed.id)).toBeUndefined();
    }
  });
});
