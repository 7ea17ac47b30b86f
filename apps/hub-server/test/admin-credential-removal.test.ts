import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBookeoSandbox, type BookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRequest } from './admin-client.js';
import { startServer, type RunningServer } from './server-process.js';

const TOKEN = 'admin-token-for-credential-removal-7d2e';
const KEYS = 'cr1:Q3JlZGVudGlhbFJlbW92YWxBZG1pblRlc3RLZXkzMiE=';
const SWIM_ACCOUNT = 'RIVERSIDESWIM';

describe('admin config change', () => {
  let sandbox: BookeoSandbox;
  let server: RunningServer;
  let listener: Server;
  let listenerUrl: string;
  const received: string[] = [];

  const admin = (method: string, path: string, body?: unknown) =>
    adminRequest(server.url, method, path, { token: TOKEN, ...(body ? { body } : {}) });

  beforeAll(async () => {
    sandbox = await startBookeoSandbox();
    listener = createServer((request, response) => {
      received.push(`${request.method} ${request.url}`);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/v2`;
    server = await startServer([], {
      HUB_DB_PATH: join(mkdtempSync(join(tmpdir(), 'hub-removal-')), 'hub.db'),
      HUB_ENCRYPTION_KEYS: KEYS,
      HUB_ADMIN_TOKEN: TOKEN,
    });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await sandbox?.stop();
    await new Promise((resolve) => listener?.close(resolve));
  });

  it('sends no credentials to a new baseUrl', async () => {
    const added = await admin('POST', '/admin/vendors', {
      id: 'riverside',
      displayName: 'Riverside Swim School',
      connector: 'bookeo',
      timeZone: 'America/New_York',
      config: { baseUrl: sandbox.url },
    });
    expect(added.status).toBe(201);
    const set = await admin(
      'PUT',
      '/admin/vendors/riverside/credentials',
      sandbox.credentials(SWIM_ACCOUNT),
    );
    expect(set.status).toBe(200);
    expect((await admin('POST', '/admin/vendors/riverside/verify')).status).toBe(200);
    expect((await admin('POST', '/admin/vendors/riverside/go-live')).status).toBe(200);

    const patched = await admin('PATCH', '/admin/vendors/riverside', {
      config: { baseUrl: listenerUrl },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.status).toBe('draft');
    expect(patched.body.credentials).toBeUndefined();
    expect(patched.body.credentialsRemoved.fingerprint).toBe(set.body.credentials.fingerprint);

    const verify = await admin('POST', '/admin/vendors/riverside/verify');
    expect(verify.status).toBe(400);
    expect(verify.body.error.field).toBe('credentials');
    expect(verify.body.error.message).toContain('has no credentials');
    expect(received).toEqual([]);

    const audit = await admin('GET', '/admin/vendors/riverside/audit');
    const removal = audit.body.at(-1);
    expect(removal.action).toBe('credentials_removed');
    expect(removal.details.credentials).toBe(set.body.credentials.fingerprint);
  });
});
