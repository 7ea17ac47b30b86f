import type { ConnectorError } from '@signupassist/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampMinderTokenCache, createCampMinderConnector } from '../src/index.js';
import {
  catalogRoutes,
  startStub,
  stubContext,
  stubSession,
  tokenResponse,
  type StubResponse,
  type StubApi,
} from './review-stub.js';

/** Runs two vendors that share keys into one token fetch that gets `response`. */
async function sharedFetchFailure(
  stub: StubApi,
  response: StubResponse,
): Promise<[ConnectorError, ConnectorError]> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  stub.routes.set('GET /auth/apikey', async () => {
    await gate;
    return response;
  });
  const connector = createCampMinderConnector({ tokens: new CampMinderTokenCache() });
  const first = connector.listPrograms(
    stubContext(stub, { vendorId: 'pine-lake', displayName: 'Pine Lake Camp' }),
  );
  const second = connector.listPrograms(
    stubContext(stub, { vendorId: 'cedar-ridge', displayName: 'Cedar Ridge Camp' }),
  );
  const outcomes = Promise.allSettled([first, second]);
  setTimeout(release, 20);
  const [a, b] = await outcomes;
  if (a.status !== 'rejected' || b.status !== 'rejected') throw new Error('both should fail');
  return [a.reason as ConnectorError, b.reason as ConnectorError];
}

describe('token fetch shared by two vendors with the same keys', () => {
  let stub: StubApi;

  beforeAll(async () => {
    stub = await startStub(catalogRoutes([stubSession()]));
  });

  afterAll(async () => {
    await stub.stop();
  });

  it('names each vendor in its own auth error', async () => {
    const [pine, cedar] = await sharedFetchFailure(stub, {
      status: 401,
      body: { code: 401, message: 'Invalid API key' },
    });
    expect(stub.requests.filter((request) => request.path === '/auth/apikey')).toHaveLength(1);

    expect(pine.code).toBe('auth_failed');
    expect(pine.vendorId).toBe('pine-lake');
    expect(pine.message).toContain('Pine Lake Camp');

    expect(cedar.code).toBe('auth_failed');
    expect(cedar.vendorId).toBe('cedar-ridge');
    expect(cedar.message).toContain('Cedar Ridge Camp');
    expect(cedar.message).not.toContain('Pine Lake');
    expect(cedar.message).toContain('GET /auth/apikey');
  });

  it('keeps the wait of a rate limit for the second vendor', async () => {
    const [, cedar] = await sharedFetchFailure(stub, {
      status: 429,
      headers: { 'Retry-After': '45' },
      body: { statusCode: 429, message: 'Rate limit is exceeded. Try again in 45 seconds.' },
    });
    expect(cedar.code).toBe('rate_limited');
    expect(cedar.retryAfterMs).toBe(45_000);
    expect(cedar.vendorId).toBe('cedar-ridge');
    expect(cedar.message).toContain('Cedar Ridge Camp');
  });

  it('names the second vendor in a malformed token response', async () => {
    const [, cedar] = await sharedFetchFailure(stub, { body: { Token: '', ClientIDs: '4101' } });
    expect(cedar.code).toBe('provider_unavailable');
    expect(cedar.vendorId).toBe('cedar-ridge');
    expect(cedar.message).toContain('Cedar Ridge Camp');
    expect(cedar.message).not.toContain('Pine Lake');
  });

  it('still shares a successful fetch', async () => {
    stub.requests.length = 0;
    stub.routes.set('GET /auth/apikey', () => tokenResponse());
    const connector = createCampMinderConnector({ tokens: new CampMinderTokenCache() });
    const programs = await Promise.all([
      connector.listPrograms(stubContext(stub, { vendorId: 'pine-lake' })),
      connector.listPrograms(stubContext(stub, { vendorId: 'cedar-ridge' })),
    ]);
    expect(programs.map((list) => list.map((program) => program.vendorId))).toEqual([
      ['pine-lake'],
      ['cedar-ridge'],
    ]);
    expect(stub.requests.filter((request) => request.path === '/auth/apikey')).toHaveLength(1);
  });
});
