import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceReport } from '../src/types.js';
import {
  parseXml,
  REPO_ROOT,
  requireBuiltBookeo,
  runCapturedCli,
  type CliRun,
} from './cli-support.js';

requireBuiltBookeo();

const FLOAT_MONEY = fileURLToPath(new URL('./fixtures/float-money-connector', import.meta.url));

const output = mkdtempSync(join(tmpdir(), 'conformance-cli-run-'));
let runCount = 0;

/** Runs the CLI from the repository root with reports in a fresh temporary directory. */
async function runWithReports(argv: string[]) {
  const directory = mkdtempSync(join(output, `run-${++runCount}-`));
  const reportPath = join(directory, 'report.json');
  const junitPath = join(directory, 'junit.xml');
  const run = await runCapturedCli(
    [...argv, '--report', reportPath, '--junit', junitPath],
    REPO_ROOT,
  );
  const report = (): ConformanceReport => JSON.parse(readFileSync(reportPath, 'utf8'));
  const junit = () => readFileSync(junitPath, 'utf8');
  return { ...run, directory, reportPath, junitPath, report, junit };
}

function writeBaseline(entries: Array<{ check: string; reason: string }>): string {
  const path = join(mkdtempSync(join(output, 'baseline-')), 'baseline.json');
  writeFileSync(path, JSON.stringify({ expectedFailures: entries }, null, 2));
  return path;
}

function failedIds(report: ConformanceReport): string[] {
  return report.checks.filter((check) => check.status === 'failed').map((check) => check.id);
}

describe('CLI on the Bookeo connector', () => {
  let run: Awaited<ReturnType<typeof runWithReports>>;
  let report: ConformanceReport;

  beforeAll(async () => {
    run = await runWithReports(['@signupassist/connector-bookeo']);
    report = run.report();
  }, 120_000);

  it('exits 0', () => {
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
  });

  it('prints a line per finished check', () => {
    expect(report.checks.length).toBeGreaterThan(5);
    for (const check of report.checks) {
      const mark = check.verdict === 'skipped' ? '-' : '✓';
      expect(run.stdout).toMatch(
        new RegExp(`^${mark} ${check.id.replaceAll('.', '\\.')} +\\d`, 'm'),
      );
    }
  });

  it('prints the summary', () => {
    expect(run.stdout).toContain('Checking Bookeo (@signupassist/connector-bookeo 0.1.0)');
    expect(run.stdout).toContain('Connector: Bookeo (bookeo) 0.1.0, implements contract ^1.1.0');
    expect(run.stdout).toContain(`Level:     requested full, reached ${report.levelReached}`);
    expect(run.stdout).toMatch(/Checks: {4}\d+ passed, 0 failed, \d+ skipped, 0 expected/);
    expect(run.stdout).toContain(
      `Reports:   ${run.reportPath} (JSON), ${run.junitPath} (JUnit XML)`,
    );
    expect(run.stdout).toMatch(/Time: {6}[\d.]+ m?s/);
    expect(run.stdout).toContain('PASSED: Bookeo reached level full.');
  });

  it('writes the JSON report', () => {
    expect(report.reportVersion).toBe(1);
    expect(report.connector.id).toBe('bookeo');
    expect(report.mode).toBe('sandbox');
    expect(report.levelRequested).toBe('full');
    expect(report.levelReached).toBe('full');
    expect(report.passed).toBe(true);
    expect(readFileSync(run.reportPath, 'utf8')).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });

  it('writes JUnit XML with a testcase per check', () => {
    const root = parseXml(run.junit());
    const cases = root.children
      .flatMap((suite) => suite.children)
      .filter((c) => c.name === 'testcase');

    expect(root.attributes.tests).toBe(String(report.checks.length));
    expect(root.attributes.failures).toBe('0');
    expect(cases.map((testcase) => testcase.attributes.name)).toEqual(
      ['catalog', 'handoff', 'full'].flatMap((level) =>
        report.checks.filter((check) => check.level === level).map((check) => check.id),
      ),
    );
  });

  it('checks the package in the working directory', async () => {
    const directory = mkdtempSync(join(output, 'cwd-'));
    const bookeoDirectory = join(REPO_ROOT, 'packages/connector-bookeo');
    const reportPath = join(directory, 'report.json');
    const cwdRun = await runCapturedCli(
      ['--level', 'catalog', '--report', reportPath, '--junit', join(directory, 'junit.xml')],
      bookeoDirectory,
    );

    expect(cwdRun.exitCode).toBe(0);
    expect(cwdRun.stdout).toContain('Checking Bookeo (@signupassist/connector-bookeo 0.1.0)');
    expect(JSON.parse(readFileSync(reportPath, 'utf8')).connector.id).toBe('bookeo');
  });

  it('lists the checks', async () => {
    const list = await runCapturedCli(['@signupassist/connector-bookeo', '--list'], REPO_ROOT);

    expect(list.exitCode).toBe(0);
    for (const check of report.checks) expect(list.stdout).toContain(`${check.id} `);
  });
});

