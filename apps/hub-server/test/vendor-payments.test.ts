import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRequest } from './admin-client.js';
import { runCli } from './cli-process.js';
import { startServer, type RunningServer } from './server-process.js';

const KEYS = 'pay1:Vt3pZq8LmW2xK5bN8cR1tY4uI6oA0eDfGhJkLzXcVs0=';
const TOKEN = 'admin-token-for-payment-tests-71c2';
const FIXED_FEE = { successFee: { type: 'fixed', amountMinor: 300, currency: 'USD' } };
const PERCENT_FEE = {
  successFee: { type: 'percent', percent: 3, minMinor: 200, maxMinor: 1500, currency: 'USD' },
  successFeeByProgram: { LTS58: { type: 'none' } },
};

const vendorFlags = (id: string) => [
  'vendors',
  'add',
  '--id',
  id,
  '--name',
  `Vendor ${id}`,
  '--connector',
  'bookeo',
  '--config',
  JSON.stringify({ baseUrl: 'http://127.0.0.1:9' }),
];

describe('vendor payment settings in the CLI', () => {
  let directory: string;
  let environment: Record<string, string>;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'hub-vendor-payments-'));
    environment = { HUB_DB_PATH: join(directory, 'hub.db'), HUB_ENCRYPTION_KEYS: KEYS };
  });

  const show = async (id: string) => {
    const result = await runCli(['vendors', 'show', id, '--json'], environment);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout).vendor;
  };

  it('adds a vendor with inline payments', async () => {
    const result = await runCli(
      [...vendorFlags('inline-fee'), '--payments', JSON.stringify(FIXED_FEE)],
      environment,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect((await show('inline-fee')).payments).toEqual(FIXED_FEE);
  });

  it('adds a vendor with payments from a YAML file', async () => {
    const path = join(directory, 'payments.yaml');
    writeFileSync(
      path,
      'successFee: { type: percent, percent: 3, minMinor: 200, maxMinor: 1500, currency: USD }\n' +
        'successFeeByProgram:\n  LTS58: { type: none }\n',
    );
    const result = await runCli([...vendorFlags('file-fee'), '--payments', path], environment);
    expect(result.code, result.stderr).toBe(0);
    expect((await show('file-fee')).payments).toEqual(PERCENT_FEE);
  });

  it('shows the payments in the text view', async () => {
    const result = await runCli(['vendors', 'show', 'inline-fee'], environment);
    expect(result.stdout).toContain(`payments:       ${JSON.stringify(FIXED_FEE)}`);
  });

  it('names the invalid payment field and the fix', async () => {
    const invalid = { successFee: { type: 'fixed', amountMinor: -5, currency: 'USD' } };
    const result = await runCli(
      [...vendorFlags('bad-fee'), '--payments', JSON.stringify(invalid)],
      environment,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('payments.successFee.amountMinor');
    const listed = await runCli(['vendors', 'list', '--json'], environment);
    expect(JSON.parse(listed.stdout).map((vendor: { id: string }) => vendor.id)).not.toContain(
      'bad-fee',
    );
  });

  it('rejects payments that are not JSON', async () => {
    const result = await runCli(
      [...vendorFlags('broken-json'), '--payments', '{"successFee": '],
      environment,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--payments is not valid JSON');
  });

  it('replaces and removes payments with update', async () => {
    const replaced = await runCli(
      ['vendors', 'update', 'inline-fee', '--payments', JSON.stringify(PERCENT_FEE)],
      environment,
    );
    expect(replaced.code, replaced.stderr).toBe(0);
    expect((await show('inline-fee')).payments).toEqual(PERCENT_FEE);

    const removed = await runCli(['vendors', 'update', 'inline-fee', '--no-payments'], environment);
    expect(removed.code, removed.stderr).toBe(0);
    expect((await show('inline-fee')).payments).toBeUndefined();
  });

  it('rejects --payments with --no-payments', async () => {
    const result = await runCli(
      ['vendors', 'update', 'inline-fee', '--payments', '{}', '--no-payments'],
      environment,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Give --payments or --no-payments, not both.');
  });
});

describe('vendor payment settings in the admin API', () => {
  let server: RunningServer;

  beforeAll(async () => {
    const directory = mkdtempSync(join(tmpdir(), 'hub-admin-payments-'));
    server = await startServer([], {
      HUB_DB_PATH: join(directory, 'hub.db'),
      HUB_ENCRYPTION_KEYS: KEYS,
      HUB_ADMIN_TOKEN: TOKEN,
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  const admin = (method: string, path: string, body?: unknown) =>
    adminRequest(server.url, method, path, { token: TOKEN, body });

  const vendor = (id: string, payments?: unknown) => ({
    id,
    displayName: `Vendor ${id}`,
    connector: 'bookeo',
    timeZone: 'America/New_York',
    config: { baseUrl: 'http://127.0.0.1:9' },
    ...(payments === undefined ? {} : { payments }),
  });

  it('adds, changes and removes payments', async () => {
    const added = await admin('POST', '/admin/vendors', vendor('api-fee', FIXED_FEE));
    expect(added.status, added.text).toBe(201);
    expect(added.body.payments).toEqual(FIXED_FEE);

    const changed = await admin('PATCH', '/admin/vendors/api-fee', { payments: PERCENT_FEE });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.payments).toEqual(PERCENT_FEE);
    expect(changed.body.status).toBe('draft');

    const removed = await admin('PATCH', '/admin/vendors/api-fee', { payments: null });
    expect(removed.status, removed.text).toBe(200);
    expect(removed.body.payments).toBeUndefined();
  });

  it('names the invalid field of the payments', async () => {
    const invalid = { successFee: { type: 'percent', percent: 3, currency: 'usd dollars' } };
    const response = await admin('POST', '/admin/vendors', vendor('api-bad-fee', invalid));
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('payments.successFee.currency');
    expect(response.body.error.message).toContain('payments.successFee.currency');
    const missing = await admin('GET', '/admin/vendors/api-bad-fee');
    expect(missing.status).toBe(404);
  });

  it('rejects an unknown field inside the payments', async () => {
    const response = await admin(
      'POST',
      '/admin/vendors',
      vendor('api-typo-fee', {
        ...FIXED_FEE,
        sucessFee: FIXED_FEE.successFee,
      }),
    );
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('payments.sucessFee');
  });
});
