import Stripe from 'stripe';
import { afterEach } from 'vitest';
import {
  startStripeEmulator,
  type StripeEmulator,
  type StripeEmulatorOptions,
} from '@signupassist/mcp-hub/stripe-emulator';

const running: StripeEmulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.stop()));
});

/** Starts an emulator, stopped after the test, and a real `stripe` client pointed at it. */
export async function startEmulatorWithClient(
  options: StripeEmulatorOptions = {},
  maxNetworkRetries = 0,
): Promise<{ emulator: StripeEmulator; stripe: Stripe; account: string; disabledAccount: string }> {
  const emulator = await startStripeEmulator(options);
  running.push(emulator);
  const stripe = new Stripe(emulator.secretKey, {
    host: '127.0.0.1',
    port: emulator.port,
    protocol: 'http',
    maxNetworkRetries,
  });
  return {
    emulator,
    stripe,
    account: emulator.accounts[0] as string,
    disabledAccount: emulator.accounts[1] as string,
  };
}

/** Checkout Session parameters of a program fee with a success fee, as a direct charge. */
export function connectSessionParams(
  overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Stripe.Checkout.SessionCreateParams {
  return {
    mode: 'payment',
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: 'usd',
          unit_amount: 12_000,
          product_data: { name: 'Summer swim, week 1' },
        },
      },
    ],
    payment_intent_data: {
      capture_method: 'manual',
      application_fee_amount: 600,
      metadata: { registration: 'reg_1' },
    },
    metadata: { registration: 'reg_1' },
    success_url: 'http://127.0.0.1:9/paid?session={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://127.0.0.1:9/cancelled',
    ...overrides,
  };
}

/** Checkout Session parameters of a success fee alone, charged on the platform. */
export function successFeeParams(
  overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Stripe.Checkout.SessionCreateParams {
  return {
    mode: 'payment',
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: 'usd',
          unit_amount: 500,
          product_data: { name: 'SignupAssist success fee' },
        },
      },
    ],
    payment_intent_data: { capture_method: 'manual', metadata: { registration: 'reg_2' } },
    success_url: 'http://127.0.0.1:9/paid',
    cancel_url: 'http://127.0.0.1:9/cancelled',
    ...overrides,
  };
}
