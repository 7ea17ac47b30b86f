import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRequest } from './admin-client.js';
import { startServer, type RunningServer } from './server-process.js';

const TOKEN = 'admin-token-for-import-body-3b9f0d';
const KEYS = 'ib1:SW1wb3J0Qm9keVRlc3RLZXlUaGlydHlUd29CeXRlcyE=';
const YAML_ROW =
  '- id: aqua-kids\n  displayName: Aqua Kids\n  connector: bookeo\n  timeZone: UTC\n';

describe('admin import body', () => {
  let server: RunningServer;

  const importBody = (rawBody: string, contentType: string) =>
    adminRequest(server.url, 'POST', '/admin/vendors/import', {
      token: TOKEN,
      rawBody,
      contentType,
    });

  beforeAll(async () => {
    const directory = mkdtempSync(join(tmpdir(), 'hub-import-body-'));
    server = await startServer([], {
      HUB_DB_PATH: join(directory, 'hub.db'),
      HUB_ENCRYPTION_KEYS: KEYS,
      HUB_ADMIN_TOKEN: TOKEN,
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('names the content types for a text body', async () => {
    const response = await importBody(YAML_ROW, 'text/plain');

    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('invalid');
    expect(response.body.error.message).toContain('Content-Type: application/yaml');
    expect(response.body.error.message).toContain('Content-Type: application/json');
  });

  it('names the expected shape of a JSON body', async () => {
    const response = await importBody('{"rows": []}', 'application/json');

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid');
    expect(response.body.error.message).toContain(
      'must be a JSON list of vendors, or an object with a "vendors" list',
    );
  });

  it('imports nothing from a rejected body', async () => {
    await importBody(YAML_ROW, 'text/plain');

    const listed = await adminRequest(server.url, 'GET', '/admin/vendors', { token: TOKEN });

    expect(listed.body).toEqual([]);
  });
});
