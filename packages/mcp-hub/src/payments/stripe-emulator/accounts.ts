import { StripeApiError, invalidRequest } from './errors.js';
import { randomToken } from './ids.js';
import type { AccountObject, CapabilityStatus } from './objects.js';
import type { EmulatorState, Scope } from './state.js';

/** A connected account the emulator starts with. */
export interface AccountSeed {
  /** Account id, such as `acct_1VendorSwimSchool`; generated when absent. */
  id?: string;
  /** Whether the account can take charges; defaults to true. */
  charges_enabled?: boolean;
  /** Status of the `card_payments` capability; defaults to `active`. */
  card_payments?: CapabilityStatus;
  /** Two-letter country code; defaults to `US`. */
  country?: string;
  /** Lower-case currency code; defaults to `usd`. */
  default_currency?: string;
  /** Business name shown on the hosted checkout page. */
  business_name?: string;
}

/** The account fields `setAccount` changes. */
export interface AccountChange {
  charges_enabled?: boolean;
  card_payments?: CapabilityStatus;
  payouts_enabled?: boolean;
}

/** Builds a Stripe account object from a seed. */
export function buildAccount(seed: AccountSeed, created: number): AccountObject {
  const chargesEnabled = seed.charges_enabled ?? true;
  const id = seed.id ?? `acct_1${randomToken(15)}`;
  if (!/^acct_[A-Za-z0-9]+$/.test(id)) {
    throw new TypeError(
      `Invalid account id ${JSON.stringify(id)}: use acct_ followed by letters and digits.`,
    );
  }
  return {
    id,
    object: 'account',
    business_profile: { name: seed.business_name ?? null, url: null },
    business_type: 'company',
    capabilities: { card_payments: seed.card_payments ?? 'active', transfers: 'active' },
    charges_enabled: chargesEnabled,
    controller: { type: 'account' },
    country: seed.country ?? 'US',
    created,
    default_currency: seed.default_currency ?? 'usd',
    details_submitted: true,
    email: null,
    metadata: {},
    payouts_enabled: chargesEnabled,
    requirements: requirementsFor(chargesEnabled),
    type: 'standard',
  };
}

function requirementsFor(chargesEnabled: boolean): AccountObject['requirements'] {
  return {
    currently_due: chargesEnabled ? [] : ['external_account'],
    disabled_reason: chargesEnabled ? null : 'requirements.past_due',
    eventually_due: chargesEnabled ? [] : ['external_account'],
    past_due: chargesEnabled ? [] : ['external_account'],
    pending_verification: [],
  };
}

/**
 * Changes a connected account, creating it when unknown, and emits `account.updated` with the
 * previous values, as Stripe sends it to Connect endpoints.
 */
export function changeAccount(
  state: EmulatorState,
  id: string,
  change: AccountChange,
): AccountObject {
  let account = state.accounts.get(id);
  if (!account) {
    account = buildAccount(
      { id, charges_enabled: false, card_payments: 'inactive' },
      state.nowSeconds(),
    );
    state.accounts.set(id, account);
  }

  const previous: Record<string, unknown> = {};
  if (change.charges_enabled !== undefined && change.charges_enabled !== account.charges_enabled) {
    previous.charges_enabled = account.charges_enabled;
    previous.requirements = account.requirements;
    account.charges_enabled = change.charges_enabled;
    account.requirements = requirementsFor(change.charges_enabled);
  }
  if (change.payouts_enabled !== undefined && change.payouts_enabled !== account.payouts_enabled) {
    previous.payouts_enabled = account.payouts_enabled;
    account.payouts_enabled = change.payouts_enabled;
  }
  if (
    change.card_payments !== undefined &&
    change.card_payments !== account.capabilities.card_payments
  ) {
    previous.capabilities = { ...account.capabilities };
    account.capabilities = { ...account.capabilities, card_payments: change.card_payments };
  }

  if (Object.keys(previous).length > 0) state.emit('account.updated', account, id, previous);
  return account;
}

/**
 * Returns the scope of a request from its `Stripe-Account` header. An account the platform
 * is not connected to gets Stripe's 403.
 */
export function scopeOf(state: EmulatorState, header: string | null, maskedKey: string): Scope {
  if (header === null || header === '') return null;
  if (state.accounts.has(header)) return header;
  throw new StripeApiError(
    403,
    'invalid_request_error',
    `The provided key '${maskedKey}' does not have access to account '${header}' (or that account does not exist). Connect the account or check the Stripe-Account header.`,
    { code: 'account_invalid' },
  );
}

/** `GET /v1/accounts/:id`: the platform reads a connected account, or an account itself. */
export function retrieveAccount(
  state: EmulatorState,
  id: string,
  scope: Scope,
  maskedKey: string,
): AccountObject {
  const account = state.accounts.get(id);
  if (!account || (scope !== null && scope !== id)) {
    throw new StripeApiError(
      403,
      'invalid_request_error',
      `The provided key '${maskedKey}' does not have access to account '${id}' (or that account does not exist). Check the account id.`,
      { code: 'account_invalid' },
    );
  }
  return account;
}

/** `GET /v1/account`: the account of the request, which the emulator has only for connected accounts. */
export function retrieveOwnAccount(state: EmulatorState, scope: Scope): AccountObject {
  if (scope === null) {
    throw invalidRequest(
      'The emulator has no platform account object; pass a Stripe-Account header or call GET /v1/accounts/:id.',
    );
  }
  return state.accounts.get(scope) as AccountObject;
}

/**
 * Checks that a connected account can take card payments, as Stripe does before a direct
 * charge. The platform (scope `null`) always can.
 */
export function assertCanCharge(state: EmulatorState, scope: Scope): void {
  if (scope === null) return;
  const account = state.accounts.get(scope) as AccountObject;
  if (!account.charges_enabled) {
    throw invalidRequest(
      `The connected account ${scope} cannot currently make charges because charges_enabled is false. The account must finish onboarding first.`,
      { code: 'account_invalid' },
    );
  }
  if (account.capabilities.card_payments !== 'active') {
    throw invalidRequest(
      `The connected account ${scope} cannot take card payments because its card_payments capability is ${account.capabilities.card_payments}. Request the capability first.`,
      { code: 'account_invalid' },
    );
  }
}
