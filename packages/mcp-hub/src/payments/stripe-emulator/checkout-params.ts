import { z } from 'zod';
import { currencyDecimals, formatAmount, minimumChargeAmount } from './currency.js';
import { invalidRequest, resourceMissing } from './errors.js';
import { amount, currency, expand, integer, metadata } from './params.js';
import type { Scope } from './state.js';

/** Largest amount Stripe takes in one charge, in minor units (eight digits). */
export const MAXIMUM_AMOUNT = 99_999_999;

const priceData = z
  .object({
    currency,
    unit_amount: amount.optional(),
    product: z.string().optional(),
    product_data: z
      .object({
        name: z.string(),
        description: z.string().optional(),
        metadata: metadata.optional(),
      })
      .strict()
      .optional(),
    tax_behavior: z.enum(['exclusive', 'inclusive', 'unspecified']).optional(),
  })
  .strict();

const lineItem = z
  .object({
    price: z.string().optional(),
    price_data: priceData.optional(),
    quantity: integer.optional(),
  })
  .strict();

const paymentIntentData = z
  .object({
    application_fee_amount: amount.optional(),
    capture_method: z.enum(['automatic', 'automatic_async', 'manual']).optional(),
    description: z.string().optional(),
    metadata: metadata.optional(),
    on_behalf_of: z.string().optional(),
    receipt_email: z.string().optional(),
    statement_descriptor: z.string().max(22).optional(),
    statement_descriptor_suffix: z.string().max(22).optional(),
    transfer_data: z
      .object({ destination: z.string(), amount: amount.optional() })
      .strict()
      .optional(),
  })
  .strict();

/** Parameters of `POST /v1/checkout/sessions` that the emulator reads. */
export const sessionCreateSchema = z
  .object({
    mode: z.enum(['payment', 'setup', 'subscription']),
    line_items: z.array(lineItem).optional(),
    payment_intent_data: paymentIntentData.optional(),
    payment_method_types: z.array(z.string()).optional(),
    success_url: z.string().optional(),
    cancel_url: z.string().optional(),
    client_reference_id: z.string().max(200).optional(),
    customer_email: z.string().optional(),
    expires_at: integer.optional(),
    locale: z.string().optional(),
    metadata: metadata.optional(),
    submit_type: z.enum(['auto', 'book', 'donate', 'pay', 'subscribe']).optional(),
    ui_mode: z.enum(['hosted', 'hosted_page']).optional(),
    expand,
  })
  .strict();

export type SessionCreateParams = z.output<typeof sessionCreateSchema>;

/** A line item reduced to what the emulator prices. */
export interface PricedItem {
  name: string;
  unitAmount: number;
  quantity: number;
}

/**
 * Checks the rules Stripe applies beyond parameter types and returns the priced line items.
 * Covered: payment mode only, inline `price_data` (the emulator has no Prices), one currency,
 * minimum and maximum amounts, three-decimal amounts ending in 0, URLs, `expires_at` between
 * 30 minutes and 24 hours ahead, and `application_fee_amount` only on direct charges.
 */
export function validateSessionCreate(
  params: SessionCreateParams,
  scope: Scope,
  now: number,
): { amountTotal: number; currency: string; lineItems: PricedItem[] } {
  if (params.mode !== 'payment') {
    throw invalidRequest(
      `The Stripe emulator supports mode=payment only, not ${params.mode}. Use mode=payment.`,
      { param: 'mode' },
    );
  }
  checkUrl(params.success_url, 'success_url');
  checkUrl(params.cancel_url, 'cancel_url');
  checkPaymentMethodTypes(params.payment_method_types);
  checkExpiresAt(params.expires_at, now);

  const lineItems = params.line_items ?? [];
  if (lineItems.length === 0) {
    throw invalidRequest('Missing required param: line_items.', {
      code: 'parameter_missing',
      param: 'line_items',
    });
  }
  const priced = lineItems.map((item, index) => priceItem(item, index));
  const currencies = new Set(priced.map((item) => item.currency));
  if (currencies.size > 1) {
    throw invalidRequest(
      `All line items must use the same currency; found ${[...currencies].join(', ')}.`,
      { param: 'line_items' },
    );
  }
  const sessionCurrency = priced[0]?.currency as string;
  const amountTotal = priced.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0);
  checkTotal(amountTotal, sessionCurrency);
  checkApplicationFee(params, scope, amountTotal);

  return { amountTotal, currency: sessionCurrency, lineItems: priced };
}

