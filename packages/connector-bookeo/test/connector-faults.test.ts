import type { ConnectorError, RegistrationRequest } from '@signupassist/contract';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBookeoConnector, externalRefFor, RETRY_POLICY } from '../src/index.js';
import type { BookeoSandbox } from '../src/sandbox/index.js';
import { createConnectorHarness, startSandbox, withoutKey } from './connector-harness.js';

// Monday 2026-03-02 12:00 in New York. The first Learn to Swim class is on Saturday 7 March.
const START = new Date('2026-03-02T17:00:00Z');
const SWIM = 'RIVERSIDESWIM';
const FIRST_CLASS = 'LTS58_202603071000';

/** Max time from an abort to the rejection of the operation. */
const ABORT_BUDGET_MS = 100;

const { logLines, contextFor, failure, expectNotLeaked } = createConnectorHarness();

/** Aborts after `delayMs` and returns how long the operation took to reject after the abort. */
async function abortAfter(
  delayMs: number,
  run: (signal: AbortSignal) => Promise<unknown>,
): Promise<{ error: ConnectorError; lagMs: number }> {
  const controller = new AbortController();
  let abortedAt = 0;
  setTimeout(() => {
    abortedAt = performance.now();
    controller.abort();
  }, delayMs);
  const error = await failure(run(controller.signal));
  return { error, lagMs: performance.now() - abortedAt };
}

function swimRequest(idempotencyKey: string): RegistrationRequest {
  return {
    programId: 'LTS58',
    sessionId: FIRST_CLASS,
    guardian: {
      firstName: 'Dana',
      lastName: 'Rivera',
      email: 'dana.rivera@example.com',
      custom_EMERGENCYPHONE: '+1 555 010 0142',
    },
    participants: [{ category: 'Cchildren', answers: { firstName: 'Samira', lastName: 'Rivera' } }],
    booking: { option_SWIMLEVEL: 'Beginner' },
    idempotencyKey,
  };
}

