import Stripe from 'stripe';
import type { HubLogger } from '../logging.js';
import { stripeFailure, type StripeOperation } from './stripe-errors.js';

/** Settings of the hub's Stripe account. */
export interface StripeSettings {
  /** Secret API key, `sk_test_…` or `sk_live_…`; never logged. */
  secretKey: string;
  /** Signing secret (`whsec_…`) of the platform webhook endpoint. */
  webhookSecret: string;
  /** Signing secret (`whsec_…`) of the Connect webhook endpoint, for direct charges. */
  connectWebhookSecret?: string;
  /** Loopback emulator instead of api.stripe.com, such as `{ host, port, protocol: 'http' }`. */
  endpoint?: { host: string; port: number; protocol: 'http' | 'https' };
  /**
   * Page Checkout sends the family to after paying; the hub serves it. May contain
   * `{CHECKOUT_SESSION_ID}`, which Stripe replaces.
   */
  successUrl: string;
  /** Page Checkout sends the family to when they leave without paying. */
  cancelUrl: string;
}

/** Result of {@link HubPayments.handleWebhook}. */
export interface WebhookOutcome {
  eventId: string;
  /** `duplicate` for an event processed before, `ignored` for a type the hub does not use. */
  outcome: 'processed' | 'duplicate' | 'ignored';
}

/** One registration whose booking and payment disagree. */
export interface ReconcileFinding {
  /** The registration's token, for callers that act on it; never print or log it. */
  registrationId: string;
  /** The registration's reference as the hub's logs name it (16 hex digits of its hash). */
  registration: string;
  vendorId: string;
  /** Kind of disagreement, such as `confirmed_but_uncaptured`. */
  problem: string;
  /** Repair the hub made or would make, such as `capture`; absent when an operator decides. */
  action?: string;
  /** Whether the action was taken and succeeded. */
  fixed: boolean;
}

/** Result of {@link HubPayments.reconcile}. */
export interface ReconcileReport {
  /** Payments looked at. */
  checked: number;
  findings: ReconcileFinding[];
}

/** The payment operations the server calls besides the tools. */
export interface HubPayments {
  /**
   * Verifies a Stripe webhook with `constructEvent` on the raw body and applies it once. Throws
   * `PaymentWebhookError` with status 400 on a bad signature or body, 404 for an endpoint
   * without a signing secret, and 409 while another delivery of the event is in progress.
   */
  handleWebhook(input: {
    rawBody: Buffer;
    signature: string | undefined;
    endpoint: 'platform' | 'connect';
  }): Promise<WebhookOutcome>;
  /** Lists registrations whose booking and payment disagree; with `fix`, repairs the safe cases. */
  reconcile(options?: { fix?: boolean; vendorId?: string }): Promise<ReconcileReport>;
}

/** Per-call options of a Stripe write. */
export interface StripeWriteOptions {
  /** `<registrationId>:<operation>:<attempt>`. */
  idempotencyKey: string;
  /** Connected account of a direct charge, sent as `Stripe-Account`. */
  stripeAccount?: string;
}

/** Time limit of one Stripe request, in milliseconds; the SDK retries twice after a timeout. */
export const STRIPE_REQUEST_TIMEOUT_MS = 15_000;

/**
 * The hub's Stripe calls over the `stripe` SDK. Every call maps a failure to a
 * `ConnectorError` with a family-safe message and logs the Stripe type, code and request id,
 * never the secret key or Stripe's message. The SDK retries network errors, 409 and 5xx
 * responses up to twice, with the same idempotency key.
 */
export class StripeGateway {
  private readonly stripe: Stripe;

  constructor(
    private readonly settings: StripeSettings,
    private readonly logger: HubLogger,
  ) {
    const endpoint = settings.endpoint;
    this.stripe = new Stripe(settings.secretKey, {
      maxNetworkRetries: 2,
      // The SDK's default of 80 s per request would hold a confirm for minutes on a hung call.
      timeout: STRIPE_REQUEST_TIMEOUT_MS,
      telemetry: false,
      ...(endpoint
        ? { host: endpoint.host, port: endpoint.port, protocol: endpoint.protocol }
        : {}),
    });
  }

