import { isConnectorError } from '@signupassist/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampMinderConnector } from '../src/index.js';
import {
  catalogRoutes,
  startStub,
  stubContext,
  stubSession,
  tokenResponse,
  type StubApi,
  type StubLogLine,
} from './review-stub.js';

describe('campminder verifyCredentials under abort', () => {
  let stub: StubApi;

  beforeAll(async () => {
    stub = await startStub(catalogRoutes([stubSession()]));
    stub.routes.set('GET /auth/apikey', async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return tokenResponse();
    });
  });

  afterAll(async () => {
    await stub.stop();
  });

  async function expectAborted(signal: AbortSignal): Promise<void> {
    const logLines: StubLogLine[] = [];
    const error = await createCampMinderConnector()
      .verifyCredentials(stubContext(stub, { signal, logLines }))
      .catch((caught: unknown) => caught);
    expect(isConnectorError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('timeout');
    expect((error as { retryable: boolean }).retryable).toBe(false);
    expect((error as Error).message).toContain('aborted by the caller');
    expect(logLines.filter((line) => line.level === 'error')).toEqual([]);
  }

  it('reports an abort during the token request', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await expectAborted(controller.signal);
  });

  it('reports a signal aborted before the call', async () => {
    await expectAborted(AbortSignal.abort());
  });
});
