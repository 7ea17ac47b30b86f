import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CampMinderCredentialsSchema, createCampMinderConnector } from '../src/index.js';
import {
  catalogRoutes,
  startStub,
  STUB_KEYS,
  stubContext,
  stubSession,
  tokenResponse,
  type StubApi,
} from './review-stub.js';

describe('campminder keys with stray characters', () => {
  let stub: StubApi;

  beforeAll(async () => {
    stub = await startStub(catalogRoutes([stubSession()]));
  });

  beforeEach(() => {
    stub.requests.length = 0;
    stub.routes.set('GET /auth/apikey', () => tokenResponse());
  });

  afterAll(async () => {
    await stub.stop();
  });

  const tokenRequests = () => stub.requests.filter((request) => request.path === '/auth/apikey');

  it('trims a key pasted with a line break', async () => {
    const credentials = { ...STUB_KEYS, subscriptionKey: `${STUB_KEYS.subscriptionKey}\n` };
    const programs = await createCampMinderConnector().listPrograms(
      stubContext(stub, { credentials }),
    );
    expect(programs).toHaveLength(1);
    expect(tokenRequests()[0]?.headers['ocp-apim-subscription-key']).toBe(
      STUB_KEYS.subscriptionKey,
    );
  });

  it('rejects a control character inside a key', async () => {
    const credentials = { ...STUB_KEYS, apiKey: 'STUB-APIKEY\n93c1f0a7' };
    const parsed = CampMinderCredentialsSchema.safeParse(credentials);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('apiKey');

    const error = await createCampMinderConnector()
      .listPrograms(stubContext(stub, { credentials }))
      .then(
        () => undefined,
        (caught: unknown) => caught as Error & { code: string },
      );
    expect(error?.code).toBe('auth_failed');
    expect(error?.message).toContain('apiKey');
    expect(error?.message).toContain('copy');
    expect(error?.message).not.toContain('93c1f0a7');
    expect(error?.message).not.toContain('baseUrl');
    expect(tokenRequests()).toHaveLength(0);
  });

  it('reports a token CampMinder sent with a line break as malformed', async () => {
    stub.routes.set('GET /auth/apikey', () => ({ body: { Token: 'abc\ndef', ClientIDs: '4101' } }));
    const error = await createCampMinderConnector()
      .listPrograms(stubContext(stub))
      .then(
        () => undefined,
        (caught: unknown) => caught as Error & { code: string },
      );
    expect(error?.code).toBe('provider_unavailable');
    expect(error?.message).toContain('GET /auth/apikey');
    expect(error?.message).toContain('Token');
    expect(error?.message).not.toContain('abc');
    expect(stub.requests.filter((request) => request.path === '/sessions')).toHaveLength(0);
  });
});
