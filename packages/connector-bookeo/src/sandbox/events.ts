import type { BookeoProduct } from '../bookeo-api.js';
import type { BookeoSeedBusiness, BookeoSeedSchedule } from './seed.js';
import {
  addToWallTime,
  compactWallTime,
  fromWallTime,
  toWallTime,
  weekdayOf,
  type WallTime,
} from './time.js';

/** One bookable session of a product and its remaining seats. */
export interface SandboxEvent {
  eventId: string;
  productId: string;
  start: Date;
  end: Date;
  seatsAvailable: number;
}

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Makes the sessions of a business's weekly schedules, starting with the first matching day
 * after the local date of `now`. Event ids are `<productId>_<yyyymmddhhmm>` in local time.
 */
export function buildEvents(business: BookeoSeedBusiness, now: Date): SandboxEvent[] {
  const events = business.schedules.flatMap((schedule) => {
    const product = business.products.find((item) => item.productId === schedule.productId);
    if (!product) {
      throw new RangeError(
        `Invalid seed: schedule of business ${business.accountId} names unknown product ` +
          `${schedule.productId}.`,
      );
    }
    return scheduleEvents(business.timeZone, product, schedule, now);
  });

  return events.sort((left, right) => left.start.getTime() - right.start.getTime());
}

function scheduleEvents(
  timeZone: string,
  product: BookeoProduct,
  schedule: BookeoSeedSchedule,
  now: Date,
): SandboxEvent[] {
  const time = LOCAL_TIME.exec(schedule.localTime);
  if (
    !time ||
    !Number.isInteger(schedule.weekday) ||
    schedule.weekday < 0 ||
    schedule.weekday > 6
  ) {
    throw new RangeError(
      `Invalid seed schedule for ${schedule.productId}: expected weekday 0-6 and localTime HH:MM.`,
    );
  }

  const today = toWallTime(now, timeZone);
  const daysAhead = ((schedule.weekday - weekdayOf(today) + 6) % 7) + 1;
  const first: WallTime = {
    ...addToWallTime(today, { days: daysAhead }),
    hour: Number(time[1]),
    minute: Number(time[2]),
    second: 0,
  };
  const duration = product.duration ?? { days: 0, hours: 1, minutes: 0 };

  return Array.from({ length: schedule.occurrences }, (_, week) => {
    const startWall = addToWallTime(first, { days: week * 7 });
    return {
      eventId: `${product.productId}_${compactWallTime(startWall)}`,
      productId: product.productId,
      start: fromWallTime(startWall, timeZone),
      end: fromWallTime(addToWallTime(startWall, duration), timeZone),
      seatsAvailable: schedule.seats,
    };
  });
}
