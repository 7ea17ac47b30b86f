import { isConnectorError } from '@signupassist/contract';
import type Stripe from 'stripe';
import { errorLogFields } from '../errors.js';
import { registrationRef } from '../registration/view.js';
import { openCheckout } from './checkout.js';
import { claimWrite, releaseClaim } from './claims.js';
import { idempotencyKey, type PaymentHub } from './context.js';
import { markCaptured, syncCheckout } from './intent-state.js';
import type { PaymentRecord } from './types.js';

/** Codes after which the hub reads Stripe's record to learn what happened to the payment. */
const STATE_CODES = new Set(['conflict', 'invalid_request', 'idempotency_mismatch']);

function writeOptions(payment: PaymentRecord, operation: string) {
  return {
    idempotencyKey: idempotencyKey(payment.registrationId, operation, payment.attempt),
    ...(payment.stripeAccount ? { stripeAccount: payment.stripeAccount } : {}),
  };
}

function logFields(payment: PaymentRecord, requestId: string | undefined) {
  return {
    ...(requestId ? { requestId } : {}),
    vendorId: payment.vendorId,
    registration: registrationRef(payment.registrationId),
    path: payment.path,
    attempt: payment.attempt,
  };
}

/** Note of a capture that failed and is tried again. */
const CAPTURE_RETRY_NOTE = 'The fee could not be captured yet; it is tried again.';

/**
 * Captures an authorized payment once the provider confirmed the registration. The capture
 * is claimed first (see {@link claimWrite}), so of several concurrent settles, in this process
 * or another one on the same database, only one calls Stripe and the others return the record
 * as it is. When Stripe rejects the capture because the authorization is gone, a new payment
 * link is issued (`owed`). A transient failure drops the claim and leaves the payment
 * authorized for the next refresh, webhook or reconcile.
 */
export async function capturePayment(
  hub: PaymentHub,
  payment: PaymentRecord,
  requestId?: string,
  amountToCapture?: number,
): Promise<PaymentRecord> {
  const claim = await claimWrite(hub, payment, 'capturedAt', 'authorized');
  if (!claim.claimed) return claim.record;
  const claimed = claim.record;

  try {
    const intent = await hub.payments.gateway.capturePaymentIntent(
      claimed.paymentIntentId!,
      writeOptions(claimed, 'capture'),
      amountToCapture,
    );
    return await markCaptured(hub, claimed, intent);
  } catch (error) {
    hub.logger.warn(
      { ...logFields(claimed, requestId), ...errorLogFields(error) },
      'Capture failed',
    );
    return afterFailedCapture(hub, claimed, error, requestId);
  }
}

/**
 * Records what a rejected capture left: Stripe's state of the PaymentIntent when the error
 * code means it differs from ours, else nothing. The claim is dropped unless the record moved on.
 */
async function afterFailedCapture(
  hub: PaymentHub,
  claimed: PaymentRecord,
  error: unknown,
  requestId: string | undefined,
): Promise<PaymentRecord> {
  if (isConnectorError(error) && STATE_CODES.has(error.code)) {
    try {
      const followed = await followIntent(hub, claimed, requestId);
      if (followed.version !== claimed.version) return followed;
    } catch (readError) {
      await releaseClaim(hub, claimed, 'capturedAt', CAPTURE_RETRY_NOTE);
      throw readError;
    }
  }
  return releaseClaim(hub, claimed, 'capturedAt', CAPTURE_RETRY_NOTE);
}

/**
 * Reads the PaymentIntent of an authorized payment and records its state: captured, or gone
 * (cancelled or lapsed), which issues a new payment link.
 */
export async function followIntent(
  hub: PaymentHub,
  payment: PaymentRecord,
  requestId?: string,
): Promise<PaymentRecord> {
  const intent = await hub.payments.gateway.retrievePaymentIntent(
    payment.paymentIntentId!,
    payment.stripeAccount,
  );
  if (intent.status === 'succeeded') return markCaptured(hub, payment, intent);
  if (intent.status === 'canceled') {
    return newPaymentAttempt(hub, payment, { status: 'owed', cancelOld: false, requestId });
  }
  return payment;
}

/** Options of {@link newPaymentAttempt}. */
interface NewAttemptOptions {
  /**
   * `owed` when an authorization lapsed, `checkout_pending` when the family never paid the
   * last link.
   */
  status: 'owed' | 'checkout_pending';
  /** Whether to cancel the old PaymentIntent first; false when Stripe already did. */
  cancelOld: boolean;
  requestId?: string;
}

/**
 * Replaces a payment link that can no longer be used. The record moves to the next attempt,
 * which is part of every idempotency key, and a new Checkout Session is opened. `owed` marks
 * an authorization that lapsed before the fee was captured.
 */
export async function newPaymentAttempt(
  hub: PaymentHub,
  payment: PaymentRecord,
  options: NewAttemptOptions,
): Promise<PaymentRecord> {
  let current = payment;
  if (options.cancelOld && payment.paymentIntentId) {
    // Claimed like a release, so concurrent settles send one cancel and issue one link.
    const claim = await claimWrite(hub, payment, 'canceledAt', 'authorized');
    if (!claim.claimed) return claim.record;
    current = claim.record;
    try {
      await hub.payments.gateway.cancelPaymentIntent(
        payment.paymentIntentId,
        writeOptions(payment, 'cancel'),
      );
    } catch {
      // The gateway logged it; a lapsed authorization is released by the card network anyway.
    }
  }
  const lapsed = options.status === 'owed';
  const moved = await hub.payments.store.update(
    payment.registrationId,
    {
      status: options.status,
      attempt: payment.attempt + 1,
      checkoutSessionId: null,
      checkoutUrl: null,
      paymentIntentId: null,
      authorizedAt: null,
      authorizationExpiresAt: null,
      capturedAt: null,
      canceledAt: null,
      lastError: lapsed
        ? 'The card authorization lapsed before the fee was captured.'
        : 'The last payment link was not used in time.',
    },
    { version: current.version },
  );
  if (!moved.updated) return moved.record;
  hub.logger.info(
    logFields(moved.record, options.requestId),
    lapsed ? 'Authorization lapsed; a new payment link is issued' : 'New payment link issued',
  );
  try {
    return await openCheckout(hub, moved.record, options.requestId);
  } catch {
    // The gateway logged it; get_registration and confirm create the link later.
    return moved.record;
  }
}

