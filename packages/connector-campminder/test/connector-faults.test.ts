import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCampMinderConnector, RETRY_POLICY } from '../src/index.js';
import { PINE_LAKE_CLIENT_ID, type CampMinderSandbox } from '../src/sandbox/index.js';
import { createConnectorHarness, sandboxSecrets, startSandbox } from './connector-harness.js';

const { contextFor, failure, expectNotLeaked, logLines } = createConnectorHarness();

/** Returns a loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('campminder connector under faults', () => {
  let sandbox: CampMinderSandbox;
  const connector = createCampMinderConnector();
  const sessionsOf = () => connector.listSessions(contextFor(sandbox), { programId: 'group-14' });
  const dataRequests = () => sandbox.requests().filter((item) => item.path === '/sessions');

  beforeAll(async () => {
    sandbox = await startSandbox();
  });

  beforeEach(async () => {
    sandbox.clearFaults();
    // A token is fetched before the log is cleared, so only data requests are counted.
    await sessionsOf();
    sandbox.reset();
  });

  afterAll(async () => {
    await sandbox.stop();
    expectNotLeaked(sandboxSecrets(sandbox));
  });

  it('waits out Retry-After on a data call, then retries', async () => {
    sandbox.injectFault({ kind: 'rateLimit', retryAfterSeconds: 1, match: { method: 'GET' } });
    const sessions = await sessionsOf();

    expect(sessions.length).toBeGreaterThan(0);
    const [limited, retried] = dataRequests();
    expect(limited?.status).toBe(429);
    expect(retried?.status).toBe(200);
    expect(Date.parse(retried!.at) - Date.parse(limited!.at)).toBeGreaterThanOrEqual(950);
    expect(logLines.some((line) => line.message === 'Retrying CampMinder request')).toBe(true);
  });

  it('reports a Retry-After beyond the budget as rate_limited', async () => {
    sandbox.injectFault({ kind: 'rateLimit', retryAfterSeconds: 120, match: { method: 'GET' } });
    const error = await failure(sessionsOf());

    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(120_000);
    expect(dataRequests()).toHaveLength(1);
  });

  it('retries a 5xx read and succeeds', async () => {
    sandbox.injectFault({ kind: 'serverError', status: 502, match: { method: 'GET' } });
    const sessions = await sessionsOf();

    expect(sessions.length).toBeGreaterThan(0);
    expect(dataRequests().map((item) => item.status)).toEqual([502, 200]);
  });

  it('gives up after the retry policy under constant 5xx', async () => {
    sandbox.injectFault({ kind: 'serverError', status: 503, times: 100 });
    const error = await failure(sessionsOf());

    expect(error.code).toBe('provider_unavailable');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('GET /sessions (HTTP 503)');
    // The body's message ("The service is temporarily unavailable. Retry later.") is not quoted.
    expect(error.message).not.toContain('temporarily unavailable');
    expect(dataRequests()).toHaveLength(RETRY_POLICY.maxAttempts);
    expect(sandbox.requests().filter((item) => item.path === '/sessions/groups')).toEqual([]);
  });

  it('retries a reset connection', async () => {
    sandbox.injectFault({ kind: 'reset', match: { method: 'GET' } });
    const sessions = await sessionsOf();
    expect(sessions.length).toBeGreaterThan(0);
  });

  it('reports requests slower than the time limit as timeout', async () => {
    sandbox.injectFault({ kind: 'latency', ms: 400, times: 3, match: { method: 'GET' } });
    const context = contextFor(sandbox, PINE_LAKE_CLIENT_ID, { timeoutMs: 100 });
    const error = await failure(connector.listSessions(context, { programId: 'group-14' }));

    expect(error.code).toBe('timeout');
    expect(error.retryable).toBe(true);
  });

  it('ends a Retry-After wait when the caller aborts', async () => {
    sandbox.injectFault({ kind: 'rateLimit', retryAfterSeconds: 20, match: { method: 'GET' } });
    const controller = new AbortController();
    const pending = connector.listSessions(
      contextFor(sandbox, PINE_LAKE_CLIENT_ID, { signal: controller.signal }),
      { programId: 'group-14' },
    );
    while (dataRequests().length === 0 || dataRequests()[0]?.status === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    controller.abort(new Error('caller gave up'));
    const error = await failure(pending);

    expect(error.code).toBe('timeout');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('aborted by the caller');
  });

  it('reports a refused connection with the base URL to check', async () => {
    const port = await closedPort();
    const context = contextFor(sandbox, PINE_LAKE_CLIENT_ID, {
      config: { baseUrl: `http://127.0.0.1:${port}` },
    });
    const error = await failure(connector.listPrograms(context));

    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toContain('config.baseUrl');
  });
});
