import type { ConformanceFault } from '@signupassist/contract/testing';

interface QueuedFault {
  fault: ConformanceFault;
  remaining: number;
}

/** Injected faults waiting for matching requests, oldest first. */
export class FaultQueue {
  #queue: QueuedFault[] = [];

  /** Queues a fault after checking its numbers. */
  add(fault: ConformanceFault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) {
      throw new RangeError(`Invalid fault times ${times}: expected an integer >= 1.`);
    }
    if (fault.kind === 'rateLimit' && !(fault.retryAfterSeconds >= 0)) {
      throw new RangeError(`Invalid retryAfterSeconds ${fault.retryAfterSeconds}: expected >= 0.`);
    }
    if (fault.kind === 'latency' && !(fault.ms >= 0)) {
      throw new RangeError(`Invalid latency ${fault.ms}: expected ms >= 0.`);
    }
    this.#queue.push({ fault: structuredClone(fault), remaining: times });
  }

  /** Removes every queued fault. */
  clear(): void {
    this.#queue = [];
  }

  /** Takes one use of the oldest fault that matches the request, if any. */
  take(method: string, path: string): ConformanceFault | undefined {
    const entry = this.#queue.find(({ fault }) => {
      const match = fault.match ?? {};
      if (match.method && match.method.toUpperCase() !== method) return false;
      return !match.pathPrefix || path.startsWith(match.pathPrefix);
    });
    if (!entry) return undefined;

    entry.remaining -= 1;
    if (entry.remaining === 0) this.#queue.splice(this.#queue.indexOf(entry), 1);
    return entry.fault;
  }
}
