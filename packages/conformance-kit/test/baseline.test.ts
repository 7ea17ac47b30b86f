import { describe, expect, it } from 'vitest';
import { applyBaseline, type RawCheckResult } from '../src/index.js';

function result(id: string, status: RawCheckResult['status']): RawCheckResult {
  return { id, title: id, level: 'catalog', writes: false, status, durationMs: 1 };
}

const results = [
  result('catalog.schemas', 'passed'),
  result('faults.abort-honoured', 'failed'),
  result('catalog.money-minor-units', 'skipped'),
];

describe('applyBaseline', () => {
  it('keeps statuses without a baseline', () => {
    const applied = applyBaseline(results);

    expect(applied.checks.map((check) => check.verdict)).toEqual(['passed', 'failed', 'skipped']);
    expect(applied.passed).toBe(false);
  });

  it('turns a listed failure into expected_failure', () => {
    const applied = applyBaseline(results, {
      expectedFailures: [{ check: 'faults.abort-honoured', reason: 'undici ignores the signal' }],
    });

    expect(applied.checks[1]?.verdict).toBe('expected_failure');
    expect(applied.checks[1]?.baselineReason).toBe('undici ignores the signal');
    expect(applied.passed).toBe(true);
  });

  it('turns a listed pass into unexpected_pass', () => {
    const applied = applyBaseline(results, {
      expectedFailures: [
        { check: 'faults.abort-honoured', reason: 'known' },
        { check: 'catalog.schemas', reason: 'fixed since' },
      ],
    });

    expect(applied.checks[0]?.verdict).toBe('unexpected_pass');
    expect(applied.passed).toBe(false);
  });

  it('leaves a listed skipped check skipped', () => {
    const applied = applyBaseline(results, {
      expectedFailures: [
        { check: 'faults.abort-honoured', reason: 'known' },
        { check: 'catalog.money-minor-units', reason: 'no prices' },
      ],
    });

    expect(applied.checks[2]?.verdict).toBe('skipped');
    expect(applied.passed).toBe(true);
  });

  it('rejects an unknown check id by name', () => {
    const baseline = { expectedFailures: [{ check: 'catalog.paging', reason: 'typo' }] };

    expect(() => applyBaseline(results, baseline)).toThrow(/unknown check "catalog.paging"/);
  });

  it('rejects a check listed twice', () => {
    const entry = { check: 'catalog.schemas', reason: 'twice' };

    expect(() => applyBaseline(results, { expectedFailures: [entry, entry] })).toThrow(/twice/);
  });

  it('accepts ids known beyond the results', () => {
    const baseline = { expectedFailures: [{ check: 'holds.book-with-hold', reason: 'not run' }] };
    const applied = applyBaseline(results, baseline, ['holds.book-with-hold']);

    expect(applied.checks.map((check) => check.verdict)).toEqual(['passed', 'failed', 'skipped']);
  });
});
