import { registrationRef } from '@signupassist/mcp-hub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './cli-process.js';
import { call, text } from './payment-helpers.js';
import { expectNoSecrets } from './secrets.js';
import { CAMP_VENDOR, startStripeHub, SWIM, type StripeHub } from './stripe-hub.js';

describe('payments reconcile', () => {
  let hub: StripeHub;
  const results: CliResult[] = [];

  const reconcile = async (args: string[], environment = hub.environment) => {
    const result = await runCli(['payments', 'reconcile', ...args], environment);
    results.push(result);
    return result;
  };

  /** Books a registration whose capture fails three times, so its fee stays authorized. */
  const bookWithoutCapture = async (index: number) => {
    const prepared = await hub.prepareSwim(index);
    expect(prepared.isError, text(prepared)).toBeFalsy();
    const registrationId = prepared.structuredContent?.registrationId as string;
    expect(await hub.authorize(registrationId)).not.toContain(400);
    // The SDK retries a 500 twice, so three faults fail the capture of this confirm.
    hub.emulator.injectFault({
      method: 'POST',
      path: /^\/v1\/payment_intents\/[^/]+\/capture$/,
      kind: 'server_error',
      times: 3,
    });
    const confirmed = await call(hub.client, 'confirm_registration', { registrationId });
    expect(confirmed.isError, text(confirmed)).toBeFalsy();
    expect(confirmed.structuredContent?.receipt.status).toBe('confirmed');
    expect(hub.payment(registrationId)!.status).toBe('authorized');
    return registrationId;
  };

  beforeAll(async () => {
    hub = await startStripeHub();
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('prints its help', async () => {
    const result = await reconcile(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: payments reconcile [--fix] [--vendor ID] [--json]');
    const group = await runCli(['payments'], hub.environment);
    expect(group.code).toBe(2);
    expect(group.stderr).toMatch(/reconcile\s+list registrations whose booking and payment/);
  });

  it('exits 0 when everything agrees', async () => {
    const result = await reconcile([]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Checked 0 payments: booking and payment agree everywhere.\n');
  });

  it('finds an uncaptured fee and captures it with --fix', async () => {
    const registrationId = await bookWithoutCapture(0);

    const found = await reconcile([]);
    expect(found.code, found.stderr).toBe(1);
    const reference = registrationRef(registrationId);
    expect(found.stdout).not.toContain(registrationId);
    const row = found.stdout.split('\n').find((line) => line.startsWith(reference));
    expect(row?.split(/\s{2,}/)).toEqual([
      reference,
      SWIM.vendorId,
      'confirmed_but_uncaptured',
      'capture',
      'no',
    ]);
    expect(found.stdout).toContain(
      'Checked 1 payment: 1 finding, 0 fixed, 1 left. Run again with --fix to take the listed ' +
        'actions.',
    );
    expect(hub.payment(registrationId)!.status).toBe('authorized');

    const json = await reconcile(['--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      checked: 1,
      findings: [
        {
          registration: reference,
          vendorId: SWIM.vendorId,
          problem: 'confirmed_but_uncaptured',
          action: 'capture',
          fixed: false,
        },
      ],
    });

    const fixed = await reconcile(['--fix']);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout).toContain('Checked 1 payment: 1 finding, 1 fixed, 0 left.');
    expect(hub.payment(registrationId)!.status).toBe('captured');

    const after = await reconcile([]);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/booking and payment agree everywhere/);
  });

  it('checks one vendor with --vendor', async () => {
    await bookWithoutCapture(1);

    const camp = await reconcile(['--vendor', CAMP_VENDOR]);
    expect(camp.code).toBe(0);
    expect(camp.stdout).toBe('Checked 0 payments: booking and payment agree everywhere.\n');
    const swim = await reconcile(['--vendor', SWIM.vendorId]);
    expect(swim.code).toBe(1);
    expect(swim.stdout).toContain('confirmed_but_uncaptured');
  });

  it('names an unknown vendor', async () => {
    const result = await reconcile(['--vendor', 'no-such-vendor']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no-such-vendor');
    expect(result.stdout).toBe('');
  });

  it.each([
    [['--vendor'], "Option '--vendor <value>' argument missing"],
    [['--vendors', 'x'], "Unknown option '--vendors'"],
    [['everything'], 'payments reconcile takes options only'],
    [['--fix', '--fix'], 'Option --fix is given more than once'],
  ])('exits 2 on %j', async (args, message) => {
    const result = await reconcile(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Usage: payments reconcile');
  });

  it('exits 2 without a Stripe key', async () => {
    const { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_URL, ...rest } = hub.environment;
    expect([STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_URL]).not.toContain(undefined);
    const result = await reconcile([], rest);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'Payments are off (STRIPE_SECRET_KEY is not set): set STRIPE_SECRET_KEY and ' +
        'STRIPE_WEBHOOK_SECRET as for the server.',
    );
  });

  it('prints no Stripe secret', () => {
    expectNoSecrets(
      {
        stdout: results.map((result) => result.stdout).join('\n'),
        stderr: results.map((result) => result.stderr).join('\n'),
        serverLog: hub.server.output.join('\n'),
      },
      [hub.emulator.secretKey, hub.emulator.webhookSecret],
    );
  });
});
