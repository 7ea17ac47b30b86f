import { ConnectorError, type Clock } from '@signupassist/contract';

/** Settings of {@link StatusRefreshLimiter}. */
export interface StatusRefreshLimits {
  /** Read-backs a vendor may receive at once after a quiet spell; default 10. */
  burst?: number;
  /** Read-backs per second a vendor receives in the long run; default 2. */
  perSecond?: number;
}

/** Outcome of {@link StatusRefreshLimiter.take}. */
export type RefreshSlot = { allowed: true } | { allowed: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Limits how often `get_registration` reads a vendor's bookings back from the provider, one
 * token bucket per vendor. Hand-off registrations are confirmed only by such read-backs, so a
 * chat client polling for a family's status could otherwise spend the vendor's API quota. The
 * buckets live in this process; several hub processes each keep their own.
 */
export class StatusRefreshLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly burst: number;
  private readonly perMs: number;

  constructor(
    private readonly clock: Clock,
    limits: StatusRefreshLimits = {},
  ) {
    this.burst = limits.burst ?? 10;
    const perSecond = limits.perSecond ?? 2;
    if (!Number.isFinite(this.burst) || this.burst < 1) {
      throw new ConnectorError(
        'invalid_request',
        `Invalid statusRefresh.burst ${this.burst}: set it to 1 or more.`,
      );
    }
    if (!Number.isFinite(perSecond) || perSecond <= 0) {
      throw new ConnectorError(
        'invalid_request',
        `Invalid statusRefresh.perSecond ${perSecond}: set it above 0.`,
      );
    }
    this.perMs = perSecond / 1000;
  }

  /** Takes a token from the vendor's bucket, or returns the wait until one is free. */
  take(vendorId: string): RefreshSlot {
    const now = this.clock.now().getTime();
    const bucket = this.buckets.get(vendorId) ?? { tokens: this.burst, updatedAt: now };
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(this.burst, bucket.tokens + elapsed * this.perMs);
    bucket.updatedAt = now;
    this.buckets.set(vendorId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / this.perMs) };
  }
}
