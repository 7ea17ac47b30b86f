/**
 * Fix texts for problems in a vendor's `payments` settings, by the field the problem is in.
 * Both the registry and the vendors file append them to the zod message.
 */

const FEE_POLICY_EXAMPLE = '{"type": "fixed", "amountMinor": 300, "currency": "USD"}';

/** Fixes for the last segment of a field path inside a fee policy or the Connect settings. */
const FIELD_FIXES: Readonly<Record<string, string>> = {
  type:
    'use "none", "fixed" (with amountMinor and currency) or "percent" (with percent, ' +
    'currency and optional minMinor and maxMinor)',
  amountMinor:
    'give the fee as an integer above 0 in minor units of its currency, e.g. 300 for 3.00 USD',
  percent: 'give a percentage above 0 and at most 100, e.g. 5 or 2.5',
  minMinor: 'give an integer of minor units, not above maxMinor',
  maxMinor: 'give an integer of minor units, not below minMinor',
  currency: 'use an ISO 4217 code in capitals, e.g. "USD"',
  accountId: 'give the vendor\'s connected Stripe account id, e.g. "acct_1Nv0FGQ9RKHgCVdK"',
  refundPolicy: 'use "full", "before_start" or "none", or leave it out for "full"',
};

/**
 * Returns how to fix a problem at `path`, the path below `payments` (empty for `payments`
 * itself). With `unknownKeys`, the problem is unknown keys in the object at `path`.
 */
export function paymentsFix(path: readonly PropertyKey[], unknownKeys = false): string {
  const segments = path.map(String);
  const [section] = segments;
  if (section === undefined) {
    return unknownKeys
      ? 'payments takes successFee, successFeeByProgram and connect only'
      : 'give an object with successFee and optionally successFeeByProgram and connect';
  }
  if (section === 'connect') {
    if (unknownKeys || segments.length === 1) {
      return 'give {"accountId": "acct_…", "refundPolicy": "full"}, or leave connect out';
    }
    return FIELD_FIXES[segments[1]!] ?? 'remove the unknown field or fix its name';
  }
  if (section === 'successFeeByProgram' && segments.length <= 2 && !unknownKeys) {
    return 'map canonical program ids to fee policies, e.g. ' + `{"prog-1": ${FEE_POLICY_EXAMPLE}}`;
  }
  if (section === 'successFee' || section === 'successFeeByProgram') {
    return feePolicyFix(segments.slice(section === 'successFee' ? 1 : 2), unknownKeys);
  }
  return 'remove the unknown field or fix its name';
}

/** Returns the fix inside one fee policy; `path` is relative to the policy. */
function feePolicyFix(path: readonly string[], unknownKeys: boolean): string {
  if (unknownKeys) {
    return 'a "fixed" policy takes amountMinor and currency; a "percent" policy takes percent, currency, minMinor and maxMinor; "none" takes nothing else';
  }
  const field = path[0];
  if (field === undefined) return `give a fee policy, e.g. ${FEE_POLICY_EXAMPLE}`;
  return FIELD_FIXES[field] ?? 'remove the unknown field or fix its name';
}
