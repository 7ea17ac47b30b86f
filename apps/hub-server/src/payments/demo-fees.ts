import type { VendorPaymentsInput } from '@signupassist/mcp-hub';
import type { DemoVendor } from '../demo.js';

/**
 * Success fees of the demo vendors, by vendor id, so `npm start` shows each kind of policy:
 * - Riverside Swim School: a fixed 3.00 USD per registration;
 * - Prairie Day Camp: 3 % of the program total, at least 2.00 and at most 15.00 USD. One
 *   camper in the 350.00 USD summer camp pays 10.50, two pay the 15.00 cap, and the 15.00 USD
 *   extended care pays the 2.00 floor;
 * - Pine Lake Camp (CampMinder, registered by hand-off): a fixed 9.00 USD, charged once the
 *   camp reports the registration confirmed.
 * Other demo vendors, such as Maple Hollow Day Camp, charge no fee.
 */
export const DEMO_SUCCESS_FEES: Readonly<Record<string, VendorPaymentsInput>> = {
  'riverside-swim-school': {
    successFee: { type: 'fixed', amountMinor: 300, currency: 'USD' },
  },
  'prairie-day-camp': {
    successFee: { type: 'percent', percent: 3, minMinor: 200, maxMinor: 1500, currency: 'USD' },
  },
  'pine-lake-camp': {
    successFee: { type: 'fixed', amountMinor: 900, currency: 'USD' },
  },
};

/** Returns the demo vendors with the success fees of {@link DEMO_SUCCESS_FEES} attached. */
export function withDemoFees(vendors: readonly DemoVendor[]): DemoVendor[] {
  return vendors.map((vendor) => {
    const payments = DEMO_SUCCESS_FEES[vendor.id];
    return payments === undefined ? vendor : { ...vendor, payments: structuredClone(payments) };
  });
}
