import { ConnectorError, type AnyConnector } from '@signupassist/contract';
import type { ConformanceSandbox } from '@signupassist/contract/testing';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listChecks, runConformance, type CheckInfo } from '../src/index.js';
import { alteredBookeo, resultOf, runOnly, startSandbox } from './runner-support.js';

let sandbox: ConformanceSandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.stop());

describe('runConformance on Bookeo', () => {
  it('certifies Bookeo at full', async () => {
    const report = await runConformance({ connector: createBookeoConnector(), sandbox });

    const notPassed = report.checks.filter((check) => check.verdict !== 'passed');
    expect(notPassed).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.levelRequested).toBe('full');
    expect(report.levelReached).toBe('full');
    expect(report.mode).toBe('sandbox');
    expect(report.connector.id).toBe('bookeo');
    expect(report.checks.map((check) => check.id)).toEqual(
      listChecks(createBookeoConnector()).map((check) => check.id),
    );
  });

  it('reports progress to the listener', async () => {
    const started: CheckInfo[] = [];
    const ended: string[] = [];
    await runConformance({
      connector: createBookeoConnector(),
      sandbox,
      only: ['manifest.valid', 'catalog.schemas'],
      onCheckStart: (check) => started.push(check),
      onCheckEnd: (result) => ended.push(`${result.id}:${result.verdict}`),
    });

    expect(started.map((check) => check.id)).toEqual(['manifest.valid', 'catalog.schemas']);
    expect(ended).toEqual(['manifest.valid:passed', 'catalog.schemas:passed']);
  });

  it('stops a sandbox it started', async () => {
    let stopped = 0;
    const start = async () => {
      const started = await startSandbox();
      return { ...started, stop: () => ((stopped += 1), started.stop()) };
    };
    await runConformance({
      connector: createBookeoConnector(),
      sandbox: start,
      only: ['manifest.valid'],
    });

    expect(stopped).toBe(1);
  });
});

