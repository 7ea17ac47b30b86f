import { CAMPMINDER_STATUS, type CampMinderStatusName } from '../campminder-api.js';

/** A CampMinder attendee status: a name such as `Enrolled`, or its StatusID bit such as 2. */
export type SandboxStatus = CampMinderStatusName | number;

const NAMES = Object.keys(CAMPMINDER_STATUS) as CampMinderStatusName[];

/** Statuses of a camper who no longer attends: left early, cancelled, dismissed or withdrawn. */
const ENDED_BITS =
  CAMPMINDER_STATUS.LeftEarly |
  CAMPMINDER_STATUS.Cancelled |
  CAMPMINDER_STATUS.Dismissed |
  CAMPMINDER_STATUS.Withdrawn;

/**
 * Returns the StatusID of a status name (any letter case) or checks a StatusID. Throws for
 * anything else, naming the statuses there are.
 */
export function statusIdOf(status: SandboxStatus | string): number {
  if (typeof status === 'number') {
    if (NAMES.some((name) => CAMPMINDER_STATUS[name] === status)) return status;
    throw new RangeError(
      `Invalid StatusID ${status}: give one of ${Object.values(CAMPMINDER_STATUS).join(', ')}.`,
    );
  }
  const name = NAMES.find((item) => item.toLowerCase() === status.trim().toLowerCase());
  if (name) return CAMPMINDER_STATUS[name];
  throw new RangeError(`Unknown status "${status}": give one of ${NAMES.join(', ')}.`);
}

/** Returns the StatusName CampMinder shows with a StatusID, such as `WaitList` for 8. */
export function statusNameOf(statusId: number): CampMinderStatusName {
  const name = NAMES.find((item) => CAMPMINDER_STATUS[item] === statusId);
  if (!name) throw new RangeError(`Invalid StatusID ${statusId}.`);
  return name;
}

/** Tells whether a StatusID means the camper no longer attends the session. */
export function isEndedStatus(statusId: number): boolean {
  return (statusId & ENDED_BITS) !== 0;
}
