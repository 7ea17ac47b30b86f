import { newId } from './ids.js';
import type { ApplicationFeeObject, ChargeObject } from './objects.js';
import type { EmulatorState } from './state.js';

/**
 * Creates the platform's application fee for a captured direct charge on `account` and emits
 * `application_fee.created`. The fee belongs to the platform, so its events carry no `account`.
 */
export function applicationFeeFor(
  state: EmulatorState,
  account: string,
  charge: ChargeObject,
  amount: number,
): ApplicationFeeObject {
  const fee: ApplicationFeeObject = {
    id: newId('fee'),
    object: 'application_fee',
    account,
    amount,
    amount_refunded: 0,
    application: state.applicationId,
    charge: charge.id,
    created: state.nowSeconds(),
    currency: charge.currency,
    livemode: false,
    refunded: false,
  };
  state.applicationFees.insert(null, fee);
  state.emit('application_fee.created', fee, null);
  return fee;
}

/**
 * Refunds the share of an application fee that matches a refund of `refundAmount` out of the
 * charge's captured amount, because Stripe refunds the fee in proportion, and emits
 * `application_fee.refunded`. The refund that empties the charge takes whatever is left of
 * the fee, so rounding never leaves a remainder. Call it after updating `amount_refunded`.
 */
export function refundApplicationFee(
  state: EmulatorState,
  feeId: string,
  charge: ChargeObject,
  refundAmount: number,
): void {
  const fee = state.applicationFees.get(feeId, null);
  const remaining = fee.amount - fee.amount_refunded;
  const chargeFullyRefunded = charge.amount_refunded >= charge.amount;
  const share = chargeFullyRefunded
    ? remaining
    : Math.min(remaining, Math.round((fee.amount * refundAmount) / charge.amount_captured));
  if (share <= 0) return;

  const previous = { amount_refunded: fee.amount_refunded, refunded: fee.refunded };
  fee.amount_refunded += share;
  fee.refunded = fee.amount_refunded >= fee.amount;
  state.emit('application_fee.refunded', fee, null, previous);
}
