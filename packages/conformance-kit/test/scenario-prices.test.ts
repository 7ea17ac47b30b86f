import type { AnyConnector } from '@signupassist/contract';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { startConformanceSandbox as startBookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import type { StartConformanceSandbox } from '@signupassist/contract/testing';
import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';
import { alteredScenarioSandbox, pricelessConnector } from './broken/scenario-gaps.js';
import { wholeUnitMoneyConnector } from './broken/whole-unit-money.js';

const CHECK = 'catalog.money-minor-units';

async function moneyResult(connector: AnyConnector, sandbox: StartConformanceSandbox) {
  const report = await runConformance({ connector, sandbox, only: [CHECK] });
  return report.checks[0]!;
}

describe('catalog.money-minor-units with scenario prices', () => {
  it('fails whole major units on Tidepool', async () => {
    const result = await moneyResult(
      wholeUnitMoneyConnector(tidepoolConnector),
      startTidepoolSandbox,
    );

    expect(result.verdict).toBe('failed');
    expect(result.message).toBe(
      'Session "ses_guppy_1" price has amountMinor 86 USD; the provider charges 85.50 USD, ' +
        'which is amountMinor 8550 USD.',
    );
  });

  it('fails whole major units on Bookeo', async () => {
    const bookeo = createBookeoConnector();
    const result = await moneyResult(wholeUnitMoneyConnector(bookeo), startBookeoSandbox);

    expect(result.verdict).toBe('failed');
    expect(result.message).toMatch(
      /^Session ".+" price has amountMinor \d+ USD; the provider charges \d+\.\d{2} USD, which is amountMinor \d+ USD\.$/,
    );
  });

  it('fails a session without its price', async () => {
    const result = await moneyResult(pricelessConnector(tidepoolConnector), startTidepoolSandbox);

    expect(result.verdict).toBe('failed');
    expect(result.message).toBe(
      'Session "ses_guppy_1" has no price; the provider charges 85.50 USD (amountMinor 8550).',
    );
  });

  it('fails priced sessions the scenario gives no prices for', async () => {
    const result = await moneyResult(
      wholeUnitMoneyConnector(tidepoolConnector),
      alteredScenarioSandbox(startTidepoolSandbox, ({ prices: _prices, ...rest }) => rest),
    );

    expect(result.verdict).toBe('failed');
    expect(result.message).toMatch(
      /^The catalog lists \d+ priced sessions, but scenario\(\)\.prices gives the provider's price for none of them, so whole major units cannot be told from minor units\. List the priced sessions in scenario\(\)\.prices\.$/,
    );
  });

  it('passes sessions without prices when programs have them', async () => {
    const sessionless = {
      ...tidepoolConnector,
      listSessions: async (...args: Parameters<typeof tidepoolConnector.listSessions>) => {
        const sessions = await tidepoolConnector.listSessions(...args);
        return sessions.map(({ price: _price, ...session }) => session);
      },
    } as AnyConnector;
    const result = await moneyResult(
      sessionless,
      alteredScenarioSandbox(startTidepoolSandbox, ({ prices: _prices, ...rest }) => rest),
    );

    expect(result.message).toBeUndefined();
    expect(result.verdict).toBe('passed');
  });

  it('both sandboxes give prices', async () => {
    for (const start of [startTidepoolSandbox, startBookeoSandbox] as StartConformanceSandbox[]) {
      const sandbox = await start();
      try {
        expect(Object.keys(sandbox.scenario().prices ?? {}).length).toBeGreaterThan(0);
      } finally {
        await sandbox.stop();
      }
    }
  });

  it('passes the Tidepool connector', async () => {
    const result = await moneyResult(tidepoolConnector, startTidepoolSandbox);

    expect(result.message).toBeUndefined();
    expect(result.verdict).toBe('passed');
  });

  it('passes the Bookeo connector', async () => {
    const result = await moneyResult(createBookeoConnector(), startBookeoSandbox);

    expect(result.message).toBeUndefined();
    expect(result.verdict).toBe('passed');
  });
});
