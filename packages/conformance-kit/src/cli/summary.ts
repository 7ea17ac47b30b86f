import type { CheckResult, CheckVerdict, ConformanceReport } from '../types.js';
import { formatDuration, VERDICT_MARKS } from './progress.js';

/** Paths of a run's baseline and report files, as the summary shows them. */
export interface SummaryFiles {
  baseline?: string;
  report: string;
  junit: string;
}

/** Verdicts in the order the counts line shows them, with their singular and plural labels. */
const COUNT_LABELS: ReadonlyArray<[CheckVerdict, string, string]> = [
  ['passed', 'passed', 'passed'],
  ['failed', 'failed', 'failed'],
  ['skipped', 'skipped', 'skipped'],
  ['expected_failure', 'expected failure', 'expected failures'],
  ['unexpected_pass', 'unexpected pass', 'unexpected passes'],
];

/**
 * Formats the end-of-run summary: connector, versions, levels, counts by verdict, every failure
 * with its message, total time, report files and the result. With `quiet`, only the failures
 * and the result line.
 */
export function formatSummary(
  report: ConformanceReport,
  files: SummaryFiles,
  quiet: boolean,
): string {
  const failures = report.checks.filter(
    (check) => check.verdict === 'failed' || check.verdict === 'unexpected_pass',
  );
  const failureLines = failures.flatMap((check) => formatFailure(check, files.baseline));
  const result = formatResult(report);

  if (quiet) {
    return [...failureLines, result, ''].join('\n');
  }

  const { connector } = report;
  const lines = [
    '',
    `Connector: ${connector.displayName} (${connector.id}) ${connector.version}, ` +
      `implements contract ${connector.contractRange}`,
    `Kit:       ${report.kitVersion}, checks contract ${report.contractVersion}, ` +
      `${report.mode} mode`,
    `Level:     requested ${report.levelRequested}, reached ${report.levelReached}`,
    `Checks:    ${formatCounts(report.checks)}`,
  ];
  if (files.baseline) lines.push(`Baseline:  ${files.baseline}`);
  if (failureLines.length > 0) lines.push('', 'Failures:', ...failureLines);
  lines.push(
    '',
    `Time:      ${formatDuration(report.durationMs)}`,
    `Reports:   ${files.report} (JSON), ${files.junit} (JUnit XML)`,
    '',
    result,
    '',
  );
  return lines.join('\n');
}

/** Returns `1 check` or `2 checks`: the count and the noun, plural unless the count is 1. */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * Returns ` with 1 expected failure and 2 skipped checks` for a passed run with expected
 * failures or skips, or an empty string, so that a plain `PASSED` means every check passed.
 */
function passedNotes(checks: readonly CheckResult[]): string {
  const expected = countVerdict(checks, 'expected_failure');
  const skipped = countVerdict(checks, 'skipped');
  const notes = [];
  if (expected > 0) notes.push(pluralize(expected, 'expected failure'));
  if (skipped > 0) notes.push(pluralize(skipped, 'skipped check'));
  return notes.length === 0 ? '' : ` with ${notes.join(' and ')}`;
}

function formatResult(report: ConformanceReport): string {
  const name = report.connector.displayName;
  if (report.passed) {
    const passed = `PASSED${passedNotes(report.checks)}`;
    return report.levelReached === 'none'
      ? `${passed}: no check failed, but ${name} reached no level because none of its checks ran.`
      : `${passed}: ${name} reached level ${report.levelReached}.`;
  }

  const failed = countVerdict(report.checks, 'failed');
  const stale = countVerdict(report.checks, 'unexpected_pass');
  const reasons = [];
  if (failed > 0) reasons.push(`${failed} ${failed === 1 ? 'check' : 'checks'} failed`);
  if (stale > 0) {
    reasons.push(`${stale} baseline ${stale === 1 ? 'entry is' : 'entries are'} stale`);
  }
  return `FAILED: ${reasons.join(' and ')}; level reached: ${report.levelReached}.`;
}

function countVerdict(checks: readonly CheckResult[], verdict: CheckVerdict): number {
  return checks.filter((check) => check.verdict === verdict).length;
}

function formatCounts(checks: readonly CheckResult[]): string {
  return COUNT_LABELS.map(([verdict, singular, plural]) =>
    pluralize(countVerdict(checks, verdict), singular, plural),
  ).join(', ');
}

function formatFailure(check: CheckResult, baselinePath: string | undefined): string[] {
  const heading = `  ${VERDICT_MARKS[check.verdict]} ${check.id}: ${check.title}`;
  if (check.verdict === 'unexpected_pass') {
    const file = baselinePath ?? 'the baseline';
    return [
      heading,
      `      Passed, but ${file} lists it as an expected failure` +
        (check.baselineReason ? ` ("${check.baselineReason}")` : '') +
        `. Remove its entry from ${file}.`,
    ];
  }
  const message = check.message ?? 'failed without a message';
  return [heading, ...message.split('\n').map((line) => `      ${line}`)];
}
