import { ConnectorError, type Money } from '@signupassist/contract';
import { familyError } from '../family-errors.js';
import type { PriceBreakdown } from '../ledger/types.js';
import type { RoutedVendor } from '../router/provider-router.js';
import { vendorPayments, type PaymentHub } from './context.js';
import { isPaymentSettingsError } from './errors.js';
import { computeSuccessFee, feePolicyFor } from './fees.js';
import { isChargeable, stripeMinimumCharge } from './stripe-amounts.js';
import type { PaymentPath } from './types.js';

/** Path and amounts of a registration's payment, decided at prepare. */
export interface PaymentPlan {
  path: PaymentPath;
  /** Currency of every amount of the plan. */
  currency: string;
  /** SignupAssist's success fee in minor units; 0 on a Connect payment without a fee. */
  feeMinor: number;
  /** The program fee taken through Connect; absent on `success_fee`. */
  programFeeMinor?: number;
  /** The vendor's connected account, for a `connect` payment. */
  stripeAccount?: string;
}

/**
 * Decides how a registration is paid. The program fee goes through Stripe Connect (Path B)
 * when the vendor has `connect` settings, its capabilities do not exclude `connectPayments`,
 * Stripe can charge the program's price (see `isChargeable`), and the connected account can
 * take card payments now. Otherwise the vendor collects the program fee itself and the hub
 * takes only its success fee (Path A). Returns `undefined` when nothing is paid through the
 * hub, which includes a success fee below the smallest amount Stripe charges: such a fee
 * could never be authorized, and requiring it would keep the family from booking. A vendor
 * whose settings do not fit the program fails with a set-up error for the family, and the
 * operator's log names the setting and the fix.
 */
export async function planPayment(
  hub: PaymentHub,
  routed: RoutedVendor,
  programId: string,
  quote: PriceBreakdown | undefined,
  requestId: string,
): Promise<PaymentPlan | undefined> {
  const settings = vendorPayments(routed.vendor);
  if (!settings) return undefined;
  const { policy, field } = feePolicyFor(settings, programId);
  const total = quote?.total;

  try {
    const connect = settings.connect;
    const connectable =
      connect !== undefined &&
      routed.capabilities.connectPayments !== 'absent' &&
      total !== undefined &&
      isChargeable(total) &&
      (await hub.payments.accounts.isEligible(connect.accountId, routed.vendor.id));
    if (connectable) {
      const fee = computeSuccessFee(policy, total, { field, sameCurrency: true });
      return {
        path: 'connect',
        currency: total.currency,
        feeMinor: fee?.amountMinor ?? 0,
        programFeeMinor: total.amountMinor,
        stripeAccount: connect.accountId,
      };
    }

    const fee = computeSuccessFee(policy, total, { field });
    if (!fee) return undefined;
    if (!isChargeable(fee)) {
      logUnchargeableFee(hub, routed, fee, field, requestId);
      return undefined;
    }
    return { path: 'success_fee', currency: fee.currency, feeMinor: fee.amountMinor };
  } catch (error) {
    if (!isPaymentSettingsError(error)) throw error;
    hub.logger.error(
      { requestId, vendorId: routed.vendor.id, field: error.field, errorMessage: error.message },
      'Vendor payment settings do not fit the program',
    );
    throw familyError(
      new ConnectorError('invalid_request', error.message, { vendorId: routed.vendor.id }),
      routed.vendor.displayName,
      'setup',
    );
  }
}

/** Logs, for the operator, a success fee that is too small for Stripe and how to raise it. */
function logUnchargeableFee(
  hub: PaymentHub,
  routed: RoutedVendor,
  fee: Money,
  field: string,
  requestId: string,
): void {
  const minimumMinor = stripeMinimumCharge(fee.currency);
  hub.logger.warn(
    {
      requestId,
      vendorId: routed.vendor.id,
      field,
      feeMinor: fee.amountMinor,
      currency: fee.currency,
      minimumMinor,
      fix:
        `Raise ${field}.minMinor (percent) or ${field}.amountMinor (fixed) to at least ` +
        `${minimumMinor} to charge the fee.`,
    },
    'Success fee is below the smallest amount Stripe charges, so no fee is charged',
  );
}