  /** Creates a Checkout Session, on the connected account when `stripeAccount` is set. */
  createCheckoutSession(
    params: Stripe.Checkout.SessionCreateParams,
    options: StripeWriteOptions,
  ): Promise<Stripe.Checkout.Session> {
    return this.call('checkout', options.stripeAccount, () =>
      this.stripe.checkout.sessions.create(params, requestOptions(options)),
    );
  }

  /** Reads a Checkout Session with its PaymentIntent and that one's latest charge expanded. */
  retrieveCheckoutSession(id: string, stripeAccount?: string): Promise<Stripe.Checkout.Session> {
    return this.call('retrieve', stripeAccount, () =>
      this.stripe.checkout.sessions.retrieve(
        id,
        { expand: ['payment_intent.latest_charge'] },
        stripeAccount ? { stripeAccount } : {},
      ),
    );
  }

  /** Expires an open Checkout Session, so the family can no longer pay through it. */
  expireCheckoutSession(id: string, options: StripeWriteOptions): Promise<Stripe.Checkout.Session> {
    return this.call('expire', options.stripeAccount, () =>
      this.stripe.checkout.sessions.expire(id, {}, requestOptions(options)),
    );
  }

  /** Reads a PaymentIntent with its latest charge, which carries `capture_before`. */
  retrievePaymentIntent(id: string, stripeAccount?: string): Promise<Stripe.PaymentIntent> {
    return this.call('retrieve', stripeAccount, () =>
      this.stripe.paymentIntents.retrieve(
        id,
        { expand: ['latest_charge'] },
        stripeAccount ? { stripeAccount } : {},
      ),
    );
  }

  /**
   * Captures a PaymentIntent: `amountToCapture` of it, in minor units, or the whole authorized
   * amount when absent. Stripe releases the rest of a partial capture.
   */
  capturePaymentIntent(
    id: string,
    options: StripeWriteOptions,
    amountToCapture?: number,
  ): Promise<Stripe.PaymentIntent> {
    const params = amountToCapture === undefined ? {} : { amount_to_capture: amountToCapture };
    return this.call('capture', options.stripeAccount, () =>
      this.stripe.paymentIntents.capture(id, params, requestOptions(options)),
    );
  }

  /** Cancels a PaymentIntent, which releases the authorization on the card. */
  cancelPaymentIntent(id: string, options: StripeWriteOptions): Promise<Stripe.PaymentIntent> {
    return this.call('cancel', options.stripeAccount, () =>
      this.stripe.paymentIntents.cancel(id, {}, requestOptions(options)),
    );
  }

  /** Refunds a captured PaymentIntent in full, with the application fee of a direct charge. */
  refundPaymentIntent(id: string, options: StripeWriteOptions): Promise<Stripe.Refund> {
    const params: Stripe.RefundCreateParams = { payment_intent: id };
    if (options.stripeAccount) params.refund_application_fee = true;
    return this.call('refund', options.stripeAccount, () =>
      this.stripe.refunds.create(params, requestOptions(options)),
    );
  }

  /** Reads a connected account, for its charges and card payment status. */
  retrieveAccount(accountId: string): Promise<Stripe.Account> {
    return this.call('account', accountId, () => this.stripe.accounts.retrieve(accountId));
  }

  /**
   * Verifies a webhook's signature on the raw body and parses the event. Throws the SDK's
   * error; the caller turns it into a 400.
   */
  constructEvent(rawBody: Buffer, signature: string, secret: string): Stripe.Event {
    return this.stripe.webhooks.constructEvent(rawBody, signature, secret);
  }

  private async call<Result>(
    operation: StripeOperation,
    stripeAccount: string | undefined,
    body: () => Promise<Result>,
  ): Promise<Result> {
    try {
      return await body();
    } catch (error) {
      const failure = stripeFailure(error, operation);
      this.logger.warn(
        {
          errorCode: failure.code,
          retryable: failure.retryable,
          ...(stripeAccount ? { stripeAccount } : {}),
          ...failure.details,
        },
        'Stripe call failed',
      );
      throw failure;
    }
  }

  /** The settings this gateway was made with, without the secrets. */
  get pages(): { successUrl: string; cancelUrl: string } {
    return { successUrl: this.settings.successUrl, cancelUrl: this.settings.cancelUrl };
  }
}

function requestOptions(options: StripeWriteOptions): Stripe.RequestOptions {
  return {
    idempotencyKey: options.idempotencyKey,
    ...(options.stripeAccount ? { stripeAccount: options.stripeAccount } : {}),
  };
}
