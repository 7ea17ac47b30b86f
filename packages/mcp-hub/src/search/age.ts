import type { AgeRange } from '@signupassist/contract';

/**
 * Checks whether a child of `age` years fits an age range. A whole-number maximum includes
 * the whole year, so "ages 5-8" takes a child of 8 years and 11 months (age 8.9); a
 * fractional maximum is exact. A program without a range takes any age.
 */
export function ageFits(range: AgeRange | undefined, age: number): boolean {
  if (!range) return true;
  if (range.minYears !== undefined && age < range.minYears) return false;
  if (range.maxYears !== undefined) {
    const limit = Number.isInteger(range.maxYears) ? range.maxYears + 1 : range.maxYears;
    if (Number.isInteger(range.maxYears) ? age >= limit : age > limit) return false;
  }
  return true;
}
