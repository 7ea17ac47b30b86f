import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { campMinderErrorSchema, campMinderTokenSchema } from '../src/campminder-api.js';
import {
  createSandboxClock,
  credentialIdOf,
  MAPLE_HOLLOW_CLIENT_ID,
  PINE_LAKE_CLIENT_ID,
  startCampMinderSandbox,
  type CampMinderSandbox,
  type SandboxClock,
} from '../src/sandbox/index.js';
import { callApi, requestToken, tokenFor } from './sandbox-client.js';

const START = new Date('2027-02-01T15:00:00Z');
const PINE = PINE_LAKE_CLIENT_ID;
const MAPLE = MAPLE_HOLLOW_CLIENT_ID;

let sandbox: CampMinderSandbox;
let clock: SandboxClock;

beforeAll(async () => {
  clock = createSandboxClock(START);
  sandbox = await startCampMinderSandbox({ clock });
});
beforeEach(() => {
  clock.set(START);
  sandbox.reset();
});
afterAll(() => sandbox.stop());

function payloadOf(token: string): Record<string, unknown> {
  const [, payload] = token.split('.');
  return JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('sandbox token endpoint', () => {
  it('serves on loopback at the origin', () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('issues a JWT that expires an hour later on the sandbox clock', async () => {
    const response = await requestToken(sandbox, sandbox.credentials(PINE));

    expect(response.status).toBe(200);
    const token = campMinderTokenSchema.parse(response.body);
    expect(token.ClientIDs).toBe(String(PINE));
    expect(token.Token.split('.')).toHaveLength(3);
    const payload = payloadOf(token.Token);
    expect(payload.exp).toBe(START.getTime() / 1000 + 3600);
  });

  it('lists every client of an organization key', async () => {
    const response = await requestToken(sandbox, {
      apiKey: 'LAKESHORE-ORG-APIKEY-0001',
      subscriptionKey: 'LAKESHORE-ORG-SUBSCRIPTION-0001',
    });

    expect(response.status).toBe(200);
    expect(campMinderTokenSchema.parse(response.body).ClientIDs).toBe(`${PINE},${MAPLE}`);
  });

  it('keeps the apiKey out of the token', async () => {
    const { apiKey } = sandbox.credentials(PINE);
    const token = await tokenFor(sandbox, PINE);

    expect(token).not.toContain(Buffer.from(apiKey).toString('base64url').slice(0, 12));
    expect(JSON.stringify(payloadOf(token))).not.toContain(apiKey);
  });

  it('rejects an unknown apiKey with 401 without echoing it', async () => {
    const apiKey = 'PINELAKE-APIKEY-STOLEN';
    const response = await requestToken(sandbox, {
      apiKey,
      subscriptionKey: sandbox.credentials(PINE).subscriptionKey,
    });

    expect(response.status).toBe(401);
    expect(campMinderErrorSchema.parse(response.body).code).toBe(401);
    expect(response.text).not.toContain(apiKey);
  });

  it('rejects a missing or foreign subscription key with 401', async () => {
    const { apiKey } = sandbox.credentials(PINE);
    const missing = await requestToken(sandbox, { apiKey });
    const foreign = await requestToken(sandbox, {
      apiKey,
      subscriptionKey: sandbox.credentials(MAPLE).subscriptionKey,
    });

    expect(missing.status).toBe(401);
    expect(foreign.status).toBe(401);
    expect(foreign.text).not.toContain(sandbox.credentials(MAPLE).subscriptionKey);
  });

  it('answers the 11th token request within 60 s with 429 and Retry-After', async () => {
    const keys = sandbox.credentials(PINE);
    for (let index = 0; index < 10; index += 1) {
      expect((await requestToken(sandbox, keys)).status).toBe(200);
      clock.advance(1000);
    }
    const limited = await requestToken(sandbox, keys);

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('50');
    expect(limited.body).toEqual({
      statusCode: 429,
      message: 'Rate limit is exceeded. Try again in 50 seconds.',
    });
  });

  it('counts token requests per apiKey', async () => {
    const pine = sandbox.credentials(PINE);
    for (let index = 0; index < 10; index += 1) await requestToken(sandbox, pine);

    expect((await requestToken(sandbox, pine)).status).toBe(429);
    expect((await requestToken(sandbox, sandbox.credentials(MAPLE))).status).toBe(200);
  });

  it('issues tokens again once the window has passed', async () => {
    const keys = sandbox.credentials(PINE);
    for (let index = 0; index < 10; index += 1) await requestToken(sandbox, keys);
    clock.advance(59_999);
    expect((await requestToken(sandbox, keys)).status).toBe(429);

    clock.advance(1);
    expect((await requestToken(sandbox, keys)).status).toBe(200);
  });

  it('forgets the rate-limit count on reset', async () => {
    const keys = sandbox.credentials(PINE);
    for (let index = 0; index < 10; index += 1) await requestToken(sandbox, keys);
    sandbox.reset();

    expect((await requestToken(sandbox, keys)).status).toBe(200);
  });
});

describe('sandbox bearer tokens', () => {
  const query = { clientid: PINE, seasonid: 2027 };

  it('accepts a fresh token with the subscription key', async () => {
    const token = await tokenFor(sandbox, PINE);
    const response = await callApi(sandbox, token, '/sessions/groups', { query });

    expect(response.status).toBe(200);
  });

  it('rejects a token one second past its expiry with 401', async () => {
    const token = await tokenFor(sandbox, PINE);
    clock.advance(3599_000);
    expect((await callApi(sandbox, token, '/sessions', { query })).status).toBe(200);

    clock.advance(1000);
    const expired = await callApi(sandbox, token, '/sessions', { query });
    expect(expired.status).toBe(401);
    expect(campMinderErrorSchema.parse(expired.body)).toMatchObject({ code: 401 });
    expect(expired.text).toContain('expired');
  });

  it('rejects a tampered, foreign or missing token with 401', async () => {
    const token = await tokenFor(sandbox, PINE);
    const [header, , signature] = token.split('.');
    const claims = { ...payloadOf(token), clientIds: `${PINE},${MAPLE}` };
    const forgedPayload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const forged = `${header}.${forgedPayload}.${signature}`;
    const other = await startCampMinderSandbox({ clock });
    const foreign = await tokenFor(other, PINE);
    await other.stop();

    expect((await callApi(sandbox, forged, '/sessions', { query })).status).toBe(401);
    expect((await callApi(sandbox, foreign, '/sessions', { query })).status).toBe(401);
    expect((await callApi(sandbox, 'not-a-jwt', '/sessions', { query })).status).toBe(401);
    expect((await callApi(sandbox, undefined, '/sessions', { query })).status).toBe(401);
  });

  it('rejects a data call without a subscription key with 401', async () => {
    const token = await tokenFor(sandbox, PINE);
    const response = await callApi(sandbox, token, '/sessions', {
      query,
      subscriptionKey: null,
    });

    expect(response.status).toBe(401);
  });

  it("rejects another camp's clientid with 403", async () => {
    const token = await tokenFor(sandbox, PINE);
    const response = await callApi(sandbox, token, '/sessions', {
      query: { clientid: MAPLE, seasonid: 2027 },
    });

    expect(response.status).toBe(403);
    expect(campMinderErrorSchema.parse(response.body)).toMatchObject({ code: 403 });
  });

  it('rejects a missing clientid with 400', async () => {
    const token = await tokenFor(sandbox, PINE);
    const response = await callApi(sandbox, token, '/sessions', { query: { seasonid: 2027 } });

    expect(response.status).toBe(400);
  });

  it('answers an unknown endpoint with 404', async () => {
    const token = await tokenFor(sandbox, PINE);
    const response = await callApi(sandbox, token, '/bunks', { query });

    expect(response.status).toBe(404);
    expect(campMinderErrorSchema.parse(response.body).message).toContain('/bunks');
  });
});

describe('sandbox request log', () => {
  it('names credentials by hash on token and data calls', async () => {
    const { apiKey } = sandbox.credentials(PINE);
    const token = await tokenFor(sandbox, PINE);
    await callApi(sandbox, token, '/sessions', { query: { clientid: PINE } });

    const log = sandbox.requests();
    expect(log.map((record) => [record.method, record.path, record.status])).toEqual([
      ['GET', '/auth/apikey', 200],
      ['GET', '/sessions', 200],
    ]);
    expect(log.map((record) => record.credentialId)).toEqual([
      credentialIdOf(apiKey),
      credentialIdOf(apiKey),
    ]);
    expect(JSON.stringify(log)).not.toContain(apiKey);
    expect(JSON.stringify(log)).not.toContain(token);
  });

  it('keeps the query string and filters by path', async () => {
    const token = await tokenFor(sandbox, PINE);
    await callApi(sandbox, token, '/sessions/groups', { query: { clientid: PINE, pagesize: 2 } });

    const [record] = sandbox.requests({ pathPrefix: '/sessions' });
    expect(record?.query).toBe(`clientid=${PINE}&pagesize=2`);
    expect(sandbox.requests({ pathPrefix: '/persons' })).toEqual([]);
  });
});
