import type { ConformanceFault, SandboxFaultMatch } from '@signupassist/contract/testing';

/**
 * A failure to inject into the next matching API requests, in the contract's shape. Each
 * request takes at most one fault, the oldest matching one, and a fault is used up after
 * `times` requests (default 1). Portal pages take no faults.
 *
 * - `latency` waits `ms` milliseconds of real time, then handles the request normally.
 * - `rateLimit` returns 429 with `Retry-After` and CampMinder's rate-limit body.
 * - `serverError` returns `status` (default 503) with a CampMinder error body.
 * - `reset` destroys the connection without handling the request.
 * - `lostResponse` handles the request, so a PATCH takes effect, then destroys the connection.
 */
export type SandboxFault = ConformanceFault;
export type { SandboxFaultMatch };

interface QueuedFault {
  fault: SandboxFault;
  remaining: number;
}

/** The injected faults waiting for matching requests, oldest first. */
export class FaultQueue {
  #queue: QueuedFault[] = [];

  /** Adds a fault after checking its numbers. */
  add(fault: SandboxFault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) {
      throw new RangeError(`Invalid fault times ${times}: give a whole number >= 1.`);
    }
    if (fault.kind === 'latency' && !(fault.ms >= 0)) {
      throw new RangeError(`Invalid latency ${fault.ms}: give ms >= 0.`);
    }
    if (fault.kind === 'rateLimit' && !(fault.retryAfterSeconds >= 0)) {
      throw new RangeError(
        `Invalid retryAfterSeconds ${fault.retryAfterSeconds}: give a number >= 0.`,
      );
    }
    if (fault.kind === 'serverError' && fault.status !== undefined) {
      if (!Number.isInteger(fault.status) || fault.status < 500 || fault.status > 599) {
        throw new RangeError(`Invalid serverError status ${fault.status}: give 500 to 599.`);
      }
    }
    this.#queue.push({ fault: structuredClone(fault), remaining: times });
  }

  /** Removes every waiting fault. */
  clear(): void {
    this.#queue = [];
  }

  /** Takes one use of the oldest fault that matches the request, if any. */
  take(method: string, path: string): SandboxFault | undefined {
    const index = this.#queue.findIndex(({ fault }) => matches(fault.match, method, path));
    const entry = this.#queue[index];
    if (!entry) return undefined;

    entry.remaining -= 1;
    if (entry.remaining <= 0) this.#queue.splice(index, 1);
    return entry.fault;
  }
}

function matches(match: SandboxFaultMatch | undefined, method: string, path: string): boolean {
  if (match?.method && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match?.pathPrefix && !path.startsWith(match.pathPrefix)) return false;
  return true;
}
