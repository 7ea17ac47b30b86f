import type { z } from 'zod';
import {
  bookeoBookingRequestSchema,
  bookeoHoldRequestSchema,
  type BookeoBookingPrice,
  type BookeoBookingRequest,
  type BookeoCustomer,
  type BookeoHoldRequest,
  type BookeoParticipants,
  type BookeoProduct,
} from '../bookeo-api.js';
import { badRequest, SandboxApiError } from './errors.js';
import type { SandboxEvent } from './events.js';
import { checkFieldValues } from './field-values.js';
import { fromMinorUnits, toMinorUnits } from './money.js';
import { checkInitialPayments } from './payments.js';
import type { SandboxBusiness } from './state.js';
import { parseBookeoTime } from './time.js';

/** A booking or hold request that passed every check, with what it books and costs. */
export interface CheckedRequest<Body> {
  body: Body;
  product: BookeoProduct;
  /** The session booked; undefined for `flexibleTime` products. */
  event: SandboxEvent | undefined;
  start: Date;
  end: Date;
  /** Seats taken: each person times their people category's `numSeats`. */
  seats: number;
  price: BookeoBookingPrice;
}

/** Checks the body of `POST /bookings`, rejecting what Bookeo rejects with 400 or 403. */
export function checkBookingRequest(
  business: SandboxBusiness,
  body: unknown,
  now: Date,
): CheckedRequest<BookeoBookingRequest> {
  const request = parseBody(bookeoBookingRequestSchema, body);
  checkCustomer(business, request.customer);
  return checkBookable(business, request, now);
}

/** Checks the body of `POST /holds`: a booking whose customer is not checked. */
export function checkHoldRequest(
  business: SandboxBusiness,
  body: unknown,
  now: Date,
): CheckedRequest<BookeoHoldRequest> {
  return checkBookable(business, parseBody(bookeoHoldRequestSchema, body), now);
}

/** Builds the 409 error for a session with fewer seats left than a booking needs. */
export function insufficientSeatsError(
  eventId: string,
  seatsAvailable: number,
  seatsNeeded: number,
) {
  return new SandboxApiError(
    409,
    `Not enough seats: event ${eventId} has ${seatsAvailable} seats available and the ` +
      `request needs ${seatsNeeded}.`,
  );
}

function parseBody<Schema extends z.ZodType>(schema: Schema, body: unknown): z.infer<Schema> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;

  const issue = result.error.issues[0];
  const path = issue?.path.join('.') || 'body';
  if (issue?.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
    badRequest(`Missing required field ${path}.`);
  }
  badRequest(`Invalid field ${path}: ${issue?.message ?? 'invalid value'}.`);
}

function checkCustomer(business: SandboxBusiness, customer: BookeoCustomer): void {
  for (const field of ['firstName', 'lastName', 'emailAddress'] as const) {
    if (customer[field].trim() === '') badRequest(`Missing required field customer.${field}.`);
  }
  if (!/^[^\s@]+@[^\s@]+$/.test(customer.emailAddress.trim())) {
    badRequest('Invalid field customer.emailAddress: expected an email address.');
  }

  const fields = business.customerCustomFields;
  checkFieldValues(
    {
      choice: fields.choiceFields,
      number: fields.numberFields,
      onOff: fields.onOffFields,
      text: fields.textFields,
    },
    customer.customFields,
    'customer.customFields',
  );
}

function checkBookable<Body extends BookeoHoldRequest>(
  business: SandboxBusiness,
  body: Body,
  now: Date,
): CheckedRequest<Body> {
  const product = business.products.find((item) => item.productId === body.productId);
  if (!product) badRequest(`Invalid field productId: unknown product "${body.productId}".`);
  if (!product.apiBookingsAllowed) {
    throw new SandboxApiError(
      403,
      `Product ${product.productId} does not accept bookings made through the API ` +
        '(apiBookingsAllowed is false).',
    );
  }

  const options = product.options;
  checkFieldValues(
    {
      choice: options?.choiceOptions,
      number: options?.numberOptions,
      onOff: options?.onOffOptions,
      text: options?.textOptions,
    },
    body.options,
    'options',
  );
  const people = countPeople(business, product, body.participants);
  const timing = resolveTiming(business, product, body, now);
  const seats = countSeats(business, people);
  const price = priceOf(business, product, people, body);
  return { body, product, ...timing, seats, price };
}

