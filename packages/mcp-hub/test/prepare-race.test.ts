import { isConnectorError } from '@signupassist/contract';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../src/index.js';
import { SWIM_ACCOUNT, swimAnswers } from './bookeo-fixtures.js';
import { rejection, useBookeoHarness } from './bookeo-harness.js';

describe('prepares that share an idempotency key', () => {
  const harness = useBookeoHarness();

  async function swimTarget(hub: Hub) {
    const details = await hub.getProgram({ vendorId: 'riversideswim', programId: 'LTS58' });
    return { vendorId: 'riversideswim', programId: 'LTS58', sessionId: details.sessions[0]!.id };
  }

  function holdsPlaced(): number {
    return harness.sandbox.requests({ method: 'POST', pathPrefix: '/holds' }).length;
  }

  it('holds the last seat once across two hubs', async () => {
    const first = harness.hubWith(undefined, { ledger: harness.openLedger('shared.sqlite') });
    const second = harness.hubWith(undefined, { ledger: harness.openLedger('shared.sqlite') });
    const target = await swimTarget(first);
    // Other families hold 7 of the session's 8 seats.
    for (let family = 0; family < 7; family += 1) {
      await first.prepareRegistration({ ...target, ...swimAnswers() });
    }
    expect(harness.sandbox.seatsLeft(SWIM_ACCOUNT, target.sessionId)).toBe(1);

    // A client that retries a slow prepare sends the same key and answers again.
    const request = { ...target, ...swimAnswers(), idempotencyKey: 'client-retry-key-0001' };
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, index) =>
        (index % 2 === 0 ? first : second).prepareRegistration(request),
      ),
    );

    const errors = results.flatMap((result) =>
      result.status === 'rejected'
        ? [isConnectorError(result.reason) ? result.reason.code : String(result.reason)]
        : [],
    );
    expect(errors).toEqual([]);
    const ids = results.map((result) =>
      result.status === 'fulfilled' ? result.value.registrationId : undefined,
    );
    expect(new Set(ids).size).toBe(1);
    expect(holdsPlaced()).toBe(8);
    expect(harness.sandbox.seatsLeft(SWIM_ACCOUNT, target.sessionId)).toBe(0);
  });

  it('rejects other answers while the key is in use', async () => {
    const hub = harness.hubWith();
    const target = await swimTarget(hub);
    harness.sandbox.injectFault({
      kind: 'latency',
      ms: 500,
      match: { method: 'POST', pathPrefix: '/holds' },
    });
    const key = 'client-retry-key-0002';
    const winner = hub.prepareRegistration({ ...target, ...swimAnswers(), idempotencyKey: key });
    // Let the first prepare reserve the key and reach its hold.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const answers = swimAnswers();
    const error = await rejection(
      hub.prepareRegistration({
        ...target,
        ...answers,
        booking: { ...answers.booking, option_SWIMLEVEL: 'Advanced' },
        idempotencyKey: key,
      }),
    );

    expect(error.code).toBe('idempotency_mismatch');
    expect((await winner).state).toBe('prepared');
    expect(holdsPlaced()).toBe(1);
  });

  it('frees the key when a prepare fails', async () => {
    const hub = harness.hubWith();
    const target = await swimTarget(hub);
    const request = { ...target, ...swimAnswers(), idempotencyKey: 'client-retry-key-0003' };
    harness.sandbox.injectFault({
      kind: 'serverError',
      match: { method: 'POST', pathPrefix: '/holds' },
    });

    const failed = await rejection(hub.prepareRegistration(request));
    expect(failed.code).toBe('provider_unavailable');
    const started = Date.now();
    const retried = await hub.prepareRegistration(request);
    expect(retried.state).toBe('prepared');
    // The retry takes the key at once instead of waiting for the failed prepare.
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
