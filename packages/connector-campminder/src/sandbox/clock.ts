/**
 * The sandbox's notion of the current time. Token expiry, the auth rate-limit window and the
 * dates of new attendee rows follow this clock, never the system clock, so tests control them.
 */
export interface SandboxClock {
  /** Returns the current sandbox time. */
  now(): Date;
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** Moves the clock to `date`, forward or back. */
  set(date: Date): void;
}

function checkedAdvance(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`Invalid clock advance ${ms}: give a finite number of ms >= 0.`);
  }
  return ms;
}

function checkedTime(date: Date): number {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError('Invalid clock time: the Date is invalid.');
  return time;
}

/**
 * Creates a manual clock that starts at `start` (default: the system time at the call) and
 * moves only when `advance` or `set` moves it.
 */
export function createSandboxClock(start: Date = new Date()): SandboxClock {
  let current = checkedTime(start);
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += checkedAdvance(ms);
    },
    set: (date) => {
      current = checkedTime(date);
    },
  };
}

/**
 * Creates a clock that follows the system time, shifted by whatever `advance` and `set` add.
 * The demo uses it so that tokens expire in real time.
 */
export function createLiveClock(): SandboxClock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += checkedAdvance(ms);
    },
    set: (date) => {
      offset = checkedTime(date) - Date.now();
    },
  };
}
