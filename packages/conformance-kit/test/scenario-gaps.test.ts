import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../src/cli/summary.js';
import { runConformance, type ConformanceReport } from '../src/index.js';
import { alteredScenarioSandbox, pricelessConnector } from './broken/scenario-gaps.js';

const FILES = { report: 'report.json', junit: 'junit.xml' };

describe('scenario gaps in sandbox mode', () => {
  it('fails booking.sold-out without soldOut', async () => {
    const report = await runConformance({
      connector: tidepoolConnector,
      sandbox: alteredScenarioSandbox(
        startTidepoolSandbox,
        ({ soldOut: _soldOut, ...rest }) => rest,
      ),
      only: ['manifest.valid', 'booking.sold-out'],
    });
    const result = report.checks.find((check) => check.id === 'booking.sold-out')!;

    expect(result.verdict).toBe('failed');
    expect(result.message).toBe(
      'The sandbox scenario names no soldOut session, which this check needs. Set ' +
        'scenario().soldOut to a program and session with no seats left.',
    );
    expect(report.levelReached).toBe('catalog');
    expect(report.passed).toBe(false);
  });

  it('fails pagination without a multi-page program', async () => {
    const report = await runConformance({
      connector: tidepoolConnector,
      sandbox: alteredScenarioSandbox(startTidepoolSandbox, (scenario) => {
        const entries = Object.entries(scenario.sessionIds);
        const sessionIds = Object.fromEntries(entries.filter(([id]) => id !== 'prog_guppy'));
        return { ...scenario, sessionIds };
      }),
      only: ['catalog.pagination-complete'],
    });
    const result = report.checks[0]!;

    expect(result.verdict).toBe('failed');
    expect(result.message).toMatch(
      /^No program of the sandbox scenario has more than 2 sessions \(one page\), so paging of listSessions is not exercised\. Seed a program with more sessions than scenario\(\)\.pageSize and list them in scenario\(\)\.sessionIds\.$/,
    );
    expect(report.levelReached).toBe('none');
  });

  it('fails money without prices', async () => {
    const report = await runConformance({
      connector: pricelessConnector(tidepoolConnector),
      sandbox: alteredScenarioSandbox(startTidepoolSandbox, (scenario) => ({
        ...scenario,
        prices: undefined,
      })),
      only: ['catalog.money-minor-units'],
    });
    const result = report.checks[0]!;

    expect(result.verdict).toBe('failed');
    expect(result.message).toBe(
      'The catalog carries no prices, so no prices are checked. Seed sessions with prices and ' +
        'list them in scenario().prices.',
    );
  });

  it('fails pagination with one page of programs', async () => {
    const report = await runConformance({
      connector: tidepoolConnector,
      sandbox: alteredScenarioSandbox(startTidepoolSandbox, (scenario) => ({
        ...scenario,
        pageSize: 3,
      })),
      only: ['catalog.pagination-complete'],
    });
    const result = report.checks[0]!;

    expect(result.verdict).toBe('failed');
    expect(result.message).toBe(
      'The sandbox scenario lists 3 programs, no more than one page of 3, so paging of ' +
        'listPrograms is not exercised. Seed more programs than scenario().pageSize and list ' +
        'them in scenario().programIds.',
    );
  });
});

describe('summary of a passed run', () => {
  function reportWith(verdicts: ConformanceReport['checks'][number]['verdict'][]) {
    return {
      reportVersion: 1,
      connector: { id: 'tidepool', displayName: 'Tidepool', version: '1.0.0', contractRange: '^1' },
      contractVersion: '1.0.0',
      kitVersion: '0.1.0',
      levelRequested: 'catalog',
      levelReached: 'catalog',
      mode: 'sandbox',
      startedAt: '2026-03-02T17:00:00.000Z',
      durationMs: 1,
      passed: true,
      checks: verdicts.map((verdict, index) => ({
        id: `catalog.check-${index}`,
        title: 'A check',
        level: 'catalog',
        writes: false,
        status: verdict === 'skipped' ? 'skipped' : 'passed',
        verdict,
        durationMs: 1,
      })),
    } satisfies ConformanceReport;
  }

  it('counts skipped checks', () => {
    const summary = formatSummary(reportWith(['passed', 'skipped', 'skipped']), FILES, true);

    expect(summary).toBe('PASSED with 2 skipped checks: Tidepool reached level catalog.\n');
  });

  it('counts one skipped check', () => {
    const summary = formatSummary(reportWith(['passed', 'skipped']), FILES, false);

    expect(summary).toContain('\nPASSED with 1 skipped check: Tidepool reached level catalog.\n');
  });

  it('adds nothing without skips', () => {
    const summary = formatSummary(reportWith(['passed']), FILES, true);

    expect(summary).toBe('PASSED: Tidepool reached level catalog.\n');
  });
});