describe('CLI on a broken connector', () => {
  let run: Awaited<ReturnType<typeof runWithReports>>;
  let report: ConformanceReport;

  beforeAll(async () => {
    run = await runWithReports([FLOAT_MONEY, '--level', 'catalog']);
    report = run.report();
  }, 120_000);

  it('exits 1', () => {
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(1);
  });

  it('reports the failed checks with messages', () => {
    const failed = report.checks.filter((check) => check.verdict === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.some((check) => /amountMinor/.test(check.message ?? ''))).toBe(true);
    for (const check of failed) {
      expect(run.stdout).toMatch(
        new RegExp(`^✗ ${check.id.replaceAll('.', '\\.')} .*failed$`, 'm'),
      );
      expect(run.stdout).toContain(`  ✗ ${check.id}: ${check.title}`);
      expect(run.stdout).toContain(`      ${check.message?.split('\n')[0]}`);
    }
    expect(run.stdout).toContain(
      `FAILED: ${failed.length} checks failed; level reached: ${report.levelReached}.`,
    );
    expect(report.passed).toBe(false);
  });

  it('writes failures to JUnit', () => {
    const root = parseXml(run.junit());
    const failures = root.children
      .flatMap((suite) => suite.children)
      .filter((testcase) => testcase.children.some((child) => child.name === 'failure'));

    expect(failures.map((testcase) => testcase.attributes.name)).toEqual(failedIds(report));
  });

  it('exits 0 when the baseline lists the failures', async () => {
    const baseline = writeBaseline(
      failedIds(report).map((check) => ({ check, reason: 'prices carry a half-cent fee' })),
    );
    const listed = await runWithReports([
      FLOAT_MONEY,
      '--level',
      'catalog',
      '--baseline',
      baseline,
    ]);
    const listedReport = listed.report();

    expect(listed.exitCode).toBe(0);
    expect(listedReport.passed).toBe(true);
    for (const id of failedIds(report)) {
      const check = listedReport.checks.find((item) => item.id === id);
      expect(check?.verdict).toBe('expected_failure');
      expect(check?.baselineReason).toBe('prices carry a half-cent fee');
      expect(listed.stdout).toMatch(
        new RegExp(`^~ ${id.replaceAll('.', '\\.')} .*expected failure`, 'm'),
      );
    }
    expect(listed.stdout).toContain(`Baseline:  ${baseline}`);
    expect(listed.junit()).toContain('<system-out>Expected failure, listed in the baseline');
  });

  it('exits 1 when a baseline entry passes', async () => {
    const passing = report.checks.find((check) => check.status === 'passed');
    if (!passing) throw new Error('The broken connector passed no check to list.');
    const baseline = writeBaseline([
      ...failedIds(report).map((check) => ({ check, reason: 'half-cent fee' })),
      { check: passing.id, reason: 'flaky once' },
    ]);
    const stale = await runWithReports([FLOAT_MONEY, '--level', 'catalog', '--baseline', baseline]);

    expect(stale.exitCode).toBe(1);
    expect(stale.report().checks.find((check) => check.id === passing.id)?.verdict).toBe(
      'unexpected_pass',
    );
    expect(stale.stdout).toContain(`  ! ${passing.id}: ${passing.title}`);
    expect(stale.stdout).toContain('FAILED: 1 baseline entry is stale; level reached: none.');
    expect(stale.stdout).toContain(
      `Passed, but ${baseline} lists it as an expected failure ("flaky once"). ` +
        `Remove its entry from ${baseline}.`,
    );
  });

  it('reads conformance-baseline.json from the package directory', async () => {
    const directory = mkdtempSync(join(output, 'wrapped-'));
    writeFileSync(
      join(directory, 'package.json'),
      JSON.stringify({
        name: 'wrapped-float-money',
        type: 'module',
        exports: { '.': './index.js', './sandbox': './sandbox.js' },
        signupassist: {
          connector: 'float-money',
          export: 'floatMoneyConnector',
          sandbox: './sandbox',
        },
      }),
    );
    writeFileSync(
      join(directory, 'index.js'),
      `export * from ${JSON.stringify(join(FLOAT_MONEY, 'index.js'))};`,
    );
    writeFileSync(
      join(directory, 'sandbox.js'),
      `export * from ${JSON.stringify(join(FLOAT_MONEY, 'sandbox.js'))};`,
    );
    writeFileSync(
      join(directory, 'conformance-baseline.json'),
      JSON.stringify({
        expectedFailures: failedIds(report).map((check) => ({ check, reason: 'half-cent fee' })),
      }),
    );
    const wrapped = await runWithReports([directory, '--level', 'catalog']);

    expect(wrapped.exitCode).toBe(0);
    expect(wrapped.stdout).toContain(`Baseline:  ${join(directory, 'conformance-baseline.json')}`);
  });
});

