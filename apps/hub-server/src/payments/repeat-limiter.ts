/** Runs a log call at most once per interval and counts the calls it skipped. */
export interface RepeatLimiter {
  /** Calls `log` with the number of calls skipped since the last one, or skips this call. */
  run(log: (suppressed: number) => void): void;
}

/**
 * Creates a {@link RepeatLimiter} with an interval in milliseconds; `now` returns
 * milliseconds since the epoch and defaults to `Date.now`.
 */
export function createRepeatLimiter(
  intervalMs: number,
  now: () => number = Date.now,
): RepeatLimiter {
  let lastAt: number | undefined;
  let suppressed = 0;
  return {
    run(log) {
      const at = now();
      if (lastAt !== undefined && at - lastAt < intervalMs) {
        suppressed += 1;
        return;
      }
      log(suppressed);
      lastAt = at;
      suppressed = 0;
    },
  };
}
