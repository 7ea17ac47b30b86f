import { applicableLevels, listChecks, runConformance } from '@signupassist/conformance-kit';
import { describeConformance } from '@signupassist/conformance-kit/vitest';
import { describe, expect, it } from 'vitest';
import { createCampMinderConnector } from '../src/index.js';
import { startConformanceSandbox } from '../src/sandbox/index.js';

// CampMinder's API cannot create registrations, so the connector hands them off and certifies
// at level `handoff` with no expected failures. Run it alone with
// `npx nx run connector-campminder:conformance`.
describeConformance({
  connector: createCampMinderConnector(),
  sandbox: startConformanceSandbox,
  level: 'handoff',
  baseline: { expectedFailures: [] },
});

describe('campminder conformance at level full', () => {
  const connector = createCampMinderConnector();
  const rejection = /Level "full" is above what connector "campminder" declares: .*book "handoff"/;

  it('is not a level the manifest allows', () => {
    expect(applicableLevels(connector)).toEqual(['catalog', 'handoff']);
    expect(() => listChecks(connector, 'full')).toThrow(rejection);
  });

  it('is rejected before a sandbox starts', async () => {
    let started = 0;
    const sandbox = async () => {
      started += 1;
      return startConformanceSandbox();
    };

    await expect(runConformance({ connector, sandbox, level: 'full' })).rejects.toThrow(rejection);
    expect(started).toBe(0);
  });

  it('is rejected when the vitest suite is declared', () => {
    expect(() =>
      describeConformance({ connector, sandbox: startConformanceSandbox, level: 'full' }),
    ).toThrow(rejection);
  });
});
