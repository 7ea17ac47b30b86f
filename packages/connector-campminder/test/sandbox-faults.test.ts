import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  PINE_LAKE_CLIENT_ID,
  startCampMinderSandbox,
  type CampMinderSandbox,
} from '../src/sandbox/index.js';
import { callApi, requestToken, tokenFor } from './sandbox-client.js';

const PINE = PINE_LAKE_CLIENT_ID;
const query = { clientid: PINE };

let sandbox: CampMinderSandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startCampMinderSandbox();
  token = await tokenFor(sandbox, PINE);
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.stop());

describe('sandbox faults', () => {
  it('answers a rateLimit fault with 429, Retry-After and the gateway body', async () => {
    sandbox.injectFault({ kind: 'rateLimit', retryAfterSeconds: 2 });

    const limited = await callApi(sandbox, token, '/sessions', { query });
    const next = await callApi(sandbox, token, '/sessions', { query });

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.body).toEqual({
      statusCode: 429,
      message: 'Rate limit is exceeded. Try again in 2 seconds.',
    });
    expect(next.status).toBe(200);
  });

  it('applies faults to the token endpoint too', async () => {
    sandbox.injectFault({ kind: 'serverError', match: { pathPrefix: '/auth' } });

    const failed = await requestToken(sandbox, sandbox.credentials(PINE));
    const data = await callApi(sandbox, token, '/sessions', { query });

    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ code: 503 });
    expect(data.status).toBe(200);
  });

  it('matches faults by method and path prefix, oldest first, for `times` requests', async () => {
    sandbox.injectFault({
      kind: 'serverError',
      status: 502,
      times: 2,
      match: { method: 'get', pathPrefix: '/persons' },
    });
    sandbox.injectFault({ kind: 'serverError', status: 500, match: { pathPrefix: '/persons' } });

    const sessions = await callApi(sandbox, token, '/sessions', { query });
    const statuses = [];
    for (let index = 0; index < 4; index += 1) {
      statuses.push((await callApi(sandbox, token, '/persons', { query })).status);
    }

    expect(sessions.status).toBe(200);
    expect(statuses).toEqual([502, 502, 500, 200]);
  });

  it('logs a reset without a status and never runs the request', async () => {
    sandbox.injectFault({ kind: 'reset', match: { method: 'PATCH' } });

    await expect(
      callApi(sandbox, token, '/persons/90003', {
        method: 'PATCH',
        query,
        body: { ExternalID: 'SARESET01' },
      }),
    ).rejects.toThrow();
    const [record] = sandbox.requests({ method: 'PATCH' });
    expect(record?.path).toBe('/persons/90003');
    expect(record?.status).toBeUndefined();
    expect(sandbox.persons(PINE).find((person) => person.ID === 90003)?.ExternalID).toBeNull();
  });

  it('commits the write of a lostResponse before dropping the connection', async () => {
    sandbox.injectFault({ kind: 'lostResponse', match: { method: 'PATCH' } });

    await expect(
      callApi(sandbox, token, '/persons/90003', {
        method: 'PATCH',
        query,
        body: { ExternalID: 'SALOST001' },
      }),
    ).rejects.toThrow();
    expect(sandbox.persons(PINE).find((person) => person.ID === 90003)?.ExternalID).toBe(
      'SALOST001',
    );
  });

  it('delays a request by the latency in real time', async () => {
    sandbox.injectFault({ kind: 'latency', ms: 150 });

    const started = performance.now();
    const response = await callApi(sandbox, token, '/sessions', { query });
    const elapsed = performance.now() - started;

    expect(response.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(140);
  });

  it('stops faulting after clearFaults and reset', async () => {
    sandbox.injectFault({ kind: 'serverError', times: 5 });
    sandbox.clearFaults();
    expect((await callApi(sandbox, token, '/sessions', { query })).status).toBe(200);

    sandbox.injectFault({ kind: 'serverError', times: 5 });
    sandbox.reset();
    expect((await callApi(sandbox, token, '/sessions', { query })).status).toBe(200);
  });

  it('rejects invalid faults', () => {
    expect(() => sandbox.injectFault({ kind: 'serverError', status: 404 })).toThrow(/500 to 599/);
    expect(() => sandbox.injectFault({ kind: 'latency', ms: -1 })).toThrow(/ms >= 0/);
    expect(() => sandbox.injectFault({ kind: 'reset', times: 0 })).toThrow(/>= 1/);
  });

  it('leaves the portal page alone', async () => {
    sandbox.injectFault({ kind: 'serverError', times: 5 });

    const portal = await fetch(`${sandbox.url}/portal/register?session=1041&program=&ref=SAX`);

    expect(portal.status).toBe(200);
  });
});
