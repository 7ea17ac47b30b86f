import { createHash } from 'node:crypto';
import {
  ConnectorError,
  RegistrationRequestSchema,
  validateRegistrationAnswers,
  type Answers,
  type FieldIssue,
  type RegistrationPayment,
  type RegistrationRequest,
} from '@signupassist/contract';
import type { z } from 'zod';
import {
  BOOKEO_LIMITS,
  type BookeoBooking,
  type BookeoBookingRequest,
  type BookeoFieldValue,
  type BookeoParticipantDetails,
  type BookeoPayment,
} from './bookeo-api.js';
import { formatQueryTime } from './catalog.js';
import { bindingKey, type BookeoForm, type FieldBinding } from './form.js';
import type { BookeoClient } from './http-client.js';
import { toBookeoMoney } from './money.js';

/** The parts of a registration request that describe the booking itself. */
export type BookingDraft = Omit<RegistrationRequest, 'idempotencyKey' | 'holdId'>;

/**
 * Derives the `externalRef` stamped on a Bookeo booking from the idempotency key: `sa-` and 40
 * hex digits of its SHA-256, under Bookeo's 64-character limit. The same key always gives
 * the same reference, which is how a repeated request finds the first booking.
 */
export function externalRefFor(idempotencyKey: string): string {
  const digest = createHash('sha256').update(idempotencyKey).digest('hex');
  const ref = `sa-${digest.slice(0, 40)}`;
  return ref.slice(0, BOOKEO_LIMITS.externalRefMaxLength);
}

/** Schema of a {@link BookingDraft}: a registration request without key and hold. */
export const BookingDraftSchema = RegistrationRequestSchema.omit({
  idempotencyKey: true,
  holdId: true,
});

/** Checks a request's shape with its contract schema, or throws `invalid_request` naming a path. */
export function parseRequest<T>(client: BookeoClient, schema: z.ZodType, request: T): T {
  const parsed = schema.safeParse(request);
  if (parsed.success) return request;

  const issue = parsed.error.issues[0];
  throw new ConnectorError(
    'invalid_request',
    `Invalid registration request: ${issue?.path.join('.') || '(request)'} ${issue?.message}.`,
    { vendorId: client.context.vendor.id },
  );
}

/**
 * Validates the request's answers against the form, and each people category's minimum, which
 * the contract form only expresses as a total. Throws `invalid_fields` with one issue per problem.
 */
export function checkAnswers(client: BookeoClient, bookeoForm: BookeoForm, draft: BookingDraft) {
  const issues: FieldIssue[] = validateRegistrationAnswers(bookeoForm.form, draft);
  for (const category of bookeoForm.form.participantCategories) {
    const count = draft.participants.filter((item) => item.category === category.id).length;
    if (category.min > 0 && count === 0) {
      issues.push({
        path: 'participants',
        message: `${category.label}: at least ${category.min} required`,
      });
    }
  }
  if (issues.length === 0) return;

  throw new ConnectorError(
    'invalid_fields',
    `${issues.length} registration answer(s) are missing or invalid.`,
    { vendorId: client.context.vendor.id, fields: issues },
  );
}

function textOf(answer: Answers[string] | undefined): string | undefined {
  if (answer === undefined || answer === null) return undefined;
  if (typeof answer === 'boolean') return answer ? 'true' : 'false';
  if (typeof answer === 'number') return String(answer);
  if (Array.isArray(answer)) return answer.join(', ');
  const text = answer.trim();
  return text === '' ? undefined : text;
}

function fieldValues(
  bookeoForm: BookeoForm,
  scope: 'guardian' | 'booking',
  answers: Answers,
  target: 'customerCustomField' | 'option',
): BookeoFieldValue[] {
  const values: BookeoFieldValue[] = [];
  for (const [key, answer] of Object.entries(answers)) {
    const binding: FieldBinding | undefined = bookeoForm.bindings.get(bindingKey(scope, key));
    const value = textOf(answer);
    if (binding?.target === target && value !== undefined) {
      values.push({ id: binding.bookeoId, value });
    }
  }
  return values;
}

