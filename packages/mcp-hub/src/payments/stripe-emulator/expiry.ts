import { expireSession } from './checkout.js';
import { unexpectedState } from './errors.js';
import type { PaymentIntentObject } from './objects.js';
import { cancelPaymentIntent } from './payment-intents.js';
import type { EmulatorState, Scope } from './state.js';

/**
 * Expires what the emulator clock has passed: open Checkout Sessions after `expires_at`, and
 * authorizations after their charge's `capture_before` (Stripe cancels those with
 * `cancellation_reason: 'automatic'`). Returns how many objects expired.
 */
export function expireDue(state: EmulatorState): number {
  const now = state.nowSeconds();
  let expired = 0;
  for (const { owner, object: session } of state.sessions.all()) {
    if (session.status === 'open' && session.expires_at <= now) {
      expireSession(state, owner, session);
      expired += 1;
    }
  }
  for (const { owner, object: intent } of state.paymentIntents.all()) {
    const captureBefore = captureDeadline(state, owner, intent);
    if (intent.status === 'requires_capture' && captureBefore !== null && captureBefore <= now) {
      cancelPaymentIntent(state, owner, intent, 'automatic');
      expired += 1;
    }
  }
  return expired;
}

/** Lets an authorization lapse now, as Stripe does after about 7 days without capture. */
export function expireAuthorizationNow(
  state: EmulatorState,
  paymentIntentId: string,
): PaymentIntentObject {
  const row = state.paymentIntents.find(paymentIntentId);
  if (!row)
    throw new RangeError(
      `Unknown PaymentIntent ${paymentIntentId}: pass the id of an authorized PaymentIntent.`,
    );
  if (row.object.status !== 'requires_capture') {
    throw unexpectedState(
      `PaymentIntent ${paymentIntentId} has status ${row.object.status}; only requires_capture authorizations expire.`,
    );
  }
  return cancelPaymentIntent(state, row.owner, row.object, 'automatic');
}

function captureDeadline(
  state: EmulatorState,
  owner: Scope,
  intent: PaymentIntentObject,
): number | null {
  if (intent.latest_charge === null) return null;
  return state.charges.get(intent.latest_charge, owner).payment_method_details.card.capture_before;
}
