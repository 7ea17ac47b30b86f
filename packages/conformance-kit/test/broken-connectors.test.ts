import type { AnyConnector } from '@signupassist/contract';
import type { StartConformanceSandbox } from '@signupassist/contract/testing';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { startConformanceSandbox as startBookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';
import { credentialLeakConnector } from './broken/credential-leak.js';
import { doubleBookingConnector } from './broken/double-booking.js';
import { expiredHoldConnector } from './broken/expired-hold.js';
import { floatMoneyConnector } from './broken/float-money.js';
import { ignoredPaymentConnector } from './broken/ignored-payment.js';
import { sessionListerConnector } from './broken/session-lister.js';

/** A connector with one defect, the check named for it and what its message must say. */
interface BrokenCase {
  defect: string;
  check: string;
  /** The connector the defect was built into, which passes the check. */
  base: AnyConnector;
  broken: AnyConnector;
  sandbox: StartConformanceSandbox;
  message: RegExp;
}

const bookeo = createBookeoConnector();

const CASES: BrokenCase[] = [
  {
    defect: 'a replay posts a second booking',
    check: 'idempotency.replay-no-second-booking',
    base: tidepoolConnector,
    broken: doubleBookingConnector(tidepoolConnector),
    sandbox: startTidepoolSandbox,
    message:
      /^A replay with the same idempotency key returned booking "bk_000002"; the first call made "bk_000001"\.$/,
  },
  {
    defect: 'an error message quotes the API key',
    check: 'hygiene.no-credential-leak',
    base: tidepoolConnector,
    broken: credentialLeakConnector(tidepoolConnector),
    sandbox: startTidepoolSandbox,
    message:
      /^Credential values leaked: rejected credentials\.apiKey in an error verifyCredentials threw/,
  },
  {
    defect: 'an expired hold is booked anyway',
    check: 'holds.expired-hold-expired',
    base: bookeo,
    broken: expiredHoldConnector(bookeo),
    sandbox: startBookeoSandbox,
    message:
      /^book succeeded with hold ".+" after the sandbox clock passed its expiry .+; expected ConnectorError "hold_expired"\.$/,
  },
  {
    defect: 'the payment is not sent to the provider',
    check: 'payments.recorded-on-booking',
    base: bookeo,
    broken: ignoredPaymentConnector(bookeo),
    sandbox: startBookeoSandbox,
    message:
      /^book reports price\.paid 0 USD for booking "\d+" made with a payment of 8500 USD; the provider must record the payment on the booking/,
  },
  {
    defect: 'a replay books and pays a second time',
    check: 'payments.replay-recorded-once',
    base: bookeo,
    broken: doubleBookingConnector(bookeo),
    sandbox: startBookeoSandbox,
    message:
      /^A replay with a payment and the same idempotency key returned booking "\d+"; the first call made "\d+"\.$/,
  },
  {
    defect: 'the last page of sessions is dropped',
    check: 'catalog.pagination-complete',
    base: sessionListerConnector(tidepoolConnector),
    broken: sessionListerConnector(tidepoolConnector, { dropLastPage: true }),
    sandbox: startTidepoolSandbox,
    message: /^listSessions of program "prog_guppy": missing: ses_guppy_5\.$/,
  },
  {
    defect: 'prices are floats in major units',
    check: 'catalog.money-minor-units',
    base: tidepoolConnector,
    broken: floatMoneyConnector(tidepoolConnector),
    sandbox: startTidepoolSandbox,
    message:
      /^Program "prog_guppy" fromPrice has amountMinor 85\.5; expected a non-negative integer/,
  },
  {
    defect: 'a 429 is retried at once',
    check: 'faults.rate-limit-retry-after',
    base: sessionListerConnector(tidepoolConnector),
    broken: sessionListerConnector(tidepoolConnector, { ignoreRetryAfter: true }),
    sandbox: startTidepoolSandbox,
    message:
      /^The connector sent its next request \d+ ms after a 429 with Retry-After: 2; it must wait at least 2000 ms\.$/,
  },
  {
    defect: 'a 429 is retried after a fixed 1 s backoff',
    check: 'faults.rate-limit-retry-after',
    base: sessionListerConnector(tidepoolConnector),
    broken: sessionListerConnector(tidepoolConnector, { fixedBackoffMs: 1_000 }),
    sandbox: startTidepoolSandbox,
    message:
      /^The connector sent its next request 1\d{3} ms after a 429 with Retry-After: 2; it must wait at least 2000 ms\.$/,
  },
];

async function runCheck(connector: AnyConnector, testCase: BrokenCase) {
  const report = await runConformance({
    connector,
    sandbox: testCase.sandbox,
    level: 'full',
    only: [testCase.check],
  });
  const result = report.checks.find((check) => check.id === testCase.check);
  expect(result, `the report has no result for ${testCase.check}`).toBeDefined();
  return { report, result: result! };
}

describe('broken connectors', () => {
  for (const testCase of CASES) {
    describe(`${testCase.check}`, () => {
      it(`fails when ${testCase.defect}`, async () => {
        const { report, result } = await runCheck(testCase.broken, testCase);

        expect(result.verdict).toBe('failed');
        expect(result.message).toMatch(testCase.message);
        expect(report.passed).toBe(false);
      });

      it('passes for the connector without the defect', async () => {
        const { report, result } = await runCheck(testCase.base, testCase);

        expect(result.message).toBeUndefined();
        expect(result.verdict).toBe('passed');
        expect(report.passed).toBe(true);
      });
    });
  }

  it('leak report names the field, not the value', async () => {
    const testCase = CASES.find((item) => item.check === 'hygiene.no-credential-leak')!;
    let rejectedKey = '';
    const sandbox: StartConformanceSandbox = async (options) => {
      const started = await startTidepoolSandbox(options);
      rejectedKey = (started.vendor().badCredentials as { apiKey: string }).apiKey;
      return started;
    };
    const { result } = await runCheck(testCase.broken, { ...testCase, sandbox });

    expect(rejectedKey).not.toBe('');
    expect(result.message).not.toContain(rejectedKey);
  });
});