describe('bookeo connector faults', () => {
  let sandbox: BookeoSandbox;
  let connector: ReturnType<typeof createBookeoConnector>;

  const count = (method: string, pathPrefix: string) =>
    sandbox.requests({ method, pathPrefix }).length;

  beforeAll(async () => {
    sandbox = await startSandbox(START);
  });

  beforeEach(() => {
    sandbox.clock.set(START);
    sandbox.reset();
    connector = createBookeoConnector();
  });

  afterAll(async () => {
    await sandbox.stop();

    expectNotLeaked([sandbox.secretKey, sandbox.credentials(SWIM).apiKey]);
  });

  describe('rate limits', () => {
    it('waits out Retry-After and succeeds', async () => {
      sandbox.injectFault({ kind: 'rateLimit', retryAfterSeconds: 1 });
      const context = contextFor(sandbox, SWIM);
      const started = performance.now();
      const programs = await connector.listPrograms(context);
      const elapsed = performance.now() - started;

      expect(programs).toHaveLength(4);
      expect(elapsed).toBeGreaterThanOrEqual(950);
      expect(count('GET', '/settings/products')).toBe(2);
      const retries = logLines.filter(
        (line) => line.level === 'warn' && line.fields.requestId === context.requestId,
      );
      expect(retries).toHaveLength(1);
      expect(retries[0]?.fields).toMatchObject({
        vendor: 'riversideswim',
        connector: 'bookeo',
        operation: 'listPrograms',
        attempt: 1,
        reason: 'HTTP 429',
        delayMs: 1000,
      });
    });

    it('fails at once when Retry-After is too long', async () => {
      sandbox.injectFault({ kind: 'rateLimit', retryAfterSeconds: 60 });
      const started = performance.now();
      const error = await failure(connector.listPrograms(contextFor(sandbox, SWIM)));
      expect(performance.now() - started).toBeLessThan(RETRY_POLICY.maxRetryAfterMs);
      expect(error.code).toBe('rate_limited');
      expect(error.retryable).toBe(true);
      expect(error.retryAfterMs).toBe(60_000);
      expect(count('GET', '/settings/products')).toBe(1);
    });

    it('gives up after three attempts', async () => {
      sandbox.injectFault({ kind: 'rateLimit', retryAfterSeconds: 0, times: 5 });
      const error = await failure(connector.listPrograms(contextFor(sandbox, SWIM)));
      expect(error.code).toBe('rate_limited');
      expect(error.retryAfterMs).toBe(0);
      expect(count('GET', '/settings/products')).toBe(RETRY_POLICY.maxAttempts);
    });

    it('retries a rate-limited booking', async () => {
      sandbox.injectFault({
        kind: 'rateLimit',
        retryAfterSeconds: 0,
        match: { method: 'POST', pathPrefix: '/bookings' },
      });
      const receipt = await connector.book(contextFor(sandbox, SWIM), swimRequest('key-429-book'));
      expect(receipt.status).toBe('confirmed');
      expect(count('POST', '/bookings')).toBe(2);
      expect(sandbox.bookingCount()).toBe(1);
    });

    it('retries a rate-limited hold', async () => {
      sandbox.injectFault({
        kind: 'rateLimit',
        retryAfterSeconds: 0,
        match: { method: 'POST', pathPrefix: '/holds' },
      });
      const draft = withoutKey(swimRequest('unused-key-000'));
      const hold = await connector.hold!(contextFor(sandbox, SWIM), draft);
      expect(hold.id).toBeTruthy();
      expect(count('POST', '/holds')).toBe(2);
      expect(sandbox.seatsLeft(SWIM, FIRST_CLASS)).toBe(7);
    });
  });

  describe('server errors and resets on reads', () => {
    it('retries 5xx on GET', async () => {
      sandbox.injectFault({ kind: 'serverError', times: 2, match: { method: 'GET' } });
      const programs = await connector.listPrograms(contextFor(sandbox, SWIM));
      expect(programs).toHaveLength(4);
      expect(count('GET', '/settings/products')).toBe(3);
    });

    it('gives up on GET after three 5xx', async () => {
      sandbox.injectFault({ kind: 'serverError', status: 502, times: 3 });
      const error = await failure(connector.listPrograms(contextFor(sandbox, SWIM)));
      expect(error.code).toBe('provider_unavailable');
      expect(error.retryable).toBe(true);
      expect(error.message).toContain('GET /settings/products');
      expect(error.message).not.toContain('temporarily unavailable');
      expect(count('GET', '/settings/products')).toBe(3);
    });

    it('retries a reset connection on GET', async () => {
      sandbox.injectFault({ kind: 'reset', match: { pathPrefix: '/availability/slots' } });
      const sessions = await connector.listSessions(contextFor(sandbox, SWIM), {
        programId: 'LTS58',
      });
      expect(sessions.length).toBeGreaterThan(0);
      expect(count('GET', '/availability/slots')).toBe(4);
    });

    it('retries a timed-out GET', async () => {
      sandbox.injectFault({ kind: 'latency', ms: 400 });
      const check = await connector.verifyCredentials(
        contextFor(sandbox, SWIM, { timeoutMs: 150 }),
      );
      expect(check.valid).toBe(true);
      expect(count('GET', '/settings/apikeyinfo')).toBe(2);
    });

    it('reports repeated timeouts as timeout', async () => {
      sandbox.injectFault({ kind: 'latency', ms: 400, times: 3 });
      const error = await failure(
        connector.verifyCredentials(contextFor(sandbox, SWIM, { timeoutMs: 100 })),
      );
      expect(error.code).toBe('timeout');
      expect(error.retryable).toBe(true);
      expect(count('GET', '/settings/apikeyinfo')).toBe(3);
    });

    it('retries 5xx on DELETE', async () => {
      const receipt = await connector.book(
        contextFor(sandbox, SWIM),
        swimRequest('key-delete-5xx'),
      );
      sandbox.injectFault({ kind: 'serverError', match: { method: 'DELETE' } });
      const result = await connector.cancel(contextFor(sandbox, SWIM), {
        bookingId: receipt.bookingId,
      });
      expect(result.status).toBe('cancelled');
      expect(count('DELETE', '/bookings')).toBe(2);
      expect(sandbox.seatsLeft(SWIM, FIRST_CLASS)).toBe(8);
    });
  });

  describe('unknown booking outcomes', () => {
    it('looks up after a 5xx, then posts again', async () => {
      sandbox.injectFault({
        kind: 'serverError',
        match: { method: 'POST', pathPrefix: '/bookings' },
      });
      const receipt = await connector.book(contextFor(sandbox, SWIM), swimRequest('key-5xx-book'));
      expect(receipt.status).toBe('confirmed');
      expect(count('POST', '/bookings')).toBe(2);
      // One lookup before the first post, one after the 5xx.
      expect(count('GET', '/bookings')).toBe(2);
      expect(sandbox.bookingCount()).toBe(1);
    });

    it('returns the booking when the response is lost', async () => {
      sandbox.injectFault({
        kind: 'lostResponse',
        match: { method: 'POST', pathPrefix: '/bookings' },
      });
      const receipt = await connector.book(contextFor(sandbox, SWIM), swimRequest('key-lost-book'));
      expect(receipt.status).toBe('confirmed');
      expect(receipt.externalReference).toBe(externalRefFor('key-lost-book'));
      expect(count('POST', '/bookings')).toBe(1);
      expect(sandbox.bookingCount()).toBe(1);
      expect(sandbox.bookings(SWIM)[0]?.bookingNumber).toBe(receipt.bookingId);
      expect(sandbox.seatsLeft(SWIM, FIRST_CLASS)).toBe(7);
    });

    it('posts again after a reset before Bookeo handled it', async () => {
      sandbox.injectFault({ kind: 'reset', match: { method: 'POST', pathPrefix: '/bookings' } });
      const receipt = await connector.book(
        contextFor(sandbox, SWIM),
        swimRequest('key-reset-book'),
      );
      expect(receipt.status).toBe('confirmed');
      expect(count('POST', '/bookings')).toBe(2);
      expect(sandbox.bookingCount()).toBe(1);
    });

    it('reports outcome_unknown after three 5xx', async () => {
      sandbox.injectFault({
        kind: 'serverError',
        times: 3,
        match: { method: 'POST', pathPrefix: '/bookings' },
      });
      const error = await failure(
        connector.book(contextFor(sandbox, SWIM), swimRequest('key-5xx-3x')),
      );
      expect(error.code).toBe('outcome_unknown');
      expect(error.retryable).toBe(true);
      expect(count('POST', '/bookings')).toBe(3);
      expect(sandbox.bookingCount()).toBe(0);
    });

    it('finds a booking that lands after a timeout', async () => {
      sandbox.injectFault({
        kind: 'latency',
        ms: 300,
        match: { method: 'POST', pathPrefix: '/bookings' },
      });
      const context = contextFor(sandbox, SWIM, { timeoutMs: 150 });
      const receipt = await connector.book(context, swimRequest('key-slow-book'));
      expect(receipt.status).toBe('confirmed');
      expect(count('POST', '/bookings')).toBe(1);
      expect(sandbox.bookingCount()).toBe(1);
    });

    it('never posts again after a timeout', async () => {
      sandbox.injectFault({
        kind: 'latency',
        ms: 2_600,
        match: { method: 'POST', pathPrefix: '/bookings' },
      });
      const context = contextFor(sandbox, SWIM, { timeoutMs: 150 });
      const error = await failure(connector.book(context, swimRequest('key-very-slow')));
      expect(error.code).toBe('outcome_unknown');
      expect(count('POST', '/bookings')).toBe(1);

      // Once Bookeo has saved the booking, a repeat with the same key returns it.
      await new Promise((resolve) => setTimeout(resolve, 800));
      const receipt = await connector.book(contextFor(sandbox, SWIM), swimRequest('key-very-slow'));
      expect(receipt.status).toBe('confirmed');
      expect(count('POST', '/bookings')).toBe(1);
      expect(sandbox.bookingCount()).toBe(1);
    });

    it('does not retry a hold after a 5xx', async () => {
      sandbox.injectFault({ kind: 'serverError', match: { method: 'POST', pathPrefix: '/holds' } });
      const draft = withoutKey(swimRequest('unused-key-000'));
      const error = await failure(connector.hold!(contextFor(sandbox, SWIM), draft));
      expect(error.code).toBe('provider_unavailable');
      expect(count('POST', '/holds')).toBe(1);
    });
  });

  describe('abort', () => {
    it('ends a slow request within the budget', async () => {
      sandbox.injectFault({ kind: 'latency', ms: 3_000 });
      const { error, lagMs } = await abortAfter(50, (signal) =>
        connector.listPrograms(contextFor(sandbox, SWIM, { signal })),
      );
      expect(lagMs).toBeLessThan(ABORT_BUDGET_MS);
      expect(error.code).toBe('timeout');
      expect(error.retryable).toBe(false);
      expect(error.message).toContain('aborted');
    });

    it('ends a Retry-After wait within the budget', async () => {
      sandbox.injectFault({ kind: 'rateLimit', retryAfterSeconds: 20 });
      const { error, lagMs } = await abortAfter(100, (signal) =>
        connector.listPrograms(contextFor(sandbox, SWIM, { signal })),
      );
      expect(count('GET', '/settings/products')).toBe(1);
      expect(lagMs).toBeLessThan(ABORT_BUDGET_MS);
      expect(error.code).toBe('timeout');
      expect(error.retryable).toBe(false);
    });

    it('reports an aborted post as outcome_unknown', async () => {
      sandbox.injectFault({
        kind: 'latency',
        ms: 1_000,
        match: { method: 'POST', pathPrefix: '/bookings' },
      });
      const { error, lagMs } = await abortAfter(100, (signal) =>
        connector.book(contextFor(sandbox, SWIM, { signal }), swimRequest('key-abort-book')),
      );
      expect(lagMs).toBeLessThan(ABORT_BUDGET_MS);
      expect(error.code).toBe('outcome_unknown');
      expect(count('POST', '/bookings')).toBe(1);
    });

    it('rejects at once when already aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await failure(
        connector.listPrograms(contextFor(sandbox, SWIM, { signal: controller.signal })),
      );
      expect(error.code).toBe('timeout');
      expect(count('GET', '/settings/products')).toBe(0);
    });
  });
});
