import type { Clock } from '@signupassist/contract';
import type Stripe from 'stripe';
import { errorLogFields } from '../errors.js';
import type { HubLogger } from '../logging.js';
import type { StripeGateway } from './gateway.js';

/** How long a connected account's status is reused before it is read again, in milliseconds. */
export const ACCOUNT_CACHE_MS = 5 * 60_000;

interface CachedAccount {
  eligible: boolean;
  fetchedAt: number;
}

/** Checks whether a connected account may take card payments as direct charges now. */
export function canTakeDirectCharges(account: Stripe.Account): boolean {
  return account.charges_enabled === true && account.capabilities?.card_payments === 'active';
}

/**
 * Connected accounts' eligibility for direct charges, read with `accounts.retrieve` and kept
 * for {@link ACCOUNT_CACHE_MS}. `account.updated` webhooks replace an entry at once. The cache
 * lives in this process, so each hub process reads an account about once per period.
 */
export class ConnectAccounts {
  private readonly cache = new Map<string, CachedAccount>();

  constructor(
    private readonly gateway: StripeGateway,
    private readonly clock: Clock,
    private readonly logger: HubLogger,
  ) {}

  /**
   * Checks whether the account has `charges_enabled` and active card payments. An account
   * that cannot be read counts as not eligible, so the family is never sent to pay a program
   * fee that the account cannot take. That result is not cached.
   */
  async isEligible(accountId: string, vendorId: string): Promise<boolean> {
    const now = this.clock.now().getTime();
    const cached = this.cache.get(accountId);
    if (cached && now - cached.fetchedAt < ACCOUNT_CACHE_MS) return cached.eligible;

    try {
      const account = await this.gateway.retrieveAccount(accountId);
      return this.remember(account, now);
    } catch (error) {
      this.logger.warn(
        { vendorId, stripeAccount: accountId, ...errorLogFields(error) },
        'Connected account could not be read; the program fee is not taken through Stripe',
      );
      return false;
    }
  }

  /** Replaces the cached status of an account, from an `account.updated` event. */
  update(account: Stripe.Account): void {
    this.remember(account, this.clock.now().getTime());
  }

  private remember(account: Stripe.Account, now: number): boolean {
    const eligible = canTakeDirectCharges(account);
    this.cache.set(account.id, { eligible, fetchedAt: now });
    return eligible;
  }
}
