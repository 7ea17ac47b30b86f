import type { CheckResult, ConformanceLevel, ConformanceReport } from '../types.js';
import { escapeXmlText, xmlAttributes } from './xml.js';

const LEVEL_ORDER: readonly ConformanceLevel[] = ['catalog', 'handoff', 'full'];

/**
 * Renders a report as JUnit XML: one `<testsuite>` per level, one `<testcase>` per check.
 * Failed checks and unexpected passes carry a `<failure>`, skipped checks a `<skipped>`, and
 * expected failures pass with a `<system-out>` note, so CI fails exactly when the run fails.
 */
export function renderJunit(report: ConformanceReport): string {
  const suites = LEVEL_ORDER.map((level) => ({
    level,
    checks: report.checks.filter((check) => check.level === level),
  })).filter((suite) => suite.checks.length > 0);

  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${xmlAttributes({
      name: `signupassist-conformance ${report.connector.id}`,
      ...counts(report.checks),
      time: seconds(report.durationMs),
      timestamp: report.startedAt,
    })}>`,
  ];
  for (const suite of suites) {
    lines.push(...renderSuite(report, suite.level, suite.checks));
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function renderSuite(
  report: ConformanceReport,
  level: ConformanceLevel,
  checks: readonly CheckResult[],
): string[] {
  const duration = checks.reduce((total, check) => total + check.durationMs, 0);
  const properties: Record<string, string> = {
    connector: report.connector.id,
    connectorVersion: report.connector.version,
    contractRange: report.connector.contractRange,
    contractVersion: report.contractVersion,
    kitVersion: report.kitVersion,
    mode: report.mode,
    levelRequested: report.levelRequested,
    levelReached: report.levelReached,
  };
  return [
    `  <testsuite${xmlAttributes({
      name: `${report.connector.id} ${level}`,
      ...counts(checks),
      time: seconds(duration),
      timestamp: report.startedAt,
    })}>`,
    '    <properties>',
    ...Object.entries(properties).map(
      ([name, value]) => `      <property${xmlAttributes({ name, value })}/>`,
    ),
    '    </properties>',
    ...checks.flatMap((check) => renderCase(report.connector.id, check)),
    '  </testsuite>',
  ];
}

function renderCase(connectorId: string, check: CheckResult): string[] {
  const open = `    <testcase${xmlAttributes({
    classname: `${connectorId}.${check.level}`,
    name: check.id,
    time: seconds(check.durationMs),
  })}`;
  const body = caseBody(check);
  if (body.length === 0) return [`${open}/>`];
  return [`${open}>`, ...body.map((line) => `      ${line}`), '    </testcase>'];
}

function caseBody(check: CheckResult): string[] {
  const message = check.message ?? '';
  switch (check.verdict) {
    case 'passed':
      return [];
    case 'failed':
      return [
        `<failure${xmlAttributes({ message: firstLine(message) || 'failed', type: 'failed' })}>` +
          `${escapeXmlText(message)}</failure>`,
      ];
    case 'unexpected_pass': {
      const text =
        'Passed, but the baseline lists it as an expected failure' +
        (check.baselineReason ? ` (reason: ${check.baselineReason})` : '') +
        '. Remove its entry from the baseline.';
      return [`<failure${xmlAttributes({ message: text, type: 'unexpected_pass' })}/>`];
    }
    case 'skipped':
      return [`<skipped${xmlAttributes({ message: message || undefined })}/>`];
    case 'expected_failure': {
      const reason = (check.baselineReason ?? 'no reason given').replace(/[.\s]+$/, '');
      const note =
        `Expected failure, listed in the baseline: ${reason}.` +
        (message ? `\nCheck message: ${message}` : '');
      return [`<system-out>${escapeXmlText(note)}</system-out>`];
    }
  }
}

function counts(checks: readonly CheckResult[]) {
  return {
    tests: checks.length,
    failures: checks.filter(
      (check) => check.verdict === 'failed' || check.verdict === 'unexpected_pass',
    ).length,
    errors: 0,
    skipped: checks.filter((check) => check.verdict === 'skipped').length,
  };
}

function seconds(milliseconds: number): string {
  return (milliseconds / 1000).toFixed(3);
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}
