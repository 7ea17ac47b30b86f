/** Runs tasks that share a key one after another, while tasks with different keys run at once. */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<void>>();

  /**
   * Runs `task` once every earlier task with `key` has settled, and returns its result. When
   * `signal` aborts first, the task does not run and the promise rejects with the abort reason.
   */
  run<T>(key: string, signal: AbortSignal, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = settledOrAborted(previous, signal).then(task);

    // The next task waits for the earlier ones too, in case this one was aborted while waiting.
    const tail = Promise.allSettled([previous, result]).then(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}

function settledOrAborted(previous: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    void previous.finally(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
