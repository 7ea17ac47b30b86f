import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampMinderConnector } from '../src/index.js';
import { catalogRoutes, startStub, stubContext, stubSession, type StubApi } from './review-stub.js';

describe('campminder request time limit from the host', () => {
  let stub: StubApi;

  beforeAll(async () => {
    stub = await startStub(catalogRoutes([stubSession()]));
  });

  afterAll(async () => {
    await stub.stop();
  });

  it.each([Number.POSITIVE_INFINITY, 2 ** 32, 1e15])(
    'works with timeoutMs %s',
    async (timeoutMs) => {
      const programs = await createCampMinderConnector().listPrograms(
        stubContext(stub, { timeoutMs }),
      );
      expect(programs.map((program) => program.id)).toEqual(['session-1001']);
    },
  );
});
