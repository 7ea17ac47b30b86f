import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startBookeoSandbox, type BookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRequest, type AdminResponse } from './admin-client.js';
import { expectNoSecrets } from './secrets.js';
import { connectClient, startServer, type RunningServer } from './server-process.js';

const TOKEN = 'admin-token-for-tests-5f2c9e1a7b3d';
const WRONG_TOKEN = 'admin-token-for-tests-000000000000';
const KEYS = 'k1:q5ZmCj2L4z3pJm2b9Yc1rXo8U0sT7hVw6eKdNfAaQgE=';
const SWIM_ACCOUNT = 'RIVERSIDESWIM';
const CAMP_ACCOUNT = 'PRAIRIECAMP';

describe('admin API', () => {
  let sandbox: BookeoSandbox;
  let server: RunningServer;
  let client: Client;
  let directory: string;
  const responses: AdminResponse[] = [];

  const admin = async (
    method: string,
    path: string,
    options: { body?: unknown; token?: string | null; rawBody?: string; contentType?: string } = {},
  ) => {
    const token = options.token === null ? undefined : (options.token ?? TOKEN);
    const response = await adminRequest(server.url, method, path, { ...options, token });
    responses.push(response);
    return response;
  };

  const vendor = (id: string, overrides: Record<string, unknown> = {}) => ({
    id,
    displayName: `Vendor ${id}`,
    connector: 'bookeo',
    timeZone: 'America/New_York',
    config: { baseUrl: sandbox.url },
    ...overrides,
  });

  const searchVendorIds = async () => {
    const result = (await client.callTool({
      name: 'search_programs',
      arguments: { query: 'swimming', age: 7 },
    })) as { structuredContent?: { programs: Array<{ vendorId: string }> } };
    return new Set(result.structuredContent?.programs.map((program) => program.vendorId));
  };

  beforeAll(async () => {
    sandbox = await startBookeoSandbox();
    directory = mkdtempSync(join(tmpdir(), 'hub-admin-'));
    server = await startServer([], {
      HUB_DB_PATH: join(directory, 'hub.db'),
      HUB_ENCRYPTION_KEYS: KEYS,
      HUB_ADMIN_TOKEN: TOKEN,
    });
    client = await connectClient(server.url);
  });

  afterAll(async () => {
    await client?.close();
    await server?.stop();
    await sandbox?.stop();
  });

  it('logs that the admin API is on', () => {
    expect(server.output.join('\n')).toContain('Admin API is on at /admin');
  });

  it('rejects a request without a token', async () => {
    const response = await admin('GET', '/admin/vendors', { token: null });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(response.body.error.code).toBe('unauthorized');
  });

  it('rejects a malformed authorization header', async () => {
    const response = await fetch(new URL('/admin/vendors', server.url), {
      headers: { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` },
    });
    expect(response.status).toBe(401);
  });

  it('rejects a wrong token and writes nothing', async () => {
    const response = await admin('POST', '/admin/vendors', {
      token: WRONG_TOKEN,
      body: vendor('wrong-token-pool'),
    });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('forbidden');
    expect((await admin('GET', '/admin/vendors/wrong-token-pool')).status).toBe(404);
  });

  it('checks the token before the body', async () => {
    const options = { rawBody: '{"id": ', contentType: 'application/json' };
    const anonymous = await admin('POST', '/admin/vendors', { ...options, token: null });
    expect(anonymous.status).toBe(401);
    const wrong = await admin('POST', '/admin/vendors', { ...options, token: WRONG_TOKEN });
    expect(wrong.status).toBe(403);
    const authorized = await admin('POST', '/admin/vendors', options);
    expect(authorized.status).toBe(400);
    expect(authorized.body.error.message).toBe('The body is not valid JSON.');
  });

  it('adds, lists and shows a vendor', async () => {
    const added = await admin('POST', '/admin/vendors', { body: vendor('riverside') });
    expect(added.status).toBe(201);
    expect(added.body.id).toBe('riverside');
    expect(added.body.status).toBe('draft');
    const list = await admin('GET', '/admin/vendors');
    expect(list.status).toBe(200);
    expect(list.body.map((entry: { id: string }) => entry.id)).toContain('riverside');
    const shown = await admin('GET', '/admin/vendors/riverside');
    expect(shown.body.displayName).toBe('Vendor riverside');
    expect(shown.body.credentials).toBeUndefined();
  });

  it('answers 409 for a repeated id', async () => {
    const response = await admin('POST', '/admin/vendors', { body: vendor('riverside') });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('conflict');
  });

  it('names a missing field', async () => {
    const body: Record<string, unknown> = vendor('no-name');
    delete body.displayName;
    const response = await admin('POST', '/admin/vendors', { body });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('displayName');
  });

  it('names an unknown field', async () => {
    const body = vendor('with-credentials', { credentials: { apiKey: 'X' } });
    const response = await admin('POST', '/admin/vendors', { body });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('credentials');
  });

  it('names each unknown field', async () => {
    const body = vendor('with-stamps', { createdAt: 'x', updatedAt: 'y' });
    const response = await admin('POST', '/admin/vendors', { body });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('createdAt');
    expect(response.body.error.message).toContain(
      'unknown fields createdAt, updatedAt: remove them.',
    );
  });

  it('rejects an unknown connector', async () => {
    const response = await admin('POST', '/admin/vendors', {
      body: vendor('mystery', { connector: 'no-such-connector' }),
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('unknown_connector');
    expect(response.body.error.message).toContain('no-such-connector');
    expect((await admin('GET', '/admin/vendors/mystery')).status).toBe(404);
  });

  it('rejects a widening capability override', async () => {
    const response = await admin('POST', '/admin/vendors', {
      body: vendor('widened', { capabilityOverrides: { waitlist: 'native' } }),
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid');
    expect(response.body.error.message).toContain('waitlist');
    expect((await admin('GET', '/admin/vendors/widened')).status).toBe(404);
  });

  it('rejects credentials of the wrong shape', async () => {
    const response = await admin('PUT', '/admin/vendors/riverside/credentials', {
      body: { apiKey: 12345 },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid');
    const shown = await admin('GET', '/admin/vendors/riverside');
    expect(shown.body.credentials).toBeUndefined();
    const audit = await admin('GET', '/admin/vendors/riverside/audit');
    expect(audit.body.map((entry: { action: string }) => entry.action)).not.toContain(
      'credentials_set',
    );
  });

  it('refuses go-live before verification', async () => {
    const response = await admin('POST', '/admin/vendors/riverside/go-live');
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('invalid_transition');
  });

  it('sets credentials and shows only a fingerprint', async () => {
    const response = await admin('PUT', '/admin/vendors/riverside/credentials', {
      body: sandbox.credentials(SWIM_ACCOUNT),
    });
    expect(response.status).toBe(200);
    expect(response.body.credentials.fingerprint).toMatch(/\w{6,}/);
    expect(response.body.credentials.keyId).toBe('k1');
  });

  it('verifies and goes live without a restart', async () => {
    expect(await searchVendorIds()).not.toContain('riverside');
    const verified = await admin('POST', '/admin/vendors/riverside/verify');
    expect(verified.status).toBe(200);
    expect(verified.body.check.valid).toBe(true);
    expect(verified.body.vendor.status).toBe('verified');
    const live = await admin('POST', '/admin/vendors/riverside/go-live');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('live');
    await expect.poll(searchVendorIds, { timeout: 15_000 }).toContain('riverside');
  });

  it('updates a field with PATCH', async () => {
    const response = await admin('PATCH', '/admin/vendors/riverside', {
      body: { displayName: 'Riverside Swim School' },
    });
    expect(response.status).toBe(200);
    expect(response.body.displayName).toBe('Riverside Swim School');
  });

  it('answers 404 for an unknown vendor', async () => {
    const response = await admin('PATCH', '/admin/vendors/nobody', { body: { displayName: 'X' } });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });

  it('rejects an empty PATCH', async () => {
    const response = await admin('PATCH', '/admin/vendors/riverside', { body: {} });
    expect(response.status).toBe(400);
  });

  it('suspends a vendor and stops serving it', async () => {
    const response = await admin('POST', '/admin/vendors/riverside/suspend', {
      body: { reason: 'contract ended' },
    });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('suspended');
    await expect.poll(searchVendorIds, { timeout: 15_000 }).not.toContain('riverside');
  });

  it('imports rows as JSON and YAML', async () => {
    const row = {
      ...vendor('prairie', { timeZone: 'America/Chicago' }),
      credentials: sandbox.credentials(CAMP_ACCOUNT),
      status: 'live',
    };
    const first = await admin('POST', '/admin/vendors/import', { body: { vendors: [row] } });
    expect(first.status).toBe(200);
    expect(first.body.results).toMatchObject([{ id: 'prairie', outcome: 'created' }]);
    const yaml = [
      'vendors:',
      '  - id: prairie',
      `    displayName: ${row.displayName}`,
      '    connector: bookeo',
      '    timeZone: America/Chicago',
      `    config: { baseUrl: "${sandbox.url}" }`,
      `    credentials: { apiKey: "${row.credentials.apiKey}", secretKey: "${row.credentials.secretKey}" }`,
      '    status: live',
    ].join('\n');
    const again = await admin('POST', '/admin/vendors/import', {
      rawBody: yaml,
      contentType: 'application/yaml',
    });
    expect(again.status).toBe(200);
    expect(again.body.results[0].outcome).toBe('unchanged');
  });

  it('lists the audit log with the actor', async () => {
    const response = await admin('GET', '/admin/vendors/riverside/audit');
    expect(response.status).toBe(200);
    const actions = response.body.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['created', 'credentials_set', 'verified', 'went_live', 'suspended']),
    );
    for (const entry of response.body) expect(entry.actor).toBe('admin-api');
  });

  it('reports tampered ciphertext and writes nothing', async () => {
    const database = new DatabaseSync(join(directory, 'hub.db'));
    const row = database
      .prepare('SELECT ciphertext FROM vendor_credentials WHERE vendor_id = ?')
      .get('riverside') as { ciphertext: Uint8Array };
    const tampered = Buffer.from(row.ciphertext);
    tampered[0] = tampered[0]! ^ 0xff;
    database
      .prepare('UPDATE vendor_credentials SET ciphertext = ? WHERE vendor_id = ?')
      .run(tampered, 'riverside');
    database.close();
    const auditBefore = (await admin('GET', '/admin/vendors/riverside/audit')).body.length;

    const verify = await admin('POST', '/admin/vendors/riverside/verify');
    expect(verify.status).toBe(500);
    expect(verify.body.error.code).toBe('decryption_failed');
    expect(verify.body.error.message).toContain('riverside');
    expect((await admin('GET', '/admin/vendors/riverside')).body.status).toBe('suspended');
    expect((await admin('GET', '/admin/vendors/riverside/audit')).body.length).toBe(auditBefore);
  });

  it('leaks no secret anywhere', async () => {
    const swim = sandbox.credentials(SWIM_ACCOUNT);
    const camp = sandbox.credentials(CAMP_ACCOUNT);
    const audits = await Promise.all(
      ['riverside', 'prairie'].map((id) => admin('GET', `/admin/vendors/${id}/audit`)),
    );
    expectNoSecrets(
      {
        log: server.output.join('\n'),
        responses: responses.map((response) => response.text).join('\n'),
        audit: audits.map((response) => response.text).join('\n'),
      },
      [TOKEN, KEYS.slice(3), swim.apiKey, swim.secretKey, camp.apiKey],
    );
  });

  it('keeps the ciphertext free of plaintext', () => {
    const file = readFileSync(join(directory, 'hub.db'));
    expect(file.includes(sandbox.credentials(CAMP_ACCOUNT).apiKey)).toBe(false);
  });
});

describe('admin API without a token', () => {
  let server: RunningServer;

  beforeAll(async () => {
    const directory = mkdtempSync(join(tmpdir(), 'hub-admin-off-'));
    server = await startServer([], { HUB_DB_PATH: join(directory, 'hub.db') });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('answers 404 and logs why', async () => {
    const response = await adminRequest(server.url, 'GET', '/admin/vendors', { token: TOKEN });
    expect(response.status).toBe(404);
    expect(server.output.join('\n')).toMatch(
      /Admin API is off.*HUB_ADMIN_TOKEN|HUB_ADMIN_TOKEN.*Admin API is off/,
    );
  });

  it('warns about the development key', () => {
    expect(server.output.join('\n')).toContain('DEVELOPMENT key');
  });
});
