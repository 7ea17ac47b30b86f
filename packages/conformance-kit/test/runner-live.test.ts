import type { ConformanceSandbox } from '@signupassist/contract/testing';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runConformance, type LiveTarget } from '../src/index.js';
import { resultOf, startSandbox } from './runner-support.js';

// A live run reaches the provider through the connector only. The Bookeo sandbox plays the
// provider here, and the kit treats it as a live one. A live run's clock is the real time, so
// the sandbox clock starts at the real time too.
let sandbox: ConformanceSandbox;

function liveTarget(overrides: Partial<LiveTarget> = {}): LiveTarget {
  const account = sandbox.vendor();
  return { vendor: account.vendor, credentials: account.credentials, ...overrides };
}

beforeAll(async () => {
  sandbox = await startSandbox(new Date());
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.stop());

describe('runConformance live', () => {
  it('runs only reads without writes', async () => {
    const report = await runConformance({ connector: createBookeoConnector(), live: liveTarget() });

    expect(report.mode).toBe('live');
    expect(resultOf(report, 'catalog.schemas').verdict).toBe('passed');
    expect(resultOf(report, 'form.json-schema').verdict).toBe('passed');
    expect(resultOf(report, 'hygiene.no-credential-leak').verdict).toBe('passed');
    const pagination = resultOf(report, 'catalog.pagination-complete');
    expect(pagination.verdict).toBe('skipped');
    expect(pagination.message).toMatch(/runs only there/);
    const booking = resultOf(report, 'booking.read-back');
    expect(booking.verdict).toBe('skipped');
    expect(booking.message).toMatch(/allowWrites and a testSession/);
    expect(resultOf(report, 'credentials.bad-auth-failed').verdict).toBe('skipped');
    expect(sandbox.bookingCount({ includeCancelled: true })).toBe(0);
    expect(report.levelReached).toBe('catalog');
    expect(report.passed).toBe(true);
  });

  it('books and cancels the test session', async () => {
    const testSession = sandbox.scenario().bookable!;
    const report = await runConformance({
      connector: createBookeoConnector(),
      live: liveTarget({ allowWrites: true, testSession }),
      only: ['booking.read-back', 'cancel.returns-seat', 'idempotency.key-reuse-mismatch'],
    });

    expect(report.checks.map((check) => check.verdict)).toEqual(['passed', 'passed', 'passed']);
    expect(sandbox.bookingCount({ includeCancelled: true })).toBe(3);
    expect(sandbox.bookingCount()).toBe(0);
  });

  it('tries rejected credentials when given', async () => {
    const report = await runConformance({
      connector: createBookeoConnector(),
      live: liveTarget({ badCredentials: sandbox.vendor().badCredentials }),
      only: ['credentials.bad-auth-failed'],
    });

    expect(resultOf(report, 'credentials.bad-auth-failed').verdict).toBe('passed');
  });

  it('rejects both a sandbox and a live target', async () => {
    const run = runConformance({ connector: createBookeoConnector(), sandbox, live: liveTarget() });

    await expect(run).rejects.toThrow(/exactly one of sandbox/);
  });
});
