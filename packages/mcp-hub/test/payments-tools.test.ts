import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import type { AnyConnector } from '@signupassist/contract';
import { DEFAULT_ACCOUNTS } from '@signupassist/mcp-hub/stripe-emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createHub, createHubMcpServer, type Hub } from '../src/index.js';
import { PERSONAL_VALUES, swimAnswers } from './bookeo-fixtures.js';
import { PERCENT_FEE, usePaymentsHarness } from './payments-harness.js';
import { stripeReference } from '../src/payments/context.js';

interface QuoteOutput {
  total: { amountMinor: number; currency: string; formatted: string };
  programFee?: string;
  successFee?: string;
  checkoutUrl?: string;
}

interface RegistrationOutput {
  registrationId?: string;
  state?: string;
  quote?: QuoteOutput;
  error?: { code: string; message: string; retryable: boolean };
}

/**
 * Texts of the emulator's injected errors and of its card details (a charge names the card
 * brand), which must never reach a family or a log.
 */
const STRIPE_TEXTS = ['injected server error', 'Stripe emulator', 'Too many requests', 'visa'];

describe('payment fields in tool results', () => {
  const harness = usePaymentsHarness();
  const clients: Client[] = [];
  const results: CallToolResult[] = [];

  afterEach(async () => {
    // Neither results nor logs contain a secret or Stripe's text; logs contain no answers.
    const returned = JSON.stringify(results.splice(0));
    for (const secret of [
      harness.stripe.secretKey,
      harness.stripe.webhookSecret,
      harness.stripe.connectWebhookSecret,
      ...STRIPE_TEXTS,
    ]) {
      expect(returned).not.toContain(secret);
      expect(harness.logger.text()).not.toContain(secret);
    }
    for (const value of PERSONAL_VALUES) expect(harness.logger.text()).not.toContain(value);
    for (const client of clients.splice(0)) await client.close();
  });

  async function connect(hub: Hub) {
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await createHubMcpServer(hub).connect(serverTransport);
    const client = new Client({ name: 'payments-test', version: '1.0.0' });
    await client.connect(clientTransport);
    clients.push(client);
    return async (name: string, args: Record<string, unknown>) => {
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      results.push(result);
      const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join(' ');
      return { result, text, output: (result.structuredContent ?? {}) as RegistrationOutput };
    };
  }

  async function prepareArgs(hub: Hub) {
    const details = await hub.getProgram({ vendorId: 'riversideswim', programId: 'LTS58' });
    return {
      vendorId: 'riversideswim',
      programId: 'LTS58',
      sessionId: details.sessions[0]!.id,
      ...swimAnswers(),
    };
  }

  it('shows price, method, fee and link apart', async () => {
    const hub = harness.hubWith();
    const call = await connect(hub);

    const prepared = await call('prepare_registration', await prepareArgs(hub));
    expect(prepared.result.isError).toBeFalsy();
    const quote = prepared.output.quote!;
    expect(quote.total.formatted).toBe('$85.00');
    expect(quote.programFee).toBe('pay_later');
    expect(quote.successFee).toBe('$4.25 (to authorize)');
    expect(quote.checkoutUrl).toMatch(/\/c\/pay\/cs_/);
    expect(prepared.text).toContain('$85.00');
    expect(prepared.text).toContain(`the SignupAssist fee of $4.25 at ${quote.checkoutUrl}`);
    expect(prepared.text).toContain('charged only once Riverside Swim School confirms');

    const early = await call('confirm_registration', {
      registrationId: prepared.output.registrationId,
    });
    expect(early.result.isError).toBe(true);
    expect(early.output.error?.code).toBe('conflict');
    expect(early.text).toContain(quote.checkoutUrl!);

    await harness.pay(prepared.output.registrationId!);
    const confirmed = await call('confirm_registration', {
      registrationId: prepared.output.registrationId,
    });
    expect(confirmed.output.state).toBe('booked');
    expect(confirmed.output.quote?.successFee).toBe('$4.25 (charged)');
    expect(confirmed.output.quote?.checkoutUrl).toBeUndefined();
    expect(confirmed.text).toContain('The SignupAssist fee of $4.25 was charged.');
  });

  it('shows a Connect payment', async () => {
    const bookeo = createBookeoConnector() as AnyConnector;
    const connector: AnyConnector = {
      ...bookeo,
      manifest: {
        ...bookeo.manifest,
        capabilities: { ...bookeo.manifest.capabilities, connectPayments: 'native' },
      },
    };
    const vendor = harness.swimVendor({
      ...PERCENT_FEE,
      connect: { accountId: DEFAULT_ACCOUNTS[0]!.id!, refundPolicy: 'full' },
    });
    const hub = harness.hubWith({ vendors: [vendor], connectors: [connector] });
    const call = await connect(hub);

    const prepared = await call('prepare_registration', await prepareArgs(hub));
    expect(prepared.output.quote?.programFee).toBe('stripe_connect');
    expect(prepared.text).toContain('($89.25 in all)');
    expect(prepared.text).toContain('The program fee is paid through the payment link.');
  });

  it('keeps a rejected key out of results and logs', async () => {
    const wrongKey = 'sk_test_wrongkey0123456789abcdef';
    const settings = { ...harness.settings(), secretKey: wrongKey };
    const hub = createHub({
      connectors: [createBookeoConnector()],
      vendors: [harness.swimVendor()],
      ledger: harness.storage.ledger,
      logger: harness.logger,
      payments: { settings, store: harness.storage.payments },
    });
    const call = await connect(hub);

    const prepared = await call('prepare_registration', await prepareArgs(hub));
    expect(prepared.result.isError).toBeFalsy();
    expect(prepared.output.quote?.checkoutUrl).toBeUndefined();
    const confirm = await call('confirm_registration', {
      registrationId: prepared.output.registrationId,
    });
    expect(confirm.output.error?.code).toBe('auth_failed');
    expect(confirm.output.error?.message).toContain('set-up problem');

    const failure = harness.logger.entries.find((entry) => entry.message === 'Stripe call failed');
    expect(failure?.fields).toMatchObject({ errorCode: 'auth_failed', httpStatus: 401 });
    const seen = JSON.stringify(results) + harness.logger.text();
    expect(seen).not.toContain(wrongKey);
    expect(seen).not.toContain(wrongKey.slice(-4));
    expect(seen).not.toContain('Invalid API Key');
  });

  it('hides Stripe failures from the family', async () => {
    const hub = harness.hubWith();
    const call = await connect(hub);
    harness.stripe.injectFault({ kind: 'server_error', times: 3, path: '/v1/checkout/sessions' });

    const prepared = await call('prepare_registration', await prepareArgs(hub));
    expect(prepared.result.isError).toBeFalsy();
    expect(prepared.output.quote?.checkoutUrl).toBeUndefined();
    expect(prepared.text).toContain('whose link get_registration shows in a minute');
    const failure = harness.logger.entries.find((entry) => entry.message === 'Stripe call failed');
    expect(failure?.fields).toMatchObject({
      errorCode: 'provider_unavailable',
      stripeType: 'StripeAPIError',
      httpStatus: 500,
    });

    // The next read creates the link with the same idempotency key.
    const read = await call('get_registration', { registrationId: prepared.output.registrationId });
    expect(read.output.quote?.checkoutUrl).toMatch(/\/c\/pay\/cs_/);
    const keys = harness
      .requestsTo(/^\/v1\/checkout\/sessions$/)
      .map((entry) => entry.idempotencyKey);
    expect(new Set(keys)).toEqual(
      new Set([`${stripeReference(prepared.output.registrationId!)}:checkout:1`]),
    );

    harness.stripe.injectFault({ kind: 'rate_limit', times: 3 });
    const confirm = await call('confirm_registration', {
      registrationId: prepared.output.registrationId,
    });
    expect(confirm.result.isError).toBe(true);
    expect(confirm.output.error?.code).toBe('rate_limited');
    expect(confirm.output.error?.message).toBe(
      'The payment service is busy. Try again in a minute.',
    );
  });
});
