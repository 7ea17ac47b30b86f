import { describe, expect, it } from 'vitest';
import {
  connectSessionParams,
  startEmulatorWithClient,
  successFeeParams,
} from './stripe-emulator-harness.js';

function pay(url: string, outcome: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ outcome }),
    redirect: 'manual',
  });
}

describe('hosted checkout page', () => {
  it('show the items, total and buttons', async () => {
    const { stripe, account } = await startEmulatorWithClient();
    const session = await stripe.checkout.sessions.create(connectSessionParams(), {
      stripeAccount: account,
    });

    const response = await fetch(session.url as string);
    const page = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(page).toContain('Ready Vendor');
    expect(page).toContain('Summer swim, week 1 × 1');
    expect(page).toContain('$120.00');
    expect(page).toContain('value="authorized"');
    expect(page).toContain('value="declined"');
    expect(page).toContain('href="http://127.0.0.1:9/cancelled"');
    expect(page).not.toMatch(/card number|cvc/i);
  });

  it('authorize and redirect to the success URL', async () => {
    const { emulator, stripe, account } = await startEmulatorWithClient();
    const session = await stripe.checkout.sessions.create(connectSessionParams(), {
      stripeAccount: account,
    });

    const response = await pay(session.url as string, 'authorized');
    const read = await stripe.checkout.sessions.retrieve(
      session.id,
      {},
      { stripeAccount: account },
    );

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`http://127.0.0.1:9/paid?session=${session.id}`);
    expect(read.status).toBe('complete');
    expect(emulator.events({ type: 'checkout.session.completed' })).toHaveLength(1);
  });

  it('show a decline and keep the session open', async () => {
    const { emulator, stripe } = await startEmulatorWithClient();
    const session = await stripe.checkout.sessions.create(successFeeParams());

    const response = await pay(session.url as string, 'declined');
    const page = await response.text();
    const read = await stripe.checkout.sessions.retrieve(session.id);

    expect(response.status).toBe(402);
    expect(page).toContain('Your card was declined.');
    expect(read.status).toBe('open');
    expect(emulator.events({ type: 'payment_intent.payment_failed' })).toHaveLength(1);
  });

  it('refuse to pay an expired session', async () => {
    const { emulator, stripe } = await startEmulatorWithClient();
    const session = await stripe.checkout.sessions.create(successFeeParams());
    await stripe.checkout.sessions.expire(session.id);

    const response = await pay(session.url as string, 'authorized');
    const page = await fetch(session.url as string).then((result) => result.text());

    expect(response.status).toBe(409);
    expect(page).toContain('expired');
    expect(emulator.events({ type: 'checkout.session.completed' })).toHaveLength(0);
  });

  it('answer 404 for an unknown session', async () => {
    const { emulator } = await startEmulatorWithClient();

    const response = await fetch(`${emulator.url}/c/pay/cs_test_unknown`);

    expect(response.status).toBe(404);
  });

  it('escape names in the page', async () => {
    const { stripe } = await startEmulatorWithClient();
    const session = await stripe.checkout.sessions.create(
      successFeeParams({
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: 'usd',
              unit_amount: 500,
              product_data: { name: '<script>alert(1)</script>' },
            },
          },
        ],
      }),
    );

    const page = await fetch(session.url as string).then((response) => response.text());

    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;');
  });
});