function priceItem(
  item: NonNullable<SessionCreateParams['line_items']>[number],
  index: number,
): PricedItem & { currency: string } {
  const param = `line_items[${index}]`;
  if (item.price !== undefined) throw resourceMissing('price', item.price, `${param}[price]`);
  if (item.price_data === undefined) {
    throw invalidRequest(`Missing required param: ${param}[price_data].`, {
      code: 'parameter_missing',
      param: `${param}[price_data]`,
    });
  }
  if (item.quantity === undefined || item.quantity < 1) {
    throw invalidRequest(`${param}[quantity] must be a whole number of at least 1.`, {
      code: item.quantity === undefined ? 'parameter_missing' : 'parameter_invalid_integer',
      param: `${param}[quantity]`,
    });
  }
  const data = item.price_data;
  if (data.product !== undefined)
    throw resourceMissing('product', data.product, `${param}[price_data][product]`);
  if (data.product_data === undefined) {
    throw invalidRequest(`Missing required param: ${param}[price_data][product_data].`, {
      code: 'parameter_missing',
      param: `${param}[price_data][product_data]`,
    });
  }
  if (data.unit_amount === undefined) {
    throw invalidRequest(`Missing required param: ${param}[price_data][unit_amount].`, {
      code: 'parameter_missing',
      param: `${param}[price_data][unit_amount]`,
    });
  }
  return {
    name: data.product_data.name,
    unitAmount: data.unit_amount,
    quantity: item.quantity,
    currency: data.currency,
  };
}

function checkTotal(amountTotal: number, sessionCurrency: string): void {
  const minimum = minimumChargeAmount(sessionCurrency);
  if (amountTotal < minimum) {
    throw invalidRequest(
      `The Checkout Session's total amount due must add up to at least ${formatAmount(minimum, sessionCurrency)}; it is ${formatAmount(amountTotal, sessionCurrency)}.`,
      { code: 'amount_too_small', param: 'line_items' },
    );
  }
  if (amountTotal > MAXIMUM_AMOUNT) {
    throw invalidRequest(`The total amount must be at most ${MAXIMUM_AMOUNT} minor units.`, {
      code: 'amount_too_large',
      param: 'line_items',
    });
  }
  if (currencyDecimals(sessionCurrency) === 3 && amountTotal % 10 !== 0) {
    throw invalidRequest(
      `Amounts in ${sessionCurrency.toUpperCase()} must end in 0 (Stripe rounds three-decimal currencies to two decimals); got ${amountTotal}.`,
      { code: 'invalid_amount', param: 'line_items' },
    );
  }
}

function checkApplicationFee(params: SessionCreateParams, scope: Scope, amountTotal: number): void {
  const data = params.payment_intent_data;
  if (data?.transfer_data !== undefined || data?.on_behalf_of !== undefined) {
    throw invalidRequest(
      'The Stripe emulator supports direct charges only; remove payment_intent_data[transfer_data] and [on_behalf_of] and pass the Stripe-Account header.',
      { param: 'payment_intent_data' },
    );
  }
  const fee = data?.application_fee_amount;
  if (fee === undefined) return;
  if (scope === null) {
    throw invalidRequest(
      'An application_fee_amount applies only to a direct charge on a connected account; pass the Stripe-Account header.',
      { param: 'payment_intent_data[application_fee_amount]' },
    );
  }
  if (fee > amountTotal) {
    throw invalidRequest(
      `The application_fee_amount (${fee}) cannot be greater than the total amount (${amountTotal}).`,
      { code: 'amount_too_large', param: 'payment_intent_data[application_fee_amount]' },
    );
  }
}

function checkUrl(value: string | undefined, param: string): void {
  if (value === undefined) return;
  const url = URL.parse(value.replaceAll('{CHECKOUT_SESSION_ID}', 'cs'));
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw invalidRequest(`Not a valid URL: ${param} must be an absolute http or https URL.`, {
      code: 'url_invalid',
      param,
    });
  }
}

function checkPaymentMethodTypes(types: string[] | undefined): void {
  const other = types?.find((type) => type !== 'card');
  if (other !== undefined) {
    throw invalidRequest(
      `The Stripe emulator supports the card payment method only, not ${other}. Use payment_method_types[0]=card or leave it out.`,
      { param: 'payment_method_types' },
    );
  }
}

function checkExpiresAt(expiresAt: number | undefined, now: number): void {
  if (expiresAt === undefined) return;
  if (expiresAt < now + 30 * 60 || expiresAt > now + 24 * 60 * 60) {
    throw invalidRequest(
      'The expires_at timestamp must be between 30 minutes and 24 hours from Checkout Session creation.',
      { param: 'expires_at' },
    );
  }
}
