import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConformanceSandbox } from '@signupassist/connector-bookeo/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceReport } from '../src/types.js';
import { REPO_ROOT, requireBuiltBookeo, runCapturedCli } from './cli-support.js';

requireBuiltBookeo();

const directory = mkdtempSync(join(tmpdir(), 'conformance-cli-live-'));

/**
 * The Bookeo sandbox plays the live provider here: the CLI gets only a vendor file with its URL
 * and credentials, as it would for a real Bookeo account.
 */
describe('CLI against a live provider', () => {
  let sandbox: Awaited<ReturnType<typeof startConformanceSandbox>>;
  let secrets: string[];
  let vendorFile: string;

  beforeAll(async () => {
    sandbox = await startConformanceSandbox();
    const { vendor, credentials, badCredentials } = sandbox.vendor();
    secrets = [credentials.apiKey, credentials.secretKey, badCredentials.apiKey];
    vendorFile = join(directory, 'vendor.json');
    writeFileSync(vendorFile, JSON.stringify({ vendor, credentials, badCredentials }));
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  function expectNoSecrets(text: string) {
    for (const secret of secrets) expect(text).not.toContain(secret);
  }

  it('runs read-only checks and skips writes', async () => {
    const reportPath = join(directory, 'live-report.json');
    const junitPath = join(directory, 'live-junit.xml');
    const run = await runCapturedCli(
      [
        '@signupassist/connector-bookeo',
        '--live',
        '--vendor',
        vendorFile,
        '--report',
        reportPath,
        '--junit',
        junitPath,
      ],
      REPO_ROOT,
    );
    const report: ConformanceReport = JSON.parse(readFileSync(reportPath, 'utf8'));

    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('against the live provider');
    expect(report.mode).toBe('live');
    expect(sandbox.bookingCount({ includeCancelled: true })).toBe(0);
    for (const check of report.checks.filter((item) => item.writes)) {
      expect(check.status).toBe('skipped');
    }
    expect(report.checks.some((check) => !check.writes && check.status === 'passed')).toBe(true);
    expectNoSecrets(run.stdout);
    expectNoSecrets(readFileSync(reportPath, 'utf8'));
    expectNoSecrets(readFileSync(junitPath, 'utf8'));
  });

  it('runs write checks on the test session with --allow-writes', async () => {
    const target = sandbox.scenario().bookable;
    if (!target) throw new Error('The Bookeo scenario has no bookable session.');
    const reportPath = join(directory, 'writes-report.json');
    const run = await runCapturedCli(
      [
        '@signupassist/connector-bookeo',
        '--live',
        '--vendor',
        vendorFile,
        '--allow-writes',
        '--test-session',
        `${target.programId}:${target.sessionId}`,
        '--report',
        reportPath,
        '--junit',
        join(directory, 'writes-junit.xml'),
      ],
      REPO_ROOT,
    );
    const report: ConformanceReport = JSON.parse(readFileSync(reportPath, 'utf8'));

    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(report.checks.some((check) => check.writes && check.status === 'passed')).toBe(true);
    expectNoSecrets(run.stdout);
    expectNoSecrets(readFileSync(reportPath, 'utf8'));
  });

  it('names bad credentials without showing them', async () => {
    const badFile = join(directory, 'bad-vendor.json');
    const { vendor } = sandbox.vendor();
    writeFileSync(
      badFile,
      JSON.stringify({ vendor, credentials: { apiKey: 42, secretKey: 'sk-visible-if-leaked' } }),
    );
    const run = await runCapturedCli(
      ['@signupassist/connector-bookeo', '--live', '--vendor', badFile],
      REPO_ROOT,
    );

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('credentials do not match the bookeo connector');
    expect(run.stderr).toContain('apiKey is invalid (invalid_type)');
    expect(run.stderr).not.toContain('sk-visible-if-leaked');
    expect(run.stderr).not.toContain('42');
  });

  it('hides the content of a vendor file that is no JSON', async () => {
    const badFile = join(directory, 'broken-vendor.json');
    writeFileSync(badFile, '{ "credentials": { "apiKey": "sk-visible-if-leaked" ');
    const run = await runCapturedCli(
      ['@signupassist/connector-bookeo', '--live', '--vendor', badFile],
      REPO_ROOT,
    );

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('it is not valid JSON');
    expect(run.stderr).not.toContain('sk-visible-if-leaked');
  });

  it('names a bad time zone', async () => {
    const badFile = join(directory, 'zone-vendor.json');
    const { vendor, credentials } = sandbox.vendor();
    writeFileSync(
      badFile,
      JSON.stringify({ vendor: { ...vendor, timeZone: 'Mars/Base' }, credentials }),
    );
    const run = await runCapturedCli(
      ['@signupassist/connector-bookeo', '--live', '--vendor', badFile],
      REPO_ROOT,
    );

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('at vendor.timeZone: must be an IANA time zone');
  });
});
