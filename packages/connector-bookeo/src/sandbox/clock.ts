/**
 * The sandbox's notion of the current time. Hold expiry, booking timestamps and the slots made
 * from a seed follow this clock, never the system clock, so tests control them.
 */
export interface SandboxClock {
  /** Returns the current sandbox time. */
  now(): Date;
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** Moves the clock to `date`, forward or back. */
  set(date: Date): void;
}

/**
 * Creates a manual clock that starts at `start` (default: the system time at the call) and
 * does not move until `advance` or `set` moves it.
 */
export function createSandboxClock(start: Date = new Date()): SandboxClock {
  let current = checkedTime(start);

  return {
    now: () => new Date(current),
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(`Invalid clock advance ${ms}: expected a finite number of ms >= 0.`);
      }
      current += ms;
    },
    set(date: Date) {
      current = checkedTime(date);
    },
  };
}

function checkedTime(date: Date): number {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError('Invalid clock time: the Date is invalid.');
  return time;
}

/**
 * Creates a clock that follows the system time, shifted by whatever `advance` and `set` add.
 * Long-running demos use it so holds expire in real time.
 */
export function createLiveClock(): SandboxClock {
  let offset = 0;

  return {
    now: () => new Date(Date.now() + offset),
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(`Invalid clock advance ${ms}: expected a finite number of ms >= 0.`);
      }
      offset += ms;
    },
    set(date: Date) {
      offset = checkedTime(date) - Date.now();
    },
  };
}
