import { createCampMinderConnector } from '@signupassist/connector-campminder';
import {
  PINE_LAKE_CLIENT_ID,
  startCampMinderSandbox,
  type CampMinderSandbox,
} from '@signupassist/connector-campminder/sandbox';
import type { AnyConnector } from '@signupassist/contract';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Hub, VendorRecord } from '../src/index.js';
import { VendorPaymentsSchema } from '../src/payments/config.js';
import { PERCENT_FEE, usePaymentsHarness } from './payments-harness.js';
import { stripeReference } from '../src/payments/context.js';

describe('fee of a hand-off registration', () => {
  const harness = usePaymentsHarness();
  let camps: CampMinderSandbox;

  beforeAll(async () => {
    camps = await startCampMinderSandbox();
  });

  afterAll(async () => {
    await camps.stop();
  });

  beforeEach(() => {
    camps.reset();
  });

  function campVendor(): VendorRecord {
    const camp = camps.camps.find((candidate) => candidate.clientId === PINE_LAKE_CLIENT_ID)!;
    return {
      id: 'pinelake',
      displayName: camp.name,
      connector: 'campminder',
      timeZone: camp.timeZone,
      status: 'live',
      config: camps.vendorConfig(PINE_LAKE_CLIENT_ID),
      credentials: camps.credentials(PINE_LAKE_CLIENT_ID),
      payments: VendorPaymentsSchema.parse(PERCENT_FEE),
    };
  }

  function campHub(): Hub {
    return harness.hubWith({
      vendors: [campVendor()],
      connectors: [createCampMinderConnector() as AnyConnector],
    });
  }

  async function prepareCamp(hub: Hub) {
    return hub.prepareRegistration({
      vendorId: 'pinelake',
      programId: 'group-11',
      sessionId: '1001-501',
      guardian: {
        firstName: 'Dana',
        lastName: 'Neil',
        email: 'dana.neil@example.com',
        phone: '+1 518 555 0100',
      },
      participants: [
        {
          category: 'camper',
          answers: { firstName: 'Ari', lastName: 'Neil', birthDate: '2016-05-01' },
        },
      ],
    });
  }

  it('captures once the camp enrolls the camper', async () => {
    const hub = campHub();
    const prepared = await prepareCamp(hub);
    expect(prepared.bookingMode).toBe('handoff');
    // 5 % of $4,250.00 is capped at $20.00.
    expect(prepared.payment?.successFee).toEqual({ amountMinor: 2_000, currency: 'USD' });
    await harness.pay(prepared.registrationId);

    const handedOff = await hub.confirmRegistration(prepared);
    expect(handedOff.receipt?.status).toBe('handoff_required');
    expect(handedOff.payment?.status).toBe('authorized');
    const waiting = await hub.getRegistration(prepared);
    expect(waiting.receipt?.status).toBe('handoff_required');
    expect(waiting.payment?.status).toBe('authorized');
    expect(harness.requestsTo(/\/capture$/)).toEqual([]);

    // The family finishes on the camp's form; an application is not an enrollment yet.
    camps.completeRegistration(handedOff.receipt!.handoff!.url, 'Applied');
    const applied = await hub.getRegistration(prepared);
    expect(applied.receipt?.status).toBe('pending');
    expect(applied.payment?.status).toBe('authorized');
    expect(harness.requestsTo(/\/capture$/)).toEqual([]);

    camps.setAttendeeStatus({
      clientId: PINE_LAKE_CLIENT_ID,
      email: 'dana.neil@example.com',
      sessionId: '1001-501',
      status: 'Enrolled',
    });
    const enrolled = await hub.getRegistration(prepared);
    expect(enrolled.receipt?.status).toBe('confirmed');
    expect(enrolled.payment?.status).toBe('captured');
    const captures = harness.requestsTo(/\/capture$/);
    expect(captures.map((entry) => entry.idempotencyKey)).toEqual([
      `${stripeReference(prepared.registrationId)}:capture:1`,
    ]);
  });

  it('captures through reconcile too', async () => {
    const hub = campHub();
    const prepared = await prepareCamp(hub);
    await harness.pay(prepared.registrationId);
    const handedOff = await hub.confirmRegistration(prepared);

    camps.completeRegistration(handedOff.receipt!.handoff!.url, 'Enrolled');
    const report = await hub.payments!.reconcile({ fix: true });
    expect(report.findings).toEqual([
      expect.objectContaining({ problem: 'confirmed_but_uncaptured', fixed: true }),
    ]);
    expect((await harness.payment(prepared.registrationId)).status).toBe('captured');
  });
});
