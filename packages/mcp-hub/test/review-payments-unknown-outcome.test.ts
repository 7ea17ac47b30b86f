import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { ConnectorError, type AnyConnector } from '@signupassist/contract';
import { describe, expect, it } from 'vitest';
import { UNKNOWN_OUTCOME_RETRY_WINDOW_MS } from '../src/registration/confirm.js';
import { rejection } from './bookeo-harness.js';
import { FakeClock } from './helpers.js';
import { usePaymentsHarness } from './payments-harness.js';

const DAY_MS = 24 * 60 * 60_000;

/** Builds the Bookeo connector whose booking request fails with an unknown outcome. */
function unreachableBooking(): AnyConnector {
  const bookeo = createBookeoConnector() as AnyConnector;
  return {
    ...bookeo,
    book: async () => {
      throw new ConnectorError('provider_unavailable', 'Bookeo did not answer.', {
        retryable: true,
      });
    },
  };
}

/**
 * A paid registration whose booking outcome stayed unknown. Within the retry window a confirm
 * may still find or make the booking; after it, the hub can never book or confirm it.
 */
describe('payment of a booking with unknown outcome', () => {
  const harness = usePaymentsHarness();

  async function unknownOutcome() {
    const clock = new FakeClock(new Date());
    const hub = harness.hubWith({ clock, connectors: [unreachableBooking()] });
    const prepared = await harness.prepareSwim(hub);
    await harness.pay(prepared.registrationId);
    const error = await rejection(hub.confirmRegistration(prepared));
    expect(error.code).toBe('provider_unavailable');
    const advance = (milliseconds: number) => {
      clock.advance(milliseconds);
      harness.stripe.advanceTime(milliseconds);
    };
    return { hub, prepared, advance };
  }

  it('keeps the authorization for a retry', async () => {
    const { hub, prepared, advance } = await unknownOutcome();
    advance(UNKNOWN_OUTCOME_RETRY_WINDOW_MS / 2);

    const view = await hub.getRegistration(prepared);

    expect(view.payment?.status).toBe('authorized');
  });

  it('releases it after the retry window', async () => {
    const { hub, prepared, advance } = await unknownOutcome();
    advance(UNKNOWN_OUTCOME_RETRY_WINDOW_MS + 60_000);

    const view = await hub.getRegistration(prepared);

    expect(view.payment?.status).toBe('canceled');
    const record = await harness.payment(prepared.registrationId);
    const intent = harness.stripe.getObject(record.paymentIntentId!) as unknown as {
      status: string;
    };
    expect(intent.status).toBe('canceled');
  });

  it('asks for no new payment later', async () => {
    const { hub, prepared, advance } = await unknownOutcome();
    advance(8 * DAY_MS);

    const report = await hub.payments!.reconcile({ fix: true });
    const view = await hub.getRegistration(prepared);

    expect(report.findings.map((finding) => finding.action)).not.toContain('new_payment_link');
    expect(view.payment?.status).not.toBe('owed');
    expect(view.payment?.checkoutUrl).toBeUndefined();
    expect(harness.requestsTo(/^\/v1\/checkout\/sessions$/)).toHaveLength(1);
  });
});