describe('CLI run options', () => {
  let all: ConformanceReport;

  beforeAll(async () => {
    all = (await runWithReports([FLOAT_MONEY, '--level', 'catalog', '--quiet'])).report();
  }, 120_000);

  it('runs only the checks given to --only', async () => {
    const passing = all.checks.filter((check) => check.status === 'passed').slice(0, 2);
    const only = await runWithReports([
      FLOAT_MONEY,
      '--level',
      'catalog',
      '--only',
      passing.map((check) => check.id).join(','),
    ]);

    expect(only.exitCode).toBe(0);
    const ran = only.report().checks.filter((check) => check.status !== 'skipped');
    expect(ran.map((check) => check.id).sort()).toEqual(passing.map((check) => check.id).sort());
  });

  it('rejects an unknown id in --only', async () => {
    const run = await runCapturedCli([FLOAT_MONEY, '--only', 'catalog.nope'], REPO_ROOT);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('Unknown check id in --only: catalog.nope.');
  });

  it('rejects --only ids above the level', async () => {
    const run = await runCapturedCli(
      [
        '@signupassist/connector-bookeo',
        '--level',
        'catalog',
        '--only',
        'catalog.schemas,holds.reserve-release',
      ],
      REPO_ROOT,
    );

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      '--only names holds.reserve-release, which is not among the checks of connector bookeo ' +
        'at level catalog',
    );
    expect(run.stderr).toContain('Raise --level or drop the id');
  });

  it('rejects a baseline entry for an unknown check', async () => {
    const baseline = writeBaseline([{ check: 'catalog.nope', reason: 'renamed' }]);
    const run = await runCapturedCli([FLOAT_MONEY, '--baseline', baseline], REPO_ROOT);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('expectedFailures[0] names check "catalog.nope"');
  });

  it('prints only failures and the result with --quiet', async () => {
    const quiet = await runWithReports([FLOAT_MONEY, '--level', 'catalog', '--quiet']);
    const failed = failedIds(quiet.report());

    expect(quiet.exitCode).toBe(1);
    expect(quiet.stdout).not.toContain('Checking ');
    expect(quiet.stdout).not.toMatch(/^✓ /m);
    for (const id of failed) expect(quiet.stdout).toContain(`  ✗ ${id}: `);
    expect(quiet.stdout.trimEnd().split('\n').at(-1)).toMatch(/^FAILED: /);
  });

  it('shows the running check on a terminal', async () => {
    const first = all.checks[0];
    if (!first) throw new Error('The run had no checks.');
    const run = await runCapturedCli(
      [
        FLOAT_MONEY,
        '--level',
        'catalog',
        '--only',
        first.id,
        '--report',
        join(output, 'tty.json'),
        '--junit',
        join(output, 'tty.xml'),
      ],
      REPO_ROOT,
      { isTTY: true },
    );

    expect(run.stdout).toContain(`  … ${first.id}\r\u001b[2K`);
  });

  it('rejects a level above the manifest', async () => {
    const directory = mkdtempSync(join(output, 'catalog-only-'));
    writeFileSync(
      join(directory, 'package.json'),
      JSON.stringify({
        name: 'catalog-only',
        type: 'module',
        exports: { '.': './index.js', './sandbox': './sandbox.js' },
        signupassist: {
          connector: 'float-money',
          export: 'floatMoneyConnector',
          sandbox: './sandbox',
        },
      }),
    );
    writeFileSync(
      join(directory, 'index.js'),
      [
        `import { floatMoneyConnector as base } from ${JSON.stringify(join(FLOAT_MONEY, 'index.js'))};`,
        'const capabilities = { ...base.manifest.capabilities, book: "absent" };',
        'export const floatMoneyConnector = {',
        '  ...base,',
        '  manifest: { ...base.manifest, capabilities },',
        '};',
      ].join('\n'),
    );
    writeFileSync(
      join(directory, 'sandbox.js'),
      `export * from ${JSON.stringify(join(FLOAT_MONEY, 'sandbox.js'))};`,
    );
    const run: CliRun = await runCapturedCli([directory, '--level', 'full'], REPO_ROOT);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/Level "full" is above/);
  });
});
