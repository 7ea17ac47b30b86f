import { STRIPE_REQUEST_TIMEOUT_MS } from './gateway.js';
import type { PaymentHub } from './context.js';
import type { PaymentRecord, PaymentStatus } from './types.js';

/**
 * How long a claim on a Stripe write stops other requests from sending it: longer than one
 * request with the SDK's two retries after timeouts. After that the claimer is taken to have
 * crashed and the next settle claims again, which the idempotency key keeps safe.
 */
export const CLAIM_LEASE_MS = 4 * STRIPE_REQUEST_TIMEOUT_MS;

/**
 * Field that stores the claim time while the payment keeps the status before the write.
 * A capture uses `capturedAt` and a cancel `canceledAt` on an `authorized` payment, and a
 * refund uses `refundedAt` on a `captured` one. Recording Stripe's result overwrites it.
 */
export type ClaimField = 'capturedAt' | 'canceledAt' | 'refundedAt';

/** Checks whether another request claimed this write less than {@link CLAIM_LEASE_MS} ago. */
export function claimHeld(payment: PaymentRecord, field: ClaimField, now: Date): boolean {
  const claimedAt = payment[field];
  return claimedAt !== undefined && now.getTime() - claimedAt.getTime() < CLAIM_LEASE_MS;
}

/** Result of {@link claimWrite}. */
export type Claim =
  { claimed: true; record: PaymentRecord } | { claimed: false; record: PaymentRecord };

/**
 * Claims the Stripe write stored in `field` on a payment in `status`, by a compare-and-set on
 * the version the caller read. Of several requests, in one process or several sharing the
 * database, only the one whose update applies sends the write. The others get the record as
 * it is now, and so does every request while the claim is held.
 */
export async function claimWrite(
  hub: PaymentHub,
  payment: PaymentRecord,
  field: ClaimField,
  status: PaymentStatus,
): Promise<Claim> {
  if (payment.status !== status || claimHeld(payment, field, hub.clock.now())) {
    return { claimed: false, record: payment };
  }
  const result = await hub.payments.store.update(
    payment.registrationId,
    { [field]: hub.clock.now(), lastError: null },
    { status: [status], version: payment.version },
  );
  return result.updated
    ? { claimed: true, record: result.record }
    : { claimed: false, record: result.record };
}

/**
 * Drops a claim after its write failed, so the next refresh, webhook or reconcile may try
 * again at once. Applies only while the record is as the claimer left it.
 */
export async function releaseClaim(
  hub: PaymentHub,
  claimed: PaymentRecord,
  field: ClaimField,
  lastError?: string,
): Promise<PaymentRecord> {
  const result = await hub.payments.store.update(
    claimed.registrationId,
    { [field]: null, ...(lastError ? { lastError } : {}) },
    { status: [claimed.status], version: claimed.version },
  );
  return result.record;
}
