import type { ConnectorContext, RegistrationRequest } from '@signupassist/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../src/client.js';
import type { TidepoolConfig, TidepoolCredentials } from '../src/config.js';
import { tidepoolConnector } from '../src/index.js';
import { startConformanceSandbox, type TidepoolSandbox } from '../src/sandbox.js';

// Behaviour the conformance kit does not reach: Tidepool's own error shapes, header formats
// and the queue that serialises bookings with one key.

const logger = { debug() {}, info() {}, warn() {}, error() {} };

let sandbox: TidepoolSandbox;

beforeEach(async () => {
  sandbox = await startConformanceSandbox();
});

afterEach(async () => {
  await sandbox.stop();
});

function contextWith(
  signal = new AbortController().signal,
): ConnectorContext<TidepoolConfig, TidepoolCredentials> {
  const { vendor, credentials } = sandbox.vendor();
  return {
    vendor,
    credentials,
    http: { timeoutMs: 5_000 },
    logger,
    clock: { now: () => sandbox.now() },
    signal,
    requestId: 'test-1',
  };
}

function guppyRequest(key: string, level = 'new'): RegistrationRequest {
  return {
    programId: 'prog_guppy',
    sessionId: 'ses_guppy_1',
    guardian: { fullName: 'Robin Shore', email: 'robin@example.com' },
    participants: [
      { category: 'swimmer', answers: { firstName: 'Kai', birthDate: '2021-04-02', level } },
    ],
    idempotencyKey: key,
  };
}

describe('parseRetryAfter', () => {
  const now = new Date('2026-07-01T12:00:00Z');

  it('reads delay seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3_000);
  });

  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Wed, 01 Jul 2026 12:00:05 GMT', now)).toBe(5_000);
  });

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('tidepool connector', () => {
  it('maps rejected answers to participant paths', async () => {
    const booking = tidepoolConnector.book(contextWith(), guppyRequest('key-invalid-1', 'expert'));

    await expect(booking).rejects.toMatchObject({
      code: 'invalid_fields',
      fields: [{ path: 'participants.0.level', message: 'Swimming level is invalid.' }],
    });
    expect(sandbox.bookingCount()).toBe(0);
  });

  it('aborts a booking queued behind one key', async () => {
    sandbox.injectFault({ kind: 'latency', ms: 1_000 });
    const first = tidepoolConnector.book(contextWith(), guppyRequest('key-queue-1'));
    const controller = new AbortController();
    const queued = tidepoolConnector.book(
      contextWith(controller.signal),
      guppyRequest('key-queue-1'),
    );

    controller.abort(new Error('the family closed the chat'));

    await expect(queued).rejects.toMatchObject({ code: 'timeout', retryable: false });
    const receipt = await first;
    expect(receipt.status).toBe('confirmed');
    expect(sandbox.bookingCount()).toBe(1);
  });

  it('rejects a hold id', async () => {
    const request = { ...guppyRequest('key-hold-1'), holdId: 'hold-1' };

    await expect(tidepoolConnector.book(contextWith(), request)).rejects.toMatchObject({
      code: 'unsupported',
    });
    expect(sandbox.requests()).toEqual([]);
  });
});
