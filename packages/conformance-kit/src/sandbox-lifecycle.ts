import type { ConformanceSandbox, StartConformanceSandbox } from '@signupassist/contract/testing';
import { describeError, redact, stringValues } from './errors-text.js';

/** Time limit of a sandbox's `stop()`, in milliseconds. */
export const SANDBOX_STOP_TIMEOUT_MS = 10_000;

const SANDBOX_METHODS = [
  'vendor',
  'scenario',
  'bookingCount',
  'seatsLeft',
  'requests',
  'injectFault',
  'clearFaults',
  'now',
  'advanceClock',
  'reset',
  'stop',
] as const;

/** Returns the credential values a sandbox hands out, or none when its `vendor()` throws. */
function sandboxSecrets(sandbox: ConformanceSandbox): string[] {
  try {
    const account = sandbox.vendor();
    return [...stringValues(account.credentials), ...stringValues(account.badCredentials)];
  } catch {
    return [];
  }
}

/** Throws, naming every missing method, unless `value` has the members of a sandbox. */
function assertSandbox(value: unknown): asserts value is ConformanceSandbox {
  const members = (value ?? {}) as Record<string, unknown>;
  const missing = SANDBOX_METHODS.filter((name) => typeof members[name] !== 'function');
  if (typeof members.url !== 'string') missing.unshift('url' as never);
  if (missing.length > 0) {
    throw new TypeError(
      `The sandbox lacks ${missing.join(', ')}: startConformanceSandbox must return a ` +
        'ConformanceSandbox from @signupassist/contract/testing.',
    );
  }
}

/**
 * Stops a sandbox, failing when its `stop()` does not settle within
 * {@link SANDBOX_STOP_TIMEOUT_MS}, so that a server that never closes cannot hang the run.
 */
export async function stopSandbox(sandbox: ConformanceSandbox): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `The sandbox did not stop within ${SANDBOX_STOP_TIMEOUT_MS} ms: its stop() must ` +
              'close the server and its open connections.',
          ),
        ),
      SANDBOX_STOP_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([sandbox.stop(), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts a sandbox from its start function, or takes a running one, checks its members and
 * runs `prepare` on it. A failure names the step, redacts the sandbox's credentials and stops
 * a sandbox the call started.
 */
export async function openSandbox<T>(
  source: ConformanceSandbox | StartConformanceSandbox,
  prepare: (sandbox: ConformanceSandbox) => Promise<T>,
): Promise<{ sandbox: ConformanceSandbox; owned: boolean; prepared: T }> {
  const owned = typeof source === 'function';
  let sandbox: unknown;
  try {
    sandbox = owned ? await source() : source;
  } catch (error) {
    throw new Error(`The sandbox failed to start: ${describeError(error)}`, { cause: error });
  }
  assertSandbox(sandbox);

  try {
    return { sandbox, owned, prepared: await prepare(sandbox) };
  } catch (error) {
    const message = redact(describeError(error), sandboxSecrets(sandbox));
    if (owned) await stopSandbox(sandbox).catch(() => undefined);
    throw new Error(`The sandbox failed to reset or describe its vendor: ${message}`);
  }
}
