import { isCurrencyCode } from '@signupassist/contract';
import type {
  NewPayment,
  PaymentExpectation,
  PaymentPatch,
  PaymentStatus,
  StoredStripeEvent,
} from '../payments/types.js';
import { StorageError } from './errors.js';
import { requireDate, requireText } from './vendor-checks.js';

const STATUSES: ReadonlySet<string> = new Set<PaymentStatus>([
  'checkout_pending',
  'authorized',
  'captured',
  'canceled',
  'owed',
  'refunded',
  'failed',
]);

const PATHS: ReadonlySet<string> = new Set(['success_fee', 'connect']);

type FieldKind = 'text' | 'amount' | 'count' | 'date' | 'status' | 'currency';

/** Check kind of each patchable field. */
const PATCH_KINDS: Readonly<Record<keyof PaymentPatch, FieldKind>> = {
  status: 'status',
  currency: 'currency',
  feeMinor: 'amount',
  programFeeMinor: 'amount',
  stripeAccount: 'text',
  checkoutSessionId: 'text',
  checkoutUrl: 'text',
  paymentIntentId: 'text',
  attempt: 'count',
  authorizedAt: 'date',
  authorizationExpiresAt: 'date',
  capturedAt: 'date',
  canceledAt: 'date',
  refundedAt: 'date',
  refundedMinor: 'amount',
  lastError: 'text',
};

/** Fields every record has, which a patch may change but not clear. */
const REQUIRED_FIELDS: ReadonlySet<string> = new Set(['status', 'currency', 'feeMinor', 'attempt']);

/** Checks a new payment before any SQL runs; raises `invalid` naming the field. */
export function checkNewPayment(payment: NewPayment): void {
  const id = requireText(payment.registrationId, 'Registration id of the payment');
  requireText(payment.vendorId, `Vendor id of payment "${id}"`);
  if (!PATHS.has(payment.path)) {
    throw invalid(id, 'path', payment.path, 'use success_fee or connect');
  }
  for (const [field, kind] of Object.entries(PATCH_KINDS)) {
    const value = payment[field as keyof PaymentPatch];
    if (value === undefined && !REQUIRED_FIELDS.has(field)) continue;
    checkField(id, field, kind, value);
  }
}

/** Checks a patch and its expectation; unknown fields and cleared required fields are invalid. */
export function checkPaymentPatch(
  id: string,
  patch: PaymentPatch,
  expected: PaymentExpectation | undefined,
): void {
  requireText(id, 'Registration id of the payment');
  for (const [field, value] of Object.entries(patch)) {
    // An own-property check, so "constructor" or "__proto__" is not taken for a field.
    const kind = Object.hasOwn(PATCH_KINDS, field)
      ? PATCH_KINDS[field as keyof PaymentPatch]
      : undefined;
    if (kind === undefined) {
      throw new StorageError(
        'invalid',
        `Payment "${id}" cannot be updated in field "${field}": ` +
          `patch only ${Object.keys(PATCH_KINDS).join(', ')}.`,
      );
    }
    if (value === undefined) continue;
    if (value === null && !REQUIRED_FIELDS.has(field)) continue;
    checkField(id, field, kind, value);
  }
  for (const status of expected?.status ?? []) {
    if (!STATUSES.has(status)) throw invalid(id, 'expected status', status, statusHint());
  }
  const version = expected?.version;
  if (version !== undefined && !(Number.isSafeInteger(version) && version >= 1)) {
    throw invalid(id, 'expected version', version, 'pass the version of a record you read');
  }
}

/** Checks a Stripe event before it is stored. */
export function checkStripeEvent(event: Omit<StoredStripeEvent, 'processedAt'>): void {
  const id = requireText(event.id, 'Id of the Stripe event');
  requireText(event.type, `Type of Stripe event "${id}"`);
  if (event.account !== undefined) requireText(event.account, `Account of Stripe event "${id}"`);
  requireDate(event.receivedAt, `Receive time of Stripe event "${id}"`);
}

/** Creates the `not_found` error of a registration without a payment. */
export function paymentNotFound(registrationId: string): StorageError {
  return new StorageError(
    'not_found',
    `Registration "${registrationId}" has no payment record. Insert the payment first.`,
  );
}

/** Creates the `not_found` error of an event that was never recorded. */
export function stripeEventNotFound(id: string): StorageError {
  return new StorageError(
    'not_found',
    `Stripe event "${id}" was never recorded. Call recordEvent before markEventProcessed.`,
  );
}

/**
 * Creates the `conflict` error of a Stripe id that another payment has already. `column` is
 * the column of the violated unique index.
 */
export function duplicateStripeId(registrationId: string, column: string): StorageError {
  const objectName = column === 'payment_intent_id' ? 'PaymentIntent' : 'Checkout Session';
  return new StorageError(
    'conflict',
    `Payment "${registrationId}" cannot take its ${objectName} id: another registration's payment ` +
      `has it already. Each ${objectName} belongs to one registration.`,
  );
}

function checkField(id: string, field: string, kind: FieldKind, value: unknown): void {
  switch (kind) {
    case 'text':
      if (typeof value !== 'string' || value.length === 0) {
        throw invalid(id, field, value, 'pass a non-empty string, or null to clear it');
      }
      return;
    case 'amount':
      if (!isCount(value))
        throw invalid(id, field, value, 'pass a non-negative integer of minor units');
      return;
    case 'count':
      if (!isCount(value)) throw invalid(id, field, value, 'pass a non-negative integer');
      return;
    case 'date':
      requireDate(value, `${field} of payment "${id}"`);
      return;
    case 'status':
      if (typeof value !== 'string' || !STATUSES.has(value)) {
        throw invalid(id, field, value, statusHint());
      }
      return;
    case 'currency':
      if (typeof value !== 'string' || !isCurrencyCode(value)) {
        throw invalid(id, field, value, 'pass an upper-case ISO 4217 code such as USD');
      }
  }
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function statusHint(): string {
  return `use one of ${[...STATUSES].join(', ')}`;
}

function invalid(id: string, field: string, value: unknown, fix: string): StorageError {
  let description: string = value === null ? 'null' : typeof value;
  if (typeof value === 'string') description = JSON.stringify(value);
  if (typeof value === 'number') description = String(value);
  if (value instanceof Date) description = 'an invalid Date';
  return new StorageError(
    'invalid',
    `${field} of payment "${id}" is invalid (${description}): ${fix}.`,
  );
}