function resolveTiming(
  business: SandboxBusiness,
  product: BookeoProduct,
  body: BookeoHoldRequest,
  now: Date,
): { event: SandboxEvent | undefined; start: Date; end: Date } {
  if (product.type === 'flexibleTime') {
    const start = readBodyTime(business, body.startTime, 'startTime');
    const end = readBodyTime(business, body.endTime, 'endTime');
    if (end <= start) badRequest('Invalid field endTime: it must be after startTime.');
    if (start <= now) badRequest('Invalid field startTime: it must be in the future.');
    return { event: undefined, start, end };
  }

  if (!body.eventId) {
    badRequest(`Missing required field eventId: product ${product.productId} is ${product.type}.`);
  }
  const event = business.events.get(body.eventId);
  if (!event || event.productId !== product.productId) {
    badRequest(
      `Invalid field eventId: product ${product.productId} has no event "${body.eventId}".`,
    );
  }
  if (event.start <= now) badRequest(`Invalid field eventId: event ${event.eventId} has started.`);
  return { event, start: event.start, end: event.end };
}

function readBodyTime(business: SandboxBusiness, text: string | undefined, field: string): Date {
  if (!text) badRequest(`Missing required field ${field}: flexibleTime products need it.`);
  const time = parseBookeoTime(text, business.timeZone);
  if (!time) badRequest(`Invalid field ${field}: expected ISO 8601 with an offset.`);
  return time;
}

/** Sums the people per category and checks them against the product's booking limits. */
function countPeople(
  business: SandboxBusiness,
  product: BookeoProduct,
  participants: BookeoParticipants,
): Map<string, number> {
  const people = new Map<string, number>();
  for (const { peopleCategoryId, number } of participants.numbers) {
    if (!Number.isInteger(number) || number < 0) {
      badRequest(
        `Invalid field participants.numbers: ${peopleCategoryId} must be an integer >= 0.`,
      );
    }
    if (!business.peopleCategories.some((category) => category.id === peopleCategoryId)) {
      badRequest(
        `Invalid field participants.numbers: unknown peopleCategoryId "${peopleCategoryId}".`,
      );
    }
    people.set(peopleCategoryId, (people.get(peopleCategoryId) ?? 0) + number);
  }

  const total = [...people.values()].reduce((sum, number) => sum + number, 0);
  if (total === 0) badRequest('Invalid field participants.numbers: book at least one person.');

  for (const [peopleCategoryId, number] of people) {
    const hasRate = product.defaultRates.some((rate) => rate.peopleCategoryId === peopleCategoryId);
    if (number > 0 && !hasRate) {
      badRequest(
        `Invalid field participants.numbers: product ${product.productId} does not take ` +
          `peopleCategoryId ${peopleCategoryId}.`,
      );
    }
  }

  for (const limit of product.bookingLimits ?? []) {
    const number = people.get(limit.peopleCategoryId) ?? 0;
    const min = limit.min ?? 0;
    const max = limit.max ?? Number.POSITIVE_INFINITY;
    if (number < min || number > max) {
      badRequest(
        `Invalid field participants.numbers: product ${product.productId} takes ${min} to ` +
          `${max} of ${limit.peopleCategoryId} per booking, not ${number}.`,
      );
    }
  }

  checkDetails(participants, people);
  return people;
}

function checkDetails(participants: BookeoParticipants, people: Map<string, number>): void {
  const detailed = new Map<string, number>();
  for (const { peopleCategoryId } of participants.details ?? []) {
    detailed.set(peopleCategoryId, (detailed.get(peopleCategoryId) ?? 0) + 1);
  }
  for (const [peopleCategoryId, count] of detailed) {
    if (count > (people.get(peopleCategoryId) ?? 0)) {
      badRequest(
        `Invalid field participants.details: ${count} details for ${peopleCategoryId}, more ` +
          'than participants.numbers books.',
      );
    }
  }
}

function countSeats(business: SandboxBusiness, people: Map<string, number>): number {
  let seats = 0;
  for (const [peopleCategoryId, number] of people) {
    const category = business.peopleCategories.find((item) => item.id === peopleCategoryId);
    seats += number * (category?.numSeats ?? 1);
  }
  return seats;
}

/**
 * Prices a request from the product's default rates, in minor units to avoid float drift, and
 * counts its initial payments as paid.
 */
function priceOf(
  business: SandboxBusiness,
  product: BookeoProduct,
  people: Map<string, number>,
  body: BookeoHoldRequest,
): BookeoBookingPrice {
  const currency = product.defaultRates[0]?.price.currency ?? 'USD';
  let gross = 0;
  for (const rate of product.defaultRates) {
    if (rate.price.currency !== currency) {
      throw new RangeError(`Invalid seed: product ${product.productId} mixes currencies.`);
    }
    gross += toMinorUnits(rate.price) * (people.get(rate.peopleCategoryId) ?? 0);
  }

  const paid = checkInitialPayments(body.initialPayments, currency, business.timeZone);
  return {
    totalGross: fromMinorUnits(gross, currency),
    totalNet: fromMinorUnits(gross, currency),
    totalTaxes: fromMinorUnits(0, currency),
    totalPaid: fromMinorUnits(paid, currency),
  };
}
