import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCheckLine } from '../src/cli/progress.js';
import type { CheckResult } from '../src/index.js';
import { REPO_ROOT, requireBuiltBookeo, runCapturedCli } from './cli-support.js';

const FLOAT_MONEY = fileURLToPath(new URL('./fixtures/float-money-connector', import.meta.url));
const CHECK = 'catalog.money-minor-units';
const output = mkdtempSync(join(tmpdir(), 'conformance-cli-output-'));

/**
 * Writes a package that re-exports the float-money connector, with a
 * `conformance-baseline.json` that lists its money check as an expected failure.
 */
function packageWithBaseline(): string {
  const directory = mkdtempSync(join(output, 'package-'));
  const files: Record<string, string> = {
    'package.json': JSON.stringify({
      name: 'float-money-with-baseline',
      type: 'module',
      exports: { '.': './index.js', './sandbox': './sandbox.js' },
      signupassist: {
        connector: 'float-money',
        export: 'floatMoneyConnector',
        sandbox: './sandbox',
      },
    }),
    'index.js': `export * from ${JSON.stringify(join(FLOAT_MONEY, 'index.js'))};`,
    'sandbox.js': `export * from ${JSON.stringify(join(FLOAT_MONEY, 'sandbox.js'))};`,
    'conformance-baseline.json': JSON.stringify({
      expectedFailures: [{ check: CHECK, reason: 'prices carry a half-cent fee' }],
    }),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(directory, name), text);
  return directory;
}

function runOn(directory: string, extra: string[]) {
  const reports = mkdtempSync(join(output, 'reports-'));
  return runCapturedCli(
    [
      directory,
      '--only',
      CHECK,
      '--report',
      join(reports, 'report.json'),
      '--junit',
      join(reports, 'junit.xml'),
      ...extra,
    ],
    REPO_ROOT,
  );
}

describe('CLI output', () => {
  let directory: string;

  beforeAll(() => {
    requireBuiltBookeo();
    directory = packageWithBaseline();
  });

  it('counts one expected failure in the singular', async () => {
    const run = await runOn(directory, []);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(
      'Checks:    0 passed, 0 failed, 0 skipped, 1 expected failure, 0 unexpected passes',
    );
  });

  it('quiet PASSED names the expected failure', async () => {
    const run = await runOn(directory, ['--quiet']);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('PASSED with 1 expected failure: Float money reached level catalog.\n');
  });

  it('--no-baseline ignores the default file', async () => {
    const run = await runOn(directory, ['--no-baseline', '--quiet']);

    expect(run.exitCode).toBe(1);
    expect(run.stdout).not.toContain('Baseline:');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(
      'FAILED: 1 check failed; level reached: none.',
    );
  });

  it('--no-baseline rejects --baseline', async () => {
    const run = await runOn(directory, ['--no-baseline', '--baseline', 'baseline.json']);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--no-baseline and --baseline FILE contradict each other');
  });

  it('--list uses straight apostrophes', async () => {
    const run = await runCapturedCli(['@signupassist/connector-bookeo', '--list'], REPO_ROOT);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("verifyCredentials accepts the test vendor's credentials");
    expect(run.stdout).not.toContain('’');
  });

  it('skip line has no space before the colon', () => {
    const skipped: CheckResult = {
      id: 'faults.abort-honoured',
      title: 'An aborted operation settles',
      level: 'catalog',
      writes: false,
      status: 'skipped',
      verdict: 'skipped',
      message: 'listSessions was never waiting',
      durationMs: 12,
    };

    expect(formatCheckLine(skipped)).toBe(
      '- faults.abort-honoured   12 ms  skipped: listSessions was never waiting',
    );
  });
});
