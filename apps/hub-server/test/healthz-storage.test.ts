import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, type ThrowawayDatabase } from './postgres.js';
import { startServer, type RunningServer } from './server-process.js';

const KEYS = 'hz1:H7fQ2kLw9XcR4tVb8NzP1mJs6YdG3aUe0iOo5yTqWrE=';

describe('/healthz with PostgreSQL', () => {
  let database: ThrowawayDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    database = await createThrowawayDatabase();
    server = await startServer([], {
      DATABASE_URL: database.url,
      HUB_DATA_DIR: mkdtempSync(join(tmpdir(), 'hub-healthz-')),
      HUB_ENCRYPTION_KEYS: KEYS,
    });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('answers 503 once the database is gone', async () => {
    const healthy = await fetch(new URL('/healthz', server.url));
    expect(healthy.status).toBe(200);
    expect(((await healthy.json()) as { status: string }).status).toBe('ok');

    await database.drop();

    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await fetch(new URL('/healthz', server.url));
      expect(response.status).toBe(503);
      const body = (await response.json()) as { status: string; reason?: string };
      expect(body.status).toBe('unavailable');
      expect(body.reason).toMatch(/storage query (failed|timed out)/);
    }
    const logged = server.output.filter((line) => line.includes('Health check failed'));
    expect(logged).toHaveLength(1);
  }, 30_000);
});