describe('runConformance on altered connectors', () => {
  it('fails a connector that books on every replay', async () => {
    let call = 0;
    const connector = alteredBookeo((base) => ({
      book: (context, request) =>
        base.book(context, {
          ...request,
          idempotencyKey: `${request.idempotencyKey}-${(call += 1)}`,
        }),
    }));
    const report = await runOnly(sandbox, connector, [
      'idempotency.replay-no-second-booking',
      'idempotency.concurrent-one-booking',
    ]);

    const replay = resultOf(report, 'idempotency.replay-no-second-booking');
    expect(replay.verdict).toBe('failed');
    expect(replay.message).toMatch(/replay with the same idempotency key returned booking/);
    expect(resultOf(report, 'idempotency.concurrent-one-booking').verdict).toBe('failed');
    expect(report.passed).toBe(false);
    expect(report.levelReached).toBe('none');
  });

  it('fails and redacts a credential in a log line', async () => {
    const connector = alteredBookeo((base) => ({
      verifyCredentials: (context) => {
        context.logger.info({ apiKey: (context.credentials as { apiKey: string }).apiKey }, 'x');
        return base.verifyCredentials(context);
      },
    }));
    const report = await runOnly(sandbox, connector, [
      'credentials.valid-accepted',
      'hygiene.no-credential-leak',
    ]);

    const leak = resultOf(report, 'hygiene.no-credential-leak');
    expect(leak.verdict).toBe('failed');
    expect(leak.message).toMatch(/credentials\.apiKey in info log line/);
    expect(leak.message).toMatch(/rejected credentials\.apiKey/);
    expect(JSON.stringify(report)).not.toContain(sandbox.vendor().credentials as never);
  });

  it('redacts a credential an error message leaks', async () => {
    const connector = alteredBookeo(() => ({
      getBooking: async (context) => {
        const { apiKey } = context.credentials as { apiKey: string };
        throw new ConnectorError('not_found', `No booking for key ${apiKey}.`);
      },
    }));
    const report = await runOnly(sandbox, connector, ['hygiene.no-credential-leak']);
    const { apiKey } = sandbox.vendor().credentials as { apiKey: string };

    expect(resultOf(report, 'hygiene.no-credential-leak').message).toMatch(
      /credentials\.apiKey in an error getBooking threw/,
    );
    expect(JSON.stringify(report)).not.toContain(apiKey);
  });

  it('fails errors that are not ConnectorErrors', async () => {
    const connector = alteredBookeo(() => ({
      getBooking: async () => {
        throw new TypeError('undefined is not a function');
      },
    }));
    const report = await runOnly(sandbox, connector, ['hygiene.connector-errors-only']);

    const result = resultOf(report, 'hygiene.connector-errors-only');
    expect(result.verdict).toBe('failed');
    expect(result.message).toMatch(/getBooking threw TypeError/);
  });

  it('fails a connector that ignores abort', async () => {
    const connector = alteredBookeo((base) => ({
      listSessions: (context, query) =>
        base.listSessions({ ...context, signal: new AbortController().signal }, query),
    }));
    const report = await runOnly(sandbox, connector, ['faults.abort-honoured']);

    const result = resultOf(report, 'faults.abort-honoured');
    expect(result.verdict).toBe('failed');
    expect(result.message).toMatch(/after its signal was aborted/);
  });

  it('fails a declared capability it cannot certify', async () => {
    const connector = alteredBookeo((base) => ({
      manifest: {
        ...base.manifest,
        capabilities: { ...base.manifest.capabilities, waitlist: 'native' },
      },
      joinWaitlist: async () => {
        throw new ConnectorError('unsupported', 'No waiting list.');
      },
    }));
    const ids = listChecks(connector).map((check) => check.id);
    const report = await runOnly(sandbox, connector, ['capabilities.waitlist']);

    expect(ids).toContain('capabilities.waitlist');
    expect(ids).not.toContain('capabilities.refunds');
    expect(resultOf(report, 'capabilities.waitlist').message).toMatch(/cannot certify it/);
    expect(report.levelReached).toBe('none');
  });

  it('fails auth_failed made up locally', async () => {
    const refuse = async () => {
      throw new ConnectorError('auth_failed', 'Rejected.');
    };
    const connector = alteredBookeo(() => ({ verifyCredentials: refuse, listPrograms: refuse }));
    const report = await runOnly(sandbox, connector, ['credentials.bad-auth-failed']);

    const result = resultOf(report, 'credentials.bad-auth-failed');
    expect(result.verdict).toBe('failed');
    expect(result.message).toMatch(/without sending the rejected credentials/);
  });

  it('fails a manifest without secret fields', async () => {
    const connector = alteredBookeo((base) => ({
      manifest: { ...base.manifest, secretFields: [] },
    }));
    const report = await runOnly(sandbox, connector, ['manifest.secret-fields']);

    expect(resultOf(report, 'manifest.secret-fields').message).toMatch(/lists no secretFields/);
  });
});

describe('runConformance with a baseline', () => {
  const waitlisted: AnyConnector = alteredBookeo((base) => ({
    manifest: {
      ...base.manifest,
      capabilities: { ...base.manifest.capabilities, waitlist: 'native' },
    },
    joinWaitlist: async () => {
      throw new ConnectorError('unsupported', 'No waiting list.');
    },
  }));

  it('passes with the failure listed', async () => {
    const report = await runOnly(sandbox, waitlisted, ['manifest.valid', 'capabilities.waitlist'], {
      baseline: { expectedFailures: [{ check: 'capabilities.waitlist', reason: 'no check yet' }] },
    });

    const result = resultOf(report, 'capabilities.waitlist');
    expect(result.verdict).toBe('expected_failure');
    expect(result.baselineReason).toBe('no check yet');
    expect(report.passed).toBe(true);
    expect(report.levelReached).toBe('catalog');
  });

  it('fails on an unexpected pass', async () => {
    const report = await runOnly(sandbox, waitlisted, ['manifest.valid'], {
      baseline: { expectedFailures: [{ check: 'manifest.valid', reason: 'stale' }] },
    });

    expect(resultOf(report, 'manifest.valid').verdict).toBe('unexpected_pass');
    expect(report.passed).toBe(false);
  });

  it('rejects an unknown id', async () => {
    const run = runOnly(sandbox, waitlisted, ['manifest.valid'], {
      baseline: { expectedFailures: [{ check: 'manifest.valid-ish', reason: 'typo' }] },
    });

    await expect(run).rejects.toThrow(/unknown check "manifest.valid-ish"/);
  });
});
