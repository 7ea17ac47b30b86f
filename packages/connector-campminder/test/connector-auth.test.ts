import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCampMinderConnector, TOKEN_REFRESH_MARGIN_MS } from '../src/index.js';
import {
  credentialIdOf,
  MAPLE_HOLLOW_CLIENT_ID,
  PINE_LAKE_CLIENT_ID,
  type CampMinderSandbox,
} from '../src/sandbox/index.js';
import {
  createConnectorHarness,
  sandboxSecrets,
  startSandbox,
  TEST_START,
} from './connector-harness.js';

const MINUTE_MS = 60_000;
const WRONG_KEYS = { apiKey: 'WRONG-APIKEY-5d2e81', subscriptionKey: 'WRONG-SUBKEY-5d2e81' };

const { contextFor, failure, expectNotLeaked, logLines } = createConnectorHarness();

describe('campminder connector authentication', () => {
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
    expectNotLeaked([...sandboxSecrets(sandbox), ...Object.values(WRONG_KEYS)]);
  });

  const tokenRequests = () => sandbox.requests({ pathPrefix: '/auth/apikey' });

  it('makes one token request for 100 concurrent catalog calls', async () => {
    const connector = createCampMinderConnector();
    const calls = Array.from({ length: 100 }, () => connector.listPrograms(contextFor(sandbox)));
    const results = await Promise.all(calls);

    expect(tokenRequests()).toHaveLength(1);
    expect(tokenRequests()[0]?.status).toBe(200);
    const first = JSON.stringify(results[0]);
    expect(results.every((programs) => JSON.stringify(programs) === first)).toBe(true);
    expect(results[0]!.length).toBeGreaterThan(0);
    const sessionReads = sandbox.requests({ pathPrefix: '/sessions', method: 'GET' });
    expect(sessionReads.every((request) => request.status === 200)).toBe(true);
  });

  it('reuses the token across later calls', async () => {
    const connector = createCampMinderConnector();
    await connector.listPrograms(contextFor(sandbox));
    await connector.getRegistrationForm(contextFor(sandbox), { programId: 'group-11' });
    await connector.listSessions(contextFor(sandbox), { programId: 'group-14' });

    expect(tokenRequests()).toHaveLength(1);
  });

  it('keeps one token per credentials', async () => {
    const connector = createCampMinderConnector();
    await Promise.all([
      connector.listPrograms(contextFor(sandbox, PINE_LAKE_CLIENT_ID)),
      connector.listPrograms(contextFor(sandbox, MAPLE_HOLLOW_CLIENT_ID)),
      connector.listPrograms(contextFor(sandbox, PINE_LAKE_CLIENT_ID)),
    ]);

    const ids = tokenRequests().map((request) => request.credentialId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids)).toEqual(
      new Set([
        credentialIdOf(sandbox.credentials(PINE_LAKE_CLIENT_ID).apiKey),
        credentialIdOf(sandbox.credentials(MAPLE_HOLLOW_CLIENT_ID).apiKey),
      ]),
    );
  });

  it('replaces a token 5 minutes before it expires', async () => {
    const connector = createCampMinderConnector();
    await connector.listPrograms(contextFor(sandbox));

    // The sandbox's tokens live 60 minutes, so at 54 minutes the token is still used.
    sandbox.clock.advance(60 * MINUTE_MS - TOKEN_REFRESH_MARGIN_MS - MINUTE_MS);
    await connector.listPrograms(contextFor(sandbox));
    expect(tokenRequests()).toHaveLength(1);

    sandbox.clock.advance(2 * MINUTE_MS);
    await connector.listPrograms(contextFor(sandbox));
    expect(tokenRequests()).toHaveLength(2);
    const rejected = sandbox.requests().filter((request) => request.status === 401);
    expect(rejected).toHaveLength(0);
  });

  it('refreshes once when a data call gets 401', async () => {
    const connector = createCampMinderConnector();
    // The connector's clock stays at the start, so it trusts its token after the sandbox
    // clock has passed the token's expiry.
    const frozen = { now: () => new Date(TEST_START) };
    await connector.listPrograms(contextFor(sandbox, PINE_LAKE_CLIENT_ID, { clock: frozen }));

    sandbox.clock.advance(61 * MINUTE_MS);
    const programs = await connector.listPrograms(
      contextFor(sandbox, PINE_LAKE_CLIENT_ID, { clock: frozen }),
    );

    expect(programs.length).toBeGreaterThan(0);
    expect(tokenRequests()).toHaveLength(2);
    const statuses = sandbox.requests().map((request) => `${request.path} ${request.status}`);
    expect(statuses.filter((line) => line.endsWith(' 401'))).toEqual(['/sessions 401']);
    expect(logLines.some((line) => line.message.includes('fetching a new one'))).toBe(true);
  });

  it('fails with auth_failed for keys CampMinder rejects', async () => {
    const connector = createCampMinderConnector();
    const context = contextFor(sandbox, PINE_LAKE_CLIENT_ID, { credentials: WRONG_KEYS });
    const error = await failure(connector.listPrograms(context));

    expect(error.code).toBe('auth_failed');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('Pine Lake Camp');
    expect(error.message).toContain('API key and subscription key');
    expect(tokenRequests().map((request) => request.status)).toEqual([401]);
  });

  it('fails verifyCredentials with auth_failed for rejected keys', async () => {
    const connector = createCampMinderConnector();
    const context = contextFor(sandbox, PINE_LAKE_CLIENT_ID, { credentials: WRONG_KEYS });
    const error = await failure(connector.verifyCredentials(context));
    expect(error.code).toBe('auth_failed');
  });

  it('verifies keys that reach the configured client id', async () => {
    const connector = createCampMinderConnector();
    const check = await connector.verifyCredentials(contextFor(sandbox));
    expect(check).toEqual({
      valid: true,
      accountId: String(PINE_LAKE_CLIENT_ID),
      permissions: [`client:${PINE_LAKE_CLIENT_ID}`],
      problems: [],
    });
  });

  it('reports keys of another camp as not valid, naming the client id', async () => {
    const connector = createCampMinderConnector();
    const context = contextFor(sandbox, MAPLE_HOLLOW_CLIENT_ID, {
      credentials: sandbox.credentials(PINE_LAKE_CLIENT_ID),
    });
    const check = await connector.verifyCredentials(context);
    expect(check.valid).toBe(false);
    expect(check.problems).toHaveLength(1);
    expect(check.problems?.[0]).toContain(`client id ${MAPLE_HOLLOW_CLIENT_ID}`);
    expect(check.problems?.[0]).toContain(String(PINE_LAKE_CLIENT_ID));
  });

  it('maps a 403 for another camp to permission_denied', async () => {
    const connector = createCampMinderConnector();
    const context = contextFor(sandbox, MAPLE_HOLLOW_CLIENT_ID, {
      credentials: sandbox.credentials(PINE_LAKE_CLIENT_ID),
    });
    const error = await failure(connector.listPrograms(context));
    expect(error.code).toBe('permission_denied');
    expect(error.message).toContain(`client id ${MAPLE_HOLLOW_CLIENT_ID}`);
    expect(error.message).toContain('config.clientId');
  });

  it('reports the auth rate limit as rate_limited with its wait', async () => {
    // Each fresh connector has its own cache, so each requests a token.
    for (let count = 0; count < 10; count += 1) {
      await createCampMinderConnector().verifyCredentials(contextFor(sandbox));
    }
    const error = await failure(createCampMinderConnector().listPrograms(contextFor(sandbox)));

    expect(error.code).toBe('rate_limited');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBeGreaterThan(30_000);
    expect(
      tokenRequests()
        .map((request) => request.status)
        .at(-1),
    ).toBe(429);
  });

  it('waits out a short Retry-After on the token request', async () => {
    sandbox.injectFault({
      kind: 'rateLimit',
      retryAfterSeconds: 1,
      match: { pathPrefix: '/auth/apikey' },
    });
    const programs = await createCampMinderConnector().listPrograms(contextFor(sandbox));

    expect(programs.length).toBeGreaterThan(0);
    expect(tokenRequests().map((request) => request.status)).toEqual([429, 200]);
    const waited = Date.parse(tokenRequests()[1]!.at) - Date.parse(tokenRequests()[0]!.at);
    expect(waited).toBeGreaterThanOrEqual(950);
  });

  it('lets one caller abort while another keeps the shared token fetch', async () => {
    sandbox.injectFault({ kind: 'latency', ms: 300, match: { pathPrefix: '/auth/apikey' } });
    const connector = createCampMinderConnector();
    const controller = new AbortController();
    const aborted = connector.listPrograms(
      contextFor(sandbox, PINE_LAKE_CLIENT_ID, { signal: controller.signal }),
    );
    const continued = connector.listPrograms(contextFor(sandbox));
    setTimeout(() => controller.abort(new Error('caller gave up')), 50);

    const error = await failure(aborted);
    expect(error.code).toBe('timeout');
    expect(error.retryable).toBe(false);
    expect((await continued).length).toBeGreaterThan(0);
    expect(tokenRequests()).toHaveLength(1);
  });
});

