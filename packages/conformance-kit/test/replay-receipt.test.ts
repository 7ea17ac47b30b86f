import type { AnyConnector } from '@signupassist/contract';
import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';
import { alteredReplayConnector, type ReplayAlteration } from './broken/altered-replay.js';

const CHECK = 'idempotency.replay-no-second-booking';

function runReplay(connector: AnyConnector) {
  return runConformance({ connector, sandbox: startTidepoolSandbox, only: [CHECK] });
}

describe('replay receipt', () => {
  const cases: { alteration: ReplayAlteration; message: RegExp }[] = [
    {
      alteration: 'status',
      message: /^A replay .* returned status "pending"; the first call returned "confirmed"\.$/,
    },
    {
      alteration: 'price',
      message: /^A replay .* returned price total 8650 USD; the first call returned 8550 USD\.$/,
    },
    {
      alteration: 'externalReference',
      message:
        /^A replay .* returned external reference ".+-replayed"; the first call returned ".+"\.$/,
    },
  ];

  for (const { alteration, message } of cases) {
    it(`fails a replay with another ${alteration}`, async () => {
      const report = await runReplay(
        alteredReplayConnector(tidepoolConnector as AnyConnector, alteration),
      );
      const [replay] = report.checks;

      expect(replay?.verdict).toBe('failed');
      expect(replay?.message).toMatch(message);
    });
  }

  it('passes the unaltered connector', async () => {
    const report = await runReplay(tidepoolConnector as AnyConnector);

    expect(report.checks[0]?.message).toBeUndefined();
    expect(report.checks[0]?.verdict).toBe('passed');
  });
});
