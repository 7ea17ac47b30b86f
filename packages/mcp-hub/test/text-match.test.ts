import { describe, expect, it } from 'vitest';
import { matchScore, stem } from '../src/index.js';
import { ageFits } from '../src/search/age.js';

describe('stem', () => {
  it.each([
    ['swimming', 'swim'],
    ['Swims', 'swim'],
    ['classes', 'class'],
    ['class', 'class'],
    ['dancing', 'danc'],
    ['dance', 'danc'],
    ['camps', 'camp'],
    ['stories', 'story'],
    ['hopped', 'hop'],
    ['tennis', 'tennis'],
    ['art', 'art'],
  ])('reduces %s to %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });
});

describe('matchScore', () => {
  const swim = 'Learn to Swim (ages 5-8) Weekly group class for children aged 5 to 8.';

  it('finds swim classes for "swimming"', () => {
    expect(matchScore('swimming', swim)).toBe(1);
  });

  it('scores partial matches below full ones', () => {
    expect(matchScore('swimming lessons', swim)).toBe(0.5);
  });

  it('matches a prefix of a longer word', () => {
    expect(matchScore('camp', 'Counselors and campers')).toBe(1);
  });

  it('rejects unrelated text', () => {
    expect(matchScore('soccer', swim)).toBe(0);
  });

  it('accepts a query of stop words only', () => {
    expect(matchScore('for my kids', swim)).toBe(1);
  });
});

describe('ageFits', () => {
  it.each([
    [{ minYears: 5, maxYears: 8 }, 7, true],
    [{ minYears: 5, maxYears: 8 }, 8.9, true],
    [{ minYears: 5, maxYears: 8 }, 9, false],
    [{ minYears: 5, maxYears: 8 }, 4.9, false],
    [{ minYears: 3, maxYears: 5.5 }, 5.5, true],
    [{ minYears: 3, maxYears: 5.5 }, 5.6, false],
    [{ minYears: 13 }, 40, true],
    [undefined, 1, true],
  ])('range %j and age %d gives %s', (range, age, expected) => {
    expect(ageFits(range, age)).toBe(expected);
  });
});
