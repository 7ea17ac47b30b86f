import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceReport } from '../src/types.js';
import { parseXml } from './cli-support.js';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** The built CLI; `npm test` builds it before running the tests. */
const BUILT_CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
/** The file package.json's `bin` points at, which imports the built CLI. */
const LAUNCHER = fileURLToPath(new URL('../bin/signupassist-conformance.js', import.meta.url));
const FLOAT_MONEY = fileURLToPath(new URL('./fixtures/float-money-connector', import.meta.url));

const output = mkdtempSync(join(tmpdir(), 'conformance-cli-process-'));

interface ProcessRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a CLI file in a child Node.js process from the repository root. */
function runProcess(entry: string, args: string[]): Promise<ProcessRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [entry, ...args],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '' }, timeout: 120_000 },
      (error, stdout, stderr) => {
        let exitCode: number | null = 0;
        if (error) exitCode = typeof error.code === 'number' ? error.code : null;
        resolve({ exitCode, stdout, stderr });
      },
    );
  });
}

describe('built CLI process', () => {
  beforeAll(() => {
    if (!existsSync(BUILT_CLI)) {
      throw new Error(`${BUILT_CLI} is missing: run "npm run build" first.`);
    }
  });

  it('starts with a shebang', () => {
    expect(readFileSync(BUILT_CLI, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(readFileSync(LAUNCHER, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(LAUNCHER).mode & 0o111).not.toBe(0);
  });

  it('passes the Bookeo connector', async () => {
    const reportPath = join(output, 'bookeo.json');
    const junitPath = join(output, 'bookeo.xml');
    const run = await runProcess(BUILT_CLI, [
      '@signupassist/connector-bookeo',
      '--report',
      reportPath,
      '--junit',
      junitPath,
    ]);
    const report: ConformanceReport = JSON.parse(readFileSync(reportPath, 'utf8'));

    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^✓ /m);
    expect(run.stdout).toContain('PASSED: Bookeo reached level full.');
    expect(report.passed).toBe(true);
    expect(parseXml(readFileSync(junitPath, 'utf8')).attributes.tests).toBe(
      String(report.checks.length),
    );
  });

  it('exits 1 on the broken connector', async () => {
    const run = await runProcess(LAUNCHER, [
      FLOAT_MONEY,
      '--level',
      'catalog',
      '--report',
      join(output, 'float.json'),
      '--junit',
      join(output, 'float.xml'),
    ]);

    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^✗ /m);
    expect(run.stdout).toMatch(/^FAILED: /m);
  });

  it('exits 2 on a bad flag', async () => {
    const run = await runProcess(LAUNCHER, ['--level', 'gold']);

    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Invalid --level "gold"');
  });
});
