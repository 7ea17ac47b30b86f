import { ConnectorError, type AnyConnector, type BookingReceipt } from '@signupassist/contract';
import type { ConformanceSandbox } from '@signupassist/contract/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listChecks, runConformance } from '../src/index.js';
import { alteredBookeo, resultOf, startSandbox } from './runner-support.js';

// A hand-off connector over the Bookeo sandbox: the catalog comes from Bookeo, and hand-off
// registrations live in a map that the sandbox's completeHandoff moves forward, as a provider
// does when the family finishes its own form.
let bookeo: ConformanceSandbox;
const registrations = new Map<string, 'pending' | 'confirmed'>();

/**
 * How the connector's getBooking reports a hand-off: from the registration's state, always
 * `handoff_required`, or always `confirmed` whatever the family did.
 */
type StatusSource = 'provider' | 'never-confirmed' | 'always-confirmed';

function handoffConnector(statusSource: StatusSource = 'provider'): AnyConnector {
  const receipt = (reference: string, status: BookingReceipt['status']): BookingReceipt => ({
    bookingId: reference,
    status,
    programId: 'LTS58',
    sessionId: bookeo.scenario().bookable!.sessionId,
    price: { total: { amountMinor: 8500, currency: 'USD' } },
    payment: { method: 'provider_link', url: `${bookeo.url}/pay` },
    handoff: { url: `${bookeo.url}/register?reference=${reference}`, reference },
  });
  return alteredBookeo((base) => ({
    manifest: {
      ...base.manifest,
      capabilities: {
        catalog: 'native',
        fields: 'native',
        book: 'handoff',
        cancel: 'absent',
        idempotency: 'absent',
      },
    },
    hold: undefined,
    releaseHold: undefined,
    book: async (_context, request) => {
      const reference = `HO-${request.idempotencyKey}`;
      registrations.set(reference, 'pending');
      return receipt(reference, 'handoff_required');
    },
    getBooking: async (_context, { bookingId }) => {
      if (!registrations.has(bookingId)) {
        throw new ConnectorError('not_found', `No registration ${bookingId}.`);
      }
      let status = registrations.get(bookingId);
      if (statusSource === 'never-confirmed') status = 'pending';
      if (statusSource === 'always-confirmed') status = 'confirmed';
      return receipt(bookingId, status === 'confirmed' ? 'confirmed' : 'handoff_required');
    },
  }));
}

function handoffSandbox(withCompletion = true): ConformanceSandbox {
  const sandbox: ConformanceSandbox = {
    ...bookeo,
    scenario: () => ({ ...bookeo.scenario(), handoff: bookeo.scenario().bookable }),
    reset: async () => {
      registrations.clear();
      await bookeo.reset();
    },
  };
  if (withCompletion) {
    sandbox.completeHandoff = async ({ reference }, status) => {
      registrations.set(reference, status === 'confirmed' ? 'confirmed' : 'pending');
    };
  }
  return sandbox;
}

beforeAll(async () => {
  bookeo = await startSandbox();
});
afterAll(() => bookeo.stop());

describe('hand-off checks', () => {
  it('certify a hand-off connector at handoff', async () => {
    const connector = handoffConnector();
    const report = await runConformance({ connector, sandbox: handoffSandbox() });

    expect(listChecks(connector).map((check) => check.level)).not.toContain('full');
    expect(resultOf(report, 'handoff.receipt').verdict).toBe('passed');
    expect(resultOf(report, 'handoff.status-read-back').verdict).toBe('passed');
    expect(report.levelRequested).toBe('handoff');
    expect(report.checks.filter((check) => check.verdict !== 'passed')).toEqual([]);
    expect(report.levelReached).toBe('handoff');
  });

  it('fail a status that is not read back', async () => {
    const report = await runConformance({
      connector: handoffConnector('never-confirmed'),
      sandbox: handoffSandbox(),
      only: ['handoff.status-read-back'],
    });

    expect(resultOf(report, 'handoff.status-read-back').message).toMatch(
      /reports status "handoff_required" after the family completed the hand-off/,
    );
  });

  it('fail a status confirmed before the hand-off', async () => {
    const report = await runConformance({
      connector: handoffConnector('always-confirmed'),
      sandbox: handoffSandbox(),
      only: ['handoff.status-read-back'],
    });

    expect(resultOf(report, 'handoff.status-read-back').message).toMatch(
      /^getBooking\("HO-.+"\) reports status "confirmed" before the family completed the hand-off; expected "handoff_required" or "pending"\.$/,
    );
  });

  it('fail without completeHandoff', async () => {
    const report = await runConformance({
      connector: handoffConnector(),
      sandbox: handoffSandbox(false),
      only: ['handoff.status-read-back'],
    });

    expect(resultOf(report, 'handoff.status-read-back').message).toMatch(
      /sandbox has no completeHandoff/,
    );
  });
});
