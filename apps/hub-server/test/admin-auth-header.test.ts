import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRequest } from './admin-client.js';
import { startServer, type RunningServer } from './server-process.js';

const TOKEN = 'admin-token-for-header-checks-5c1e7a';
const KEYS = 'hd1:SGVhZGVyQ2hlY2tzVGVzdEtleVRoaXJ0eVR3b0J5dCE=';
const VENDOR = {
  id: 'aqua-kids',
  displayName: 'Aqua Kids',
  connector: 'bookeo',
  timeZone: 'UTC',
  config: { baseUrl: 'http://127.0.0.1:9/v2' },
};

describe('admin authentication header', () => {
  let server: RunningServer;

  const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    fetch(new URL(path, server.url), { method, headers, body });

  beforeAll(async () => {
    const directory = mkdtempSync(join(tmpdir(), 'hub-admin-auth-'));
    server = await startServer([], {
      HUB_DB_PATH: join(directory, 'hub.db'),
      HUB_ENCRYPTION_KEYS: KEYS,
      HUB_ADMIN_TOKEN: TOKEN,
    });
    const added = await adminRequest(server.url, 'POST', '/admin/vendors', {
      token: TOKEN,
      body: VENDOR,
    });
    expect(added.status).toBe(201);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it.each(['bearer', 'BEARER', 'bEaReR'])('accepts the scheme spelled %s', async (scheme) => {
    const response = await send('GET', '/admin/vendors', { authorization: `${scheme} ${TOKEN}` });
    expect(response.status).toBe(200);
  });

  it('accepts several spaces after the scheme', async () => {
    const response = await send('GET', '/admin/vendors', { authorization: `Bearer   ${TOKEN}` });
    expect(response.status).toBe(200);
  });

  it.each(['/admin/vendors', '/Admin/vendors', '/ADMIN/vendors'])(
    'authenticates before a body error at %s',
    async (path) => {
      const response = await send('POST', path, { 'content-type': 'application/json' }, '{bad');
      expect(response.status).toBe(401);
    },
  );

  it('logs the full admin path', async () => {
    const response = await send('GET', '/admin/vendors', {});
    expect(response.status).toBe(401);

    const rejected = server.output.filter((line) => line.includes('without a bearer token'));
    expect(rejected.at(-1)).toContain('"path":"/admin/vendors"');
  });
});
