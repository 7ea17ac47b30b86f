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

describe('admin body content type', () => {
  let server: RunningServer;

  const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    fetch(new URL(path, server.url), { method, headers, body });

  beforeAll(async () => {
    const directory = mkdtempSync(join(tmpdir(), 'hub-admin-type-'));
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

  it.each([
    ['POST', '/admin/vendors', 'text/plain'],
    ['POST', '/admin/vendors', undefined],
    ['PATCH', '/admin/vendors/aqua-kids', 'application/x-www-form-urlencoded'],
    ['PUT', '/admin/vendors/aqua-kids/credentials', undefined],
  ])('rejects %s %s with type %s', async (method, path, contentType) => {
    const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` };
    if (contentType) headers['content-type'] = contentType;
    const response = await send(method, path, headers, JSON.stringify(VENDOR));
    const body = (await response.json()) as { error: { message: string } };

    expect(response.status).toBe(415);
    expect(body.error.message).toContain('Content-Type: application/json');
    expect(body.error.message).not.toContain('received undefined');
  });

  it('names the YAML types for an import', async () => {
    const response = await send(
      'POST',
      '/admin/vendors/import',
      { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' },
      '[]',
    );
    const body = (await response.json()) as { error: { message: string } };

    expect(response.status).toBe(415);
    expect(body.error.message).toContain('application/yaml');
    expect(body.error.message).toContain('application/x-yaml');
    expect(body.error.message).toContain('text/yaml');
  });

  it('suspends without a body', async () => {
    const response = await send('POST', '/admin/vendors/aqua-kids/suspend', {
      authorization: `Bearer ${TOKEN}`,
    });
    expect(response.status).toBe(200);
  });
});
