import { applicableLevels, listChecks, runConformance } from '@signupassist/conformance-kit';
import { describeConformance } from '@signupassist/conformance-kit/vitest';
import type { AnyConnector } from '@signupassist/contract';
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

describe('campminder claiming API booking', () => {
  /** Returns the connector with a manifest that pretends CampMinder books and cancels through its API. */
  function pretending(): AnyConnector {
    const connector = createCampMinderConnector() as AnyConnector;
    return {
      ...connector,
      manifest: {
        ...connector.manifest,
        capabilities: {
          ...connector.manifest.capabilities,
          book: 'native',
          cancel: 'native',
          idempotency: 'native',
        },
      },
    };
  }

  it('fails certification at level full', async () => {
    const report = await runConformance({
      connector: pretending(),
      sandbox: startConformanceSandbox,
      level: 'full',
    });

    const failed = report.checks
      .filter((check) => check.verdict === 'failed')
      .map((check) => check.id);
    expect(report.passed).toBe(false);
    expect(report.levelReached).toBe('none');
    expect(failed).toEqual(
      expect.arrayContaining([
        'booking.read-back',
        'idempotency.replay-no-second-booking',
        'cancel.returns-seat',
        // A cancel that claims to be native must raise not_found for an unknown booking.
        'hygiene.connector-errors-only',
      ]),
    );
  }, 60_000);
});