function customerOf(bookeoForm: BookeoForm, guardian: Answers): BookeoBookingRequest['customer'] {
  const phone = textOf(guardian.phone);
  const customFields = fieldValues(bookeoForm, 'guardian', guardian, 'customerCustomField');
  return {
    firstName: textOf(guardian.firstName) ?? '',
    lastName: textOf(guardian.lastName) ?? '',
    emailAddress: textOf(guardian.email) ?? '',
    // NOTE: Bookeo's phone types are unconfirmed beyond mobile, home and work, so mobile is sent.
    ...(phone ? { phoneNumbers: [{ number: phone, type: 'mobile' }] } : {}),
    ...(customFields.length > 0 ? { customFields } : {}),
  };
}

function participantsOf(draft: BookingDraft): BookeoBookingRequest['participants'] {
  const numbers = new Map<string, number>();
  const details: BookeoParticipantDetails[] = [];
  for (const participant of draft.participants) {
    numbers.set(participant.category, (numbers.get(participant.category) ?? 0) + 1);
    const birthDate = textOf(participant.answers.birthDate);
    details.push({
      peopleCategoryId: participant.category,
      personDetails: {
        firstName: textOf(participant.answers.firstName) ?? '',
        lastName: textOf(participant.answers.lastName) ?? '',
        ...(birthDate ? { birthDate } : {}),
      },
    });
  }
  return {
    numbers: [...numbers].map(([peopleCategoryId, number]) => ({ peopleCategoryId, number })),
    details,
  };
}

/**
 * Translates checked answers into the body of `POST /bookings` (and `POST /holds`): guardian
 * answers become the customer and its custom fields, participants become people numbers and
 * details, and booking answers become product options. Choice values are the choice names and
 * on/off values the strings "true" and "false", as Bookeo expects.
 */
export function toBookeoBookingRequest(
  bookeoForm: BookeoForm,
  draft: BookingDraft,
  externalRef?: string,
): BookeoBookingRequest {
  const options = fieldValues(bookeoForm, 'booking', draft.booking ?? {}, 'option');
  return {
    productId: draft.programId,
    eventId: draft.sessionId,
    customer: customerOf(bookeoForm, draft.guardian),
    participants: participantsOf(draft),
    ...(options.length > 0 ? { options } : {}),
    ...(externalRef === undefined ? {} : { externalRef }),
  };
}

/** Reason Bookeo shows the customer for a program fee paid through the hub. */
export const HUB_PAYMENT_REASON = 'Program fee';

// NOTE: Bookeo does not document which payment fields `initialPayments` requires, so every
// field a payment record shows is sent: receivedTime, reason, description, comment, amount and
// paymentMethod.
/**
 * Builds the Bookeo payment that records a program fee paid through the hub's Stripe Connect
 * checkout: a card payment taken online (`creditCard`), received at `receivedAt`, with the
 * hub's payment reference in the comment, which customers do not see. It carries no card data.
 */
export function toBookeoPayment(payment: RegistrationPayment, receivedAt: Date): BookeoPayment {
  return {
    receivedTime: formatQueryTime(receivedAt),
    reason: HUB_PAYMENT_REASON,
    description: 'Paid by card online through SignupAssist',
    comment: `SignupAssist payment reference ${payment.reference}`,
    amount: toBookeoMoney(payment.amount),
    paymentMethod: 'creditCard',
  };
}

function countsOf(numbers: { peopleCategoryId: string; number: number }[] | undefined) {
  const counts = new Map<string, number>();
  for (const { peopleCategoryId, number } of numbers ?? []) {
    if (number > 0) counts.set(peopleCategoryId, (counts.get(peopleCategoryId) ?? 0) + number);
  }
  return counts;
}

/**
 * Tells whether a booking found by its external reference books the same product, session and
 * number of people per category as `body`.
 */
export function bookingMatches(booking: BookeoBooking, body: BookeoBookingRequest): boolean {
  if (booking.productId !== body.productId) return false;
  if (booking.eventId !== undefined && booking.eventId !== body.eventId) return false;

  const found = countsOf(booking.participants?.numbers);
  const wanted = countsOf(body.participants.numbers);
  if (found.size !== wanted.size) return false;
  return [...wanted].every(([category, number]) => found.get(category) === number);
}

/** Returns a stable text of a request, so two calls can be compared field by field. */
export function fingerprintOf(request: RegistrationRequest): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
    );
  };
  return JSON.stringify(sorted(request));
}