/** Requests a tiny CampMinder imitation received, as "METHOD path". */
interface FakeApi {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

function jwt(expSeconds: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ exp: expSeconds })}.c2lnbmF0dXJl`;
}

/**
 * Starts a loopback server that issues tokens and responds to data calls with `data`, to reach
 * cases the sandbox does not produce.
 */
async function startFakeApi(
  data: (path: string) => { status: number; body: unknown },
): Promise<FakeApi> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    requests.push(`${request.method} ${path}`);
    const reply =
      path === '/auth/apikey'
        ? {
            status: 200,
            body: { Token: jwt(Math.floor(TEST_START.getTime() / 1000) + 3600), ClientIDs: '4101' },
          }
        : data(path);
    response.writeHead(reply.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('campminder connector against a hand-written API', () => {
  let sandbox: CampMinderSandbox;
  let api: FakeApi | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });

  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  it('fails with auth_failed after a second 401', async () => {
    api = await startFakeApi(() => ({
      status: 401,
      body: { code: 401, message: 'Token is expired' },
    }));
    const connector = createCampMinderConnector();
    const context = contextFor(sandbox, PINE_LAKE_CLIENT_ID, {
      config: { baseUrl: api.url },
      clock: { now: () => new Date(TEST_START) },
    });
    const error = await failure(connector.listPrograms(context));

    expect(error.code).toBe('auth_failed');
    expect(error.message).toContain('fresh token');
    expect(api.requests).toEqual([
      'GET /auth/apikey',
      'GET /sessions',
      'GET /auth/apikey',
      'GET /sessions',
    ]);
  });

  it('reads camelCase envelopes on every list', async () => {
    const session = {
      id: 7,
      name: 'Only Week',
      isActive: true,
      seasonId: 2027,
      groupId: null,
      startDate: '2027-06-28T00:00:00',
      endDate: '2027-07-02T00:00:00',
      startAge: 7.3,
      endAge: 12.11,
    };
    const empty = { totalCount: 0, next: null, result: [] };
    api = await startFakeApi((path) => ({
      status: 200,
      body: path === '/sessions' ? { totalCount: 1, next: null, result: [session] } : empty,
    }));
    const connector = createCampMinderConnector();
    const context = contextFor(sandbox, PINE_LAKE_CLIENT_ID, {
      config: { baseUrl: api.url, pricing: { currency: 'USD' } },
      clock: { now: () => new Date(TEST_START) },
    });

    const programs = await connector.listPrograms(context);
    expect(programs.map((program) => [program.id, program.title, program.ageRange])).toEqual([
      ['session-7', 'Only Week', { minYears: 7.25, maxYears: 12 + 11 / 12 }],
    ]);
    const sessions = await connector.listSessions(context, { programId: 'session-7' });
    expect(sessions.map((item) => [item.id, item.start, item.end])).toEqual([
      ['7', '2027-06-28T00:00:00-04:00', '2027-07-02T00:00:00-04:00'],
    ]);
    expect(sessions[0]?.price).toBeUndefined();
  });

  it('stops a list whose pages never end', async () => {
    const session = {
      ID: 7,
      Name: 'Week',
      IsActive: true,
      SeasonID: 2027,
      StartDate: '2027-06-28T00:00:00',
      EndDate: '2027-07-02T00:00:00',
    };
    api = await startFakeApi(() => ({
      status: 200,
      body: { TotalCount: 1, Next: 'http://elsewhere.example/next', Results: [session] },
    }));
    const connector = createCampMinderConnector();
    const context = contextFor(sandbox, PINE_LAKE_CLIENT_ID, {
      config: { baseUrl: api.url },
      clock: { now: () => new Date(TEST_START) },
    });
    const error = await failure(connector.listPrograms(context));

    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toContain('did not end after 100 pages');
    expect(api.requests.filter((line) => line === 'GET /sessions')).toHaveLength(100);
  });

  it('reports a malformed payload by field without echoing it', async () => {
    api = await startFakeApi(() => ({
      status: 200,
      body: { TotalCount: 1, Next: null, Results: [{ ID: 'secret-camper-name', Name: 3 }] },
    }));
    const connector = createCampMinderConnector();
    const context = contextFor(sandbox, PINE_LAKE_CLIENT_ID, {
      config: { baseUrl: api.url },
      clock: { now: () => new Date(TEST_START) },
    });
    const error = await failure(connector.listPrograms(context));

    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toContain('GET /sessions');
    expect(error.message).toContain('Results.0.ID');
    expect(error.message).not.toContain('secret-camper-name');
  });
});
