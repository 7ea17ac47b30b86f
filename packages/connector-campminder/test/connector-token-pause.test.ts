import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCampMinderConnector, type CampMinderCredentials } from '../src/index.js';
import {
  MAPLE_HOLLOW_CLIENT_ID,
  PINE_LAKE_CLIENT_ID,
  type CampMinderSandbox,
} from '../src/sandbox/index.js';
import { DEFAULT_TOKEN_PAUSE_MS } from '../src/tokens.js';
import {
  createConnectorHarness,
  sandboxSecrets,
  startSandbox,
  TEST_START,
} from './connector-harness.js';

const { contextFor, failure, expectNotLeaked, logLines } = createConnectorHarness();

/** Token requests the sandbox takes for one apiKey within 60 s before it returns 429. */
const TOKEN_REQUEST_LIMIT = 10;

describe('campminder connector token requests after a 429', () => {
  let sandbox: CampMinderSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });

  beforeEach(() => {
    sandbox.reset();
    sandbox.clock.set(TEST_START);
  });

  afterAll(async () => {
    await sandbox.stop();
    expectNotLeaked(sandboxSecrets(sandbox));
  });

  const tokenRequests = () => sandbox.requests({ pathPrefix: '/auth/apikey' });

  /** Sends `count` token requests for the camp's apiKey straight over HTTP. */
  async function spendTokenRequests(clientId: number, count = TOKEN_REQUEST_LIMIT): Promise<void> {
    const keys = sandbox.credentials(clientId);
    for (let sent = 0; sent < count; sent += 1) {
      const response = await fetch(`${sandbox.url}/auth/apikey`, {
        headers: { authorization: keys.apiKey, 'ocp-apim-subscription-key': keys.subscriptionKey },
      });
      expect(response.status).toBe(200);
    }
  }

  it('sends no token request until Retry-After passes', async () => {
    await spendTokenRequests(PINE_LAKE_CLIENT_ID);
    const connector = createCampMinderConnector();

    const first = await failure(connector.listPrograms(contextFor(sandbox)));
    expect(first.code).toBe('rate_limited');
    expect(first.retryAfterMs).toBe(60_000);
    expect(tokenRequests()).toHaveLength(TOKEN_REQUEST_LIMIT + 1);
    expect(tokenRequests().at(-1)?.status).toBe(429);

    const second = await failure(connector.listPrograms(contextFor(sandbox)));
    expect(second.code).toBe('rate_limited');
    expect(second.retryable).toBe(true);
    expect(second.retryAfterMs).toBe(60_000);
    expect(second.message).toContain('Pine Lake Camp');
    expect(tokenRequests()).toHaveLength(TOKEN_REQUEST_LIMIT + 1);

    sandbox.clock.advance(45_000);
    const third = await failure(connector.verifyCredentials(contextFor(sandbox)));
    expect(third.code).toBe('rate_limited');
    expect(third.retryAfterMs).toBe(15_000);
    expect(tokenRequests()).toHaveLength(TOKEN_REQUEST_LIMIT + 1);

    sandbox.clock.advance(15_000);
    const programs = await connector.listPrograms(contextFor(sandbox));
    expect(programs.length).toBeGreaterThan(0);
    expect(tokenRequests().map((request) => request.status)).toEqual([
      ...Array<number>(TOKEN_REQUEST_LIMIT).fill(200),
      429,
      200,
    ]);
    expect(logLines.some((line) => line.message.includes('Pausing CampMinder token'))).toBe(true);
  });

  it('keeps other credentials requesting tokens', async () => {
    await spendTokenRequests(PINE_LAKE_CLIENT_ID);
    const connector = createCampMinderConnector();
    await failure(connector.listPrograms(contextFor(sandbox)));

    const programs = await connector.listPrograms(contextFor(sandbox, MAPLE_HOLLOW_CLIENT_ID));

    expect(programs.length).toBeGreaterThan(0);
    expect(tokenRequests().at(-1)?.status).toBe(200);
  });

  it('keeps using a cached token during the pause', async () => {
    const connector = createCampMinderConnector();
    await connector.listPrograms(contextFor(sandbox));
    await spendTokenRequests(PINE_LAKE_CLIENT_ID, TOKEN_REQUEST_LIMIT - 1);
    const other = createCampMinderConnector();
    await failure(other.listPrograms(contextFor(sandbox)));

    const programs = await connector.listPrograms(contextFor(sandbox));

    expect(programs.length).toBeGreaterThan(0);
    expect(tokenRequests()).toHaveLength(TOKEN_REQUEST_LIMIT + 1);
  });
});

describe('campminder connector after a 429 without Retry-After', () => {
  it('pauses token requests for the default time', async () => {
    let tokenRequests = 0;
    const server = createServer((request, response) => {
      if (request.url?.startsWith('/auth/apikey')) tokenRequests += 1;
      response.writeHead(429, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ statusCode: 429, message: 'Rate limit is exceeded.' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const sandbox = await startSandbox();
    try {
      let nowMs = TEST_START.getTime();
      const clock = { now: () => new Date(nowMs) };
      const credentials: CampMinderCredentials = { apiKey: 'key-a', subscriptionKey: 'sub-a' };
      const context = () =>
        contextFor(sandbox, PINE_LAKE_CLIENT_ID, {
          config: { baseUrl: `http://127.0.0.1:${port}` },
          credentials,
          clock,
        });
      const connector = createCampMinderConnector();

      // The retry policy sends the request three times, a second apart.
      const first = await failure(connector.listPrograms(context()));
      expect(first.code).toBe('rate_limited');
      expect(first.retryAfterMs).toBe(DEFAULT_TOKEN_PAUSE_MS);
      expect(tokenRequests).toBe(3);

      nowMs += 1_000;
      const second = await failure(connector.listPrograms(context()));
      expect(second.retryAfterMs).toBe(DEFAULT_TOKEN_PAUSE_MS - 1_000);
      expect(tokenRequests).toBe(3);
    } finally {
      await sandbox.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
