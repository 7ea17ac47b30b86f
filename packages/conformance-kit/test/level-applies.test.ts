import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { beforeAll, describe, expect, it } from 'vitest';
import { applicableLevels, listChecks, runConformance } from '../src/index.js';
import { REPO_ROOT, requireBuiltBookeo, runCapturedCli } from './cli-support.js';
import { alteredBookeo } from './runner-support.js';

const HANDOFF_REJECTED =
  /^Level "handoff" does not apply to connector "tidepool": its manifest has book "native", which books through the provider's API, so the levels that apply are "catalog" or "full"\. Request one of them\.$/;

const handoffConnector = alteredBookeo((base) => ({
  manifest: { ...base.manifest, capabilities: { ...base.manifest.capabilities, book: 'handoff' } },
}));

describe('level handoff for an API-booking connector', () => {
  beforeAll(requireBuiltBookeo);

  it('lists the levels that apply', () => {
    expect(applicableLevels(tidepoolConnector)).toEqual(['catalog', 'full']);
    expect(applicableLevels(handoffConnector)).toEqual(['catalog', 'handoff']);
  });

  it('is rejected by runConformance', async () => {
    await expect(
      runConformance({
        connector: tidepoolConnector,
        sandbox: startTidepoolSandbox,
        level: 'handoff',
      }),
    ).rejects.toThrow(HANDOFF_REJECTED);
  });

  it('is rejected by listChecks', () => {
    expect(() => listChecks(tidepoolConnector, 'handoff')).toThrow(HANDOFF_REJECTED);
  });

  it('names the levels above the manifest', () => {
    expect(() => listChecks(handoffConnector, 'full')).toThrow(
      /allows "handoff" at most\. Request "catalog" or "handoff", or declare/,
    );
  });

  it('is rejected by the CLI with exit 2', async () => {
    const run = await runCapturedCli(
      ['@signupassist/connector-bookeo', '--level', 'handoff'],
      REPO_ROOT,
    );

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      'Level "handoff" does not apply to connector "bookeo": its manifest has book "native"',
    );
    expect(run.stdout).not.toContain('PASSED');
  });

  it('still accepts catalog for Bookeo', () => {
    expect(listChecks(createBookeoConnector(), 'catalog').length).toBeGreaterThan(0);
  });
});
