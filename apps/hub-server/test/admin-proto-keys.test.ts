import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRequest } from './admin-client.js';
import { startServer, type RunningServer } from './server-process.js';

const TOKEN = 'admin-token-for-proto-tests-41c7e2';
const KEYS = 'pk1:Tm90QVJlYWxLZXlKdXN0VGhpcnR5VHdvQnl0ZXMhISE=';

describe('admin API and __proto__ keys', () => {
  let server: RunningServer;

  const send = (method: string, path: string, rawBody?: string) =>
    adminRequest(server.url, method, path, {
      token: TOKEN,
      ...(rawBody === undefined ? {} : { rawBody }),
    });

  beforeAll(async () => {
    const directory = mkdtempSync(join(tmpdir(), 'hub-proto-'));
    server = await startServer([], {
      HUB_DB_PATH: join(directory, 'hub.db'),
      HUB_ENCRYPTION_KEYS: KEYS,
      HUB_ADMIN_TOKEN: TOKEN,
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('rejects a __proto__ capability override', async () => {
    const body =
      '{"id": "aqua-kids", "displayName": "Aqua Kids", "connector": "bookeo", ' +
      '"timeZone": "UTC", "capabilityOverrides": {"__proto__": "absent"}}';

    const response = await send('POST', '/admin/vendors', body);

    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('capabilityOverrides');
    expect(response.body.error.message).toContain('"__proto__" is not a capability name');
    expect((await send('GET', '/admin/vendors')).body).toEqual([]);
  });

  it('rejects a __proto__ override in a change', async () => {
    const created = await send(
      'POST',
      '/admin/vendors',
      '{"id": "aqua-kids", "displayName": "Aqua Kids", "connector": "bookeo", "timeZone": "UTC"}',
    );
    expect(created.status).toBe(201);

    const response = await send(
      'PATCH',
      '/admin/vendors/aqua-kids',
      '{"capabilityOverrides": {"book": "handoff", "__proto__": "absent"}}',
    );

    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('capabilityOverrides');
    expect((await send('GET', '/admin/vendors/aqua-kids')).body).not.toHaveProperty(
      'capabilityOverrides',
    );
  });
});
