import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../src/retry.js';

const NOW = new Date('2026-03-02T17:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay seconds', () => {
    expect(parseRetryAfter('2', NOW)).toBe(2000);
    expect(parseRetryAfter('0.5', NOW)).toBe(500);
    expect(parseRetryAfter(' 3 ', NOW)).toBe(3000);
  });

  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Mon, 02 Mar 2026 17:00:05 GMT', NOW)).toBe(5000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 16:00:00 GMT', NOW)).toBe(0);
  });

  it('ignores values that are neither', () => {
    for (const header of ['-5', '1,2', 'soon', '12:00', undefined, '']) {
      expect(parseRetryAfter(header, NOW), String(header)).toBeUndefined();
    }
  });

  it('caps waits at one day', () => {
    expect(parseRetryAfter('99999999999', NOW)).toBe(86_400_000);
    expect(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT', NOW)).toBe(86_400_000);
  });
});
