import { tidepoolConnector } from 'signupassist-connector-tidepool';
import { startConformanceSandbox as startTidepoolSandbox } from 'signupassist-connector-tidepool/sandbox';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';
import { faultIgnoringSandbox, wrongBookingPathSandbox } from './broken/fault-sandbox.js';

const ignoring = faultIgnoringSandbox(startTidepoolSandbox);

/** Checks whose injected fault a sandbox that drops faults never fires, and what they report. */
const IGNORED_FAULT_CASES = [
  {
    check: 'faults.lost-response-one-booking',
    message:
      /^The sandbox answered every booking request of book without the injected lostResponse .*\(it logged POST \/bookings \(201\)\), so the fault never fired\. Fix the sandbox's injectFault\(\)/,
  },
  {
    check: 'faults.server-error-booking-not-reposted',
    message:
      /^The sandbox answered every booking request of book without the injected serverError \(503\) \(it logged POST \/bookings \(201\)\), so the fault never fired\./,
  },
  {
    check: 'faults.rate-limit-retry-after',
    message:
      /^The sandbox answered none of the \d+ requests of listSessions with the injected rateLimit \(429\) \(it logged GET \/programs\/prog_guppy\/sessions \(200\)/,
  },
  {
    check: 'faults.rate-limit-bounded',
    message:
      /^The sandbox answered none of the \d+ requests of listSessions with the injected rateLimit \(429\)/,
  },
  {
    check: 'faults.server-error-read-retried',
    message:
      /^The sandbox answered none of the \d+ requests of listSessions with the injected serverError \(503\) on GET/,
  },
];

describe('fault evidence', () => {
  for (const { check, message } of IGNORED_FAULT_CASES) {
    it(`${check} fails when the sandbox drops faults`, async () => {
      const report = await runConformance({
        connector: tidepoolConnector,
        sandbox: ignoring,
        only: [check],
      });
      const result = report.checks[0]!;

      expect(result.verdict).toBe('failed');
      expect(result.message).toMatch(message);
    });
  }

  it('names bookingRequest when no write matches it', async () => {
    const report = await runConformance({
      connector: tidepoolConnector,
      sandbox: wrongBookingPathSandbox(startTidepoolSandbox),
      only: ['faults.server-error-booking-not-reposted', 'faults.lost-response-one-booking'],
    });

    for (const result of report.checks) {
      expect(result.verdict).toBe('failed');
      expect(result.message).toMatch(
        /^No request of book matches the sandbox's scenario\(\)\.bookingRequest \(POST \/v1\/bookings\*\), so the injected .+ never fired; the sandbox logged .*POST \/bookings \(201\)/,
      );
    }
  });
});
