import { ConnectorError } from '@signupassist/contract';
import type { HubContext } from '../hub-context.js';
import type { KeyReservation, RegistrationRecord } from '../ledger/types.js';
import { delay } from '../router/abort.js';

/** Builds the error of a client key that another, different request already uses. */
export function keyMismatchError(): ConnectorError {
  return new ConnectorError(
    'idempotency_mismatch',
    'This idempotency key was already used for a different registration. Use a new key for new details.',
  );
}

/**
 * Reserves a client's idempotency key before a prepare calls any provider, so concurrent
 * prepares with one key (in this process or others sharing the ledger) place one hold. Returns
 * undefined when this call owns the key and goes on to prepare. When another prepare owns it,
 * waits for that registration and returns it. Throws `idempotency_mismatch` when the other
 * request differs, and a retryable `conflict` when it does not finish within `prepareWaitMs`.
 */
export async function reserveKey(
  hub: HubContext,
  reservation: KeyReservation,
): Promise<RegistrationRecord | undefined> {
  const deadline = Date.now() + hub.timings.prepareWaitMs;
  for (;;) {
    const result = await hub.ledger.reserveIdempotencyKey(reservation);
    if (result.kind === 'reserved') return undefined;

    const fingerprint =
      result.kind === 'registered' ? result.record.fingerprint : result.fingerprint;
    if (fingerprint !== reservation.fingerprint) throw keyMismatchError();
    if (result.kind === 'registered') return result.record;

    if (Date.now() >= deadline) {
      throw new ConnectorError(
        'conflict',
        'A prepare with this idempotency key is still running. Send the same request again in a minute to get its registration.',
        { retryable: true },
      );
    }
    // When the owner fails, its reservation is dropped and the next round takes the key.
    await delay(hub.timings.confirmPollMs);
  }
}