/**
 * Releases a payment whose registration will not happen: cancels the authorization, or
 * expires the Checkout Session the family has not paid yet. A session the family completed
 * meanwhile has its new authorization cancelled too.
 */
export async function releasePayment(
  hub: PaymentHub,
  payment: PaymentRecord,
  requestId?: string,
): Promise<PaymentRecord> {
  if (payment.status === 'authorized') return cancelAuthorization(hub, payment, requestId);
  if (payment.status !== 'checkout_pending' && payment.status !== 'owed') return payment;
  if (!payment.checkoutSessionId) return markCanceled(hub, payment, ['checkout_pending', 'owed']);

  try {
    await hub.payments.gateway.expireCheckoutSession(
      payment.checkoutSessionId,
      writeOptions(payment, 'expire'),
    );
    return await markCanceled(hub, payment, ['checkout_pending', 'owed']);
  } catch (error) {
    if (!isConnectorError(error) || !STATE_CODES.has(error.code)) throw error;
    // The session is complete or expired already: see which, and release what it left.
    const { record: current } = await syncCheckout(hub, payment);
    if (current.status === 'authorized') return cancelAuthorization(hub, current, requestId);
    return markCanceled(hub, current, ['checkout_pending', 'owed']);
  }
}

/**
 * Cancels an authorization at Stripe and records it. The cancel is claimed first (see
 * {@link claimWrite}), so concurrent releases send it once and the others return the record.
 */
async function cancelAuthorization(
  hub: PaymentHub,
  payment: PaymentRecord,
  requestId: string | undefined,
): Promise<PaymentRecord> {
  const claim = await claimWrite(hub, payment, 'canceledAt', 'authorized');
  if (!claim.claimed) return claim.record;
  const claimed = claim.record;
  try {
    await hub.payments.gateway.cancelPaymentIntent(
      claimed.paymentIntentId!,
      writeOptions(claimed, 'cancel'),
    );
  } catch (error) {
    const captured = await afterFailedCancel(hub, claimed, error, requestId);
    if (captured) return captured;
  }
  const record = await markCanceled(hub, claimed, ['authorized']);
  hub.logger.info(logFields(claimed, requestId), 'Authorization released');
  return record;
}

/**
 * Reads the PaymentIntent after a rejected cancel. Returns the record when Stripe captured it,
 * and `undefined` when Stripe cancelled it already. Otherwise drops the claim and rethrows.
 */
async function afterFailedCancel(
  hub: PaymentHub,
  claimed: PaymentRecord,
  error: unknown,
  requestId: string | undefined,
): Promise<PaymentRecord | undefined> {
  try {
    if (!isConnectorError(error) || !STATE_CODES.has(error.code)) throw error;
    const intent = await hub.payments.gateway.retrievePaymentIntent(
      claimed.paymentIntentId!,
      claimed.stripeAccount,
    );
    if (intent.status === 'succeeded') {
      hub.logger.error(
        logFields(claimed, requestId),
        'Payment to release was captured already; reconcile reports it',
      );
      return await markCaptured(hub, claimed, intent);
    }
    if (intent.status !== 'canceled') throw error;
    return undefined;
  } catch (failure) {
    await releaseClaim(hub, claimed, 'canceledAt');
    throw failure;
  }
}

async function markCanceled(
  hub: PaymentHub,
  payment: PaymentRecord,
  from: PaymentRecord['status'][],
): Promise<PaymentRecord> {
  const result = await hub.payments.store.update(
    payment.registrationId,
    { status: 'canceled', canceledAt: hub.clock.now() },
    { status: from },
  );
  return result.record;
}

/**
 * Refunds a captured Connect payment in full, the application fee included. Only Connect
 * payments are refunded: a success fee alone stays, because the registration happened.
 */
export async function refundPayment(
  hub: PaymentHub,
  payment: PaymentRecord,
  requestId?: string,
): Promise<PaymentRecord> {
  if (payment.status !== 'captured' || payment.path !== 'connect') return payment;
  // Claimed first, so concurrent cancellations send one refund; the others return the record.
  const claim = await claimWrite(hub, payment, 'refundedAt', 'captured');
  if (!claim.claimed) return claim.record;
  const claimed = claim.record;
  let refund: Stripe.Refund;
  try {
    refund = await hub.payments.gateway.refundPaymentIntent(
      claimed.paymentIntentId!,
      writeOptions(claimed, 'refund'),
    );
  } catch (error) {
    await releaseClaim(hub, claimed, 'refundedAt');
    throw error;
  }
  const result = await hub.payments.store.update(
    payment.registrationId,
    { status: 'refunded', refundedAt: hub.clock.now(), refundedMinor: refund.amount },
    { status: ['captured'] },
  );
  hub.logger.info(
    { ...logFields(claimed, requestId), refundedMinor: refund.amount },
    'Payment refunded',
  );
  return result.record;
}
