import type { ConformanceSandbox, StartConformanceSandbox } from '@signupassist/contract/testing';
import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { describe, expect, it, vi } from 'vitest';
import { runConformance, SANDBOX_STOP_TIMEOUT_MS } from '../src/index.js';

const ONLY = ['manifest.valid'];

function run(sandbox: StartConformanceSandbox) {
  return runConformance({ connector: tidepoolConnector, sandbox, only: ONLY });
}

describe('sandbox start', () => {
  it('names a start failure', async () => {
    const failing: StartConformanceSandbox = async () => {
      throw new Error('listen EADDRINUSE 127.0.0.1:4010');
    };

    await expect(run(failing)).rejects.toThrow(
      /^The sandbox failed to start: Error: listen EADDRINUSE 127\.0\.0\.1:4010$/,
    );
  });

  it('names the members a sandbox lacks', async () => {
    const empty = (async () => ({})) as unknown as StartConformanceSandbox;

    await expect(run(empty)).rejects.toThrow(
      /^The sandbox lacks url, vendor, scenario, .*reset, stop: startConformanceSandbox must return a ConformanceSandbox/,
    );
  });

  it('redacts credentials from a setup failure and stops the sandbox', async () => {
    let apiKey = '';
    let stopped = false;
    const leaking: StartConformanceSandbox = async (options) => {
      const sandbox = (await startTidepoolSandbox(options)) as ConformanceSandbox;
      apiKey = (sandbox.vendor().credentials as { apiKey: string }).apiKey;
      return {
        ...sandbox,
        scenario: () => {
          throw new Error(`no scenario for key ${apiKey}`);
        },
        stop: async () => {
          stopped = true;
          await sandbox.stop();
        },
      };
    };

    const error = await run(leaking).then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );
    expect(error?.message).toBe(
      'The sandbox failed to reset or describe its vendor: Error: no scenario for key [redacted]',
    );
    expect(apiKey).not.toBe('');
    expect(stopped).toBe(true);
  });
});

describe('sandbox stop', () => {
  it('fails a stop that never settles', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let started: ConformanceSandbox | undefined;
      const hanging: StartConformanceSandbox = async (options) => {
        started = (await startTidepoolSandbox(options)) as ConformanceSandbox;
        return { ...started, stop: () => new Promise<void>(() => undefined) };
      };

      const pending = run(hanging).then(
        () => undefined,
        (thrown: unknown) => thrown as Error,
      );
      await vi.waitFor(() => expect(started).toBeDefined());
      await vi.advanceTimersByTimeAsync(SANDBOX_STOP_TIMEOUT_MS);
      const error = await pending;

      expect(error?.message).toBe(
        `The sandbox did not stop within ${SANDBOX_STOP_TIMEOUT_MS} ms: its stop() must close ` +
          'the server and its open connections.',
      );
      await started?.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('sandbox reset before a check', () => {
  it('fails the check when reset throws', async () => {
    let resets = 0;
    const failing: StartConformanceSandbox = async (options) => {
      const sandbox = (await startTidepoolSandbox(options)) as ConformanceSandbox;
      return {
        ...sandbox,
        reset: async () => {
          resets += 1;
          // The run's own reset at the start passes, so the one before the check fails.
          if (resets > 1) throw new Error('database file is locked');
          await sandbox.reset();
        },
      };
    };

    const report = await run(failing);

    expect(report.checks[0]?.verdict).toBe('failed');
    expect(report.checks[0]?.message).toBe(
      "The sandbox's reset() failed before the check: Error: database file is locked",
    );
  });

  it('fails the check when reset never settles', async () => {
    let resets = 0;
    const hanging: StartConformanceSandbox = async (options) => {
      const sandbox = (await startTidepoolSandbox(options)) as ConformanceSandbox;
      return {
        ...sandbox,
        reset: async () => {
          resets += 1;
          if (resets > 1) await new Promise(() => undefined);
          await sandbox.reset();
        },
      };
    };

    const report = await runConformance({
      connector: tidepoolConnector,
      sandbox: hanging,
      only: ONLY,
      checkTimeoutMs: 200,
    });

    expect(report.checks[0]?.message).toBe('The check did not finish within 200 ms.');
  });
});
