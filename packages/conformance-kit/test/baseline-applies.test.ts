import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { startConformanceSandbox as startBookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';
import { describeConformance } from '../src/vitest.js';
import { runCapturedCli } from './cli-support.js';

/** The Tidepool example package; the CLI loads its built `dist/`. */
const TIDEPOOL_PACKAGE = fileURLToPath(
  new URL('../../../examples/connector-tidepool', import.meta.url),
);

/** Returns a baseline with one entry, for `check`. */
function baselineFor(check: string) {
  return { expectedFailures: [{ check, reason: 'the provider keeps holds for a day' }] };
}

describe('baseline entry for a check that does not apply', () => {
  it('is rejected by runConformance', async () => {
    const run = runConformance({
      connector: tidepoolConnector,
      sandbox: startTidepoolSandbox,
      only: ['manifest.valid'],
      baseline: baselineFor('holds.expired-hold-expired'),
    });

    await expect(run).rejects.toThrow(
      /^The baseline lists check "holds\.expired-hold-expired", which does not apply to connector "tidepool": .* Remove the entry\.$/,
    );
  });

  it('is rejected by describeConformance', () => {
    expect(() =>
      describeConformance({
        connector: tidepoolConnector,
        sandbox: startTidepoolSandbox,
        baseline: baselineFor('handoff.receipt'),
      }),
    ).toThrow(/lists check "handoff\.receipt", which does not apply to connector "tidepool"/);
  });

  it('is accepted above the requested level', async () => {
    // Bookeo declares holds, so its holds checks apply at level full.
    const report = await runConformance({
      connector: createBookeoConnector(),
      sandbox: startBookeoSandbox,
      level: 'catalog',
      only: ['manifest.valid'],
      baseline: baselineFor('holds.expired-hold-expired'),
    });

    expect(report.checks.map((check) => check.verdict)).toEqual(['passed']);
  });
});

describe('CLI baseline entry for a check that does not apply', () => {
  it('exits 2 naming the file and entry before any check runs', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'conformance-baseline-applies-'));
    const baselinePath = join(directory, 'baseline.json');
    writeFileSync(baselinePath, JSON.stringify(baselineFor('handoff.receipt')));

    const run = await runCapturedCli(
      [TIDEPOOL_PACKAGE, '--baseline', baselinePath, '--report', join(directory, 'r.json')],
      directory,
    );

    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `Baseline ${baselinePath}: expectedFailures[0] names check "handoff.receipt", which does ` +
        'not apply to connector tidepool',
    );
  });
});
