import { describe, expect, it } from 'vitest';
import { closedLoopbackPort, sandboxVendor, SWIM_ACCOUNT, swimAnswers } from './bookeo-fixtures.js';
import { rejection, useBookeoHarness } from './bookeo-harness.js';

/** Operator details that must stay out of family-facing messages. */
const OPERATOR_DETAIL =
  /\b(GET|POST|DELETE)\b|HTTP|\/settings|\/bookings|127\.0\.0\.1|apiKey|secretKey|credentials|API key/;

describe('family-facing error messages', () => {
  const harness = useBookeoHarness();

  it('names the vendor, not the key, on rejected credentials', async () => {
    const vendor = sandboxVendor(harness.sandbox, SWIM_ACCOUNT, {
      credentials: { apiKey: 'WRONG-API-KEY-0001', secretKey: harness.sandbox.secretKey },
    });
    const hub = harness.hubWith([vendor]);
    const error = await rejection(
      hub.getProgram({ vendorId: 'riversideswim', programId: 'LTS58' }, { requestId: 'req-401' }),
    );

    expect(error.code).toBe('auth_failed');
    expect(error.message).toContain('Riverside Swim School');
    expect(error.message).not.toMatch(OPERATOR_DETAIL);
    const logged = harness.logger.entries.find(
      (entry) => entry.fields.errorCode === 'auth_failed' && entry.fields.requestId === 'req-401',
    );
    expect(logged?.fields).toMatchObject({
      vendorId: 'riversideswim',
      connectorId: 'bookeo',
      errorDetails: expect.objectContaining({ status: 401 }),
    });
    expect(logged?.fields.errorMessage).toContain('HTTP 401');
    expect(harness.logger.text()).not.toContain('WRONG-API-KEY-0001');
  });

  it('hides a missing credential field', async () => {
    const vendor = sandboxVendor(harness.sandbox, SWIM_ACCOUNT, {
      credentials: { secretKey: harness.sandbox.secretKey },
    });
    const hub = harness.hubWith([vendor]);
    const error = await rejection(
      hub.getProgram({ vendorId: 'riversideswim', programId: 'LTS58' }),
    );

    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('Riverside Swim School is not set up correctly');
    expect(error.message).not.toMatch(OPERATOR_DETAIL);
    expect(harness.logger.text()).toContain('credentials.apiKey');
  });

  it('hides the endpoint of an unreachable vendor', async () => {
    const port = await closedLoopbackPort();
    const vendor = sandboxVendor(harness.sandbox, SWIM_ACCOUNT, {
      config: { baseUrl: `http://127.0.0.1:${port}/v2` },
    });
    const hub = harness.hubWith([vendor]);
    const error = await rejection(
      hub.getProgram({ vendorId: 'riversideswim', programId: 'LTS58' }),
    );

    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toBe(
      "Riverside Swim School's booking system could not be reached. Try again in a few minutes.",
    );
    expect(harness.logger.text()).toContain('GET /settings/products');
  });

  it('stores a family message for a failed booking', async () => {
    const hub = harness.hubWith();
    const details = await hub.getProgram({ vendorId: 'riversideswim', programId: 'LTS58' });
    const prepared = await hub.prepareRegistration({
      vendorId: 'riversideswim',
      programId: 'LTS58',
      sessionId: details.sessions[0]!.id,
      ...swimAnswers(),
    });
    harness.sandbox.injectFault({
      kind: 'serverError',
      match: { method: 'POST', pathPrefix: '/bookings' },
      times: 10,
    });

    const error = await rejection(
      hub.confirmRegistration({ registrationId: prepared.registrationId }),
    );
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('Riverside Swim School');
    expect(error.message).not.toMatch(OPERATOR_DETAIL);
    expect(error.message).not.toContain('idempotency key');
    const stored = await hub.getRegistration({ registrationId: prepared.registrationId });
    expect(stored.error?.message).toBe(error.message);
  });

  it('keeps the sold-out message of the connector', async () => {
    const hub = harness.hubWith([
      sandboxVendor(harness.sandbox, SWIM_ACCOUNT, { capabilityOverrides: { holds: 'absent' } }),
    ]);
    const details = await hub.getProgram({ vendorId: 'riversideswim', programId: 'PRIVLESSON' });
    const request = {
      vendorId: 'riversideswim',
      programId: 'PRIVLESSON',
      sessionId: details.sessions[0]!.id,
      ...swimAnswers(),
      booking: {},
    };
    const winner = await hub.prepareRegistration(request);
    const loser = await hub.prepareRegistration(request);
    await hub.confirmRegistration({ registrationId: winner.registrationId });

    const error = await rejection(
      hub.confirmRegistration({ registrationId: loser.registrationId }),
    );
    expect(error.code).toBe('sold_out');
    expect(error.message).toBe('The session does not have enough seats left for this booking.');
  });
});
