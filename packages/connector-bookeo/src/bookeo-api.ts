import { z } from 'zod';

// Schemas for the Bookeo API v2 payloads (https://www.bookeo.com/apiref/). Both the connector,
// which parses provider responses with them, and the sandbox, which emits them, use these. They
// are loose objects so that fields Bookeo adds later pass through, and fields Bookeo may omit
// are optional.

/** Limits of the Bookeo API v2 that the connector and the sandbox both apply. */
export const BOOKEO_LIMITS = {
  /** Max span of the date window on `/bookings` and `/availability/*`, in days. */
  maxWindowDays: 31,
  /** Default and max `itemsPerPage` on `/availability/slots`. */
  slotsDefaultItemsPerPage: 50,
  slotsMaxItemsPerPage: 300,
  /** Max `itemsPerPage` on `/bookings`. */
  bookingsMaxItemsPerPage: 100,
  // NOTE: Bookeo documents no max for `/settings/products`, so 100 is assumed.
  /** Max `itemsPerPage` on `/settings/products`. */
  productsMaxItemsPerPage: 100,
  /** Default and max `holdDurationSeconds` on `POST /holds`. */
  holdDefaultSeconds: 300,
  holdMaxSeconds: 600,
  /** Max length of a booking's `externalRef`. */
  externalRefMaxLength: 64,
} as const;

/** Money as Bookeo sends it: the amount is a decimal string such as "85" or "27.50". */
export const bookeoMoneySchema = z.looseObject({
  amount: z.union([z.string(), z.number().transform(String)]),
  currency: z.string(),
});
/** Money as Bookeo sends it. */
export type BookeoMoney = z.infer<typeof bookeoMoneySchema>;

/** The `info` block of a paginated list. */
export const bookeoPageInfoSchema = z.looseObject({
  totalItems: z.number(),
  totalPages: z.number(),
  currentPage: z.number(),
  pageNavigationToken: z.string().optional(),
});
/** The `info` block of a paginated list. */
export type BookeoPageInfo = z.infer<typeof bookeoPageInfoSchema>;

/**
 * Builds the schema of one page of a Bookeo list. Further pages are requested with only
 * `pageNavigationToken` and `pageNumber`, and the token is the same on every page.
 */
export function bookeoPage<Item extends z.ZodType>(itemSchema: Item) {
  return z.looseObject({
    info: bookeoPageInfoSchema,
    data: z.array(itemSchema),
  });
}
/** One page of a Bookeo list. */
export interface BookeoPage<Item> {
  info: BookeoPageInfo;
  data: Item[];
}

// NOTE: Bookeo does not publish its error body, so `{httpStatus, message, errorId}` is assumed.
/** The JSON body of a non-2xx Bookeo response. */
export const bookeoErrorSchema = z.looseObject({
  httpStatus: z.number().optional(),
  message: z.string(),
  errorId: z.string().optional(),
});
/** The JSON body of a non-2xx Bookeo response. */
export type BookeoError = z.infer<typeof bookeoErrorSchema>;

/** The response of `GET /settings/apikeyinfo`. */
export const bookeoApiKeyInfoSchema = z.looseObject({
  accountId: z.string(),
  permissions: z.array(z.string()),
  creationTime: z.string(),
});
/** The response of `GET /settings/apikeyinfo`. */
export type BookeoApiKeyInfo = z.infer<typeof bookeoApiKeyInfoSchema>;

/** A length of time, as in a product's `duration`. */
export const bookeoDurationSchema = z.looseObject({
  days: z.number(),
  hours: z.number(),
  minutes: z.number(),
});
/** A length of time, as in a product's `duration`. */
export type BookeoDuration = z.infer<typeof bookeoDurationSchema>;

/** One choice of a choice option or a choice custom field. */
export const bookeoChoiceSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string(),
});
/** One choice of a choice option or a choice custom field. */
export type BookeoChoice = z.infer<typeof bookeoChoiceSchema>;

/**
 * A product option or a customer custom field. Only choice options and choice fields carry
 * `choices`. The value sent for a choice is the choice's name, and on/off values are the
 * strings "true" and "false".
 */
export const bookeoFieldDefinitionSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  required: z.boolean().optional(),
  choices: z.array(bookeoChoiceSchema).optional(),
});
/** A product option or a customer custom field. */
export type BookeoFieldDefinition = z.infer<typeof bookeoFieldDefinitionSchema>;

/** A product's options, grouped by kind. */
export const bookeoProductOptionsSchema = z.looseObject({
  choiceOptions: z.array(bookeoFieldDefinitionSchema).optional(),
  numberOptions: z.array(bookeoFieldDefinitionSchema).optional(),
  onOffOptions: z.array(bookeoFieldDefinitionSchema).optional(),
  textOptions: z.array(bookeoFieldDefinitionSchema).optional(),
});
/** A product's options, grouped by kind. */
export type BookeoProductOptions = z.infer<typeof bookeoProductOptionsSchema>;

/** The min and max number of people of one category per booking. */
export const bookeoBookingLimitSchema = z.looseObject({
  peopleCategoryId: z.string(),
  min: z.number().optional(),
  max: z.number().optional(),
});
/** The min and max number of people of one category per booking. */
export type BookeoBookingLimit = z.infer<typeof bookeoBookingLimitSchema>;

/** The price per person of one people category. */
export const bookeoRateSchema = z.looseObject({
  peopleCategoryId: z.string(),
  price: bookeoMoneySchema,
});
/** The price per person of one people category. */
export type BookeoRate = z.infer<typeof bookeoRateSchema>;

/** The scheduling type of a product: set sessions, a course of sessions, or free start times. */
export const bookeoProductTypeSchema = z.enum(['fixed', 'fixedCourse', 'flexibleTime']);
/** The scheduling type of a product. */
export type BookeoProductType = z.infer<typeof bookeoProductTypeSchema>;

/** A place where a product runs. */
export const bookeoLocationSchema = z.looseObject({
  name: z.string().optional(),
  address: z.unknown().optional(),
});
/** A place where a product runs. */
export type BookeoLocation = z.infer<typeof bookeoLocationSchema>;

// NOTE: Bookeo products have no age fields. Businesses put the age range in the product name
// or description ("Learn to Swim (ages 5-8)"), and `parseAgeRange` reads it from there.
/** A bookable product from `GET /settings/products`. */
export const bookeoProductSchema = z.looseObject({
  productId: z.string(),
  name: z.string(),
  description: z.string().optional(),
  type: bookeoProductTypeSchema,
  duration: bookeoDurationSchema.optional(),
  bookingLimits: z.array(bookeoBookingLimitSchema).optional(),
  defaultRates: z.array(bookeoRateSchema).default([]),
  options: bookeoProductOptionsSchema.optional(),
  apiBookingsAllowed: z.boolean().default(true),
  acceptDeny: z.boolean().default(false),
  membersOnly: z.boolean().optional(),
  prepaidOnly: z.boolean().optional(),
  location: bookeoLocationSchema.optional(),
});
/** A bookable product. */
export type BookeoProduct = z.infer<typeof bookeoProductSchema>;

/** A people category from `GET /settings/peoplecategories`, such as `Cchildren`. */
export const bookeoPeopleCategorySchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  numSeats: z.number(),
});
/** A people category, such as `Cchildren`. */
export type BookeoPeopleCategory = z.infer<typeof bookeoPeopleCategorySchema>;

/** The response of `GET /settings/customercustomfields`. */
export const bookeoCustomerCustomFieldsSchema = z.looseObject({
  choiceFields: z.array(bookeoFieldDefinitionSchema).default([]),
  numberFields: z.array(bookeoFieldDefinitionSchema).default([]),
  onOffFields: z.array(bookeoFieldDefinitionSchema).default([]),
  textFields: z.array(bookeoFieldDefinitionSchema).default([]),
});
/** The customer custom fields of a business, grouped by kind. */
export type BookeoCustomerCustomFields = z.infer<typeof bookeoCustomerCustomFieldsSchema>;

/**
 * A bookable session from `GET /availability/slots`. Times carry the business's UTC offset,
 * such as `2026-07-06T09:00:00-04:00`.
 */
export const bookeoSlotSchema = z.looseObject({
  eventId: z.string(),
  productId: z.string().optional(),
  startTime: z.string(),
  endTime: z.string(),
  numSeatsAvailable: z.number(),
  price: bookeoMoneySchema.optional(),
});
/** A bookable session. */
export type BookeoSlot = z.infer<typeof bookeoSlotSchema>;

/** A value for a custom field or a product option: a choice's name, "true"/"false", or text. */
export const bookeoFieldValueSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  value: z.string(),
});
/** A value for a custom field or a product option. */
export type BookeoFieldValue = z.infer<typeof bookeoFieldValueSchema>;

/** A customer's phone number, whose `type` is for example `mobile`, `home` or `work`. */
export const bookeoPhoneNumberSchema = z.looseObject({
  number: z.string(),
  type: z.string(),
});
/** A customer's phone number. */
export type BookeoPhoneNumber = z.infer<typeof bookeoPhoneNumberSchema>;

/** The customer who makes a booking. */
export const bookeoCustomerSchema = z.looseObject({
  firstName: z.string(),
  lastName: z.string(),
  emailAddress: z.string(),
  phoneNumbers: z.array(bookeoPhoneNumberSchema).optional(),
  customFields: z.array(bookeoFieldValueSchema).optional(),
});
/** The customer who makes a booking. */
export type BookeoCustomer = z.infer<typeof bookeoCustomerSchema>;

/** The details of one participant of a booking. */
export const bookeoParticipantDetailsSchema = z.looseObject({
  peopleCategoryId: z.string(),
  personDetails: z.looseObject({
    firstName: z.string(),
    lastName: z.string(),
    birthDate: z.string().optional(),
    customFields: z.array(bookeoFieldValueSchema).optional(),
  }),
});
/** The details of one participant of a booking. */
export type BookeoParticipantDetails = z.infer<typeof bookeoParticipantDetailsSchema>;

/** How many people of each category a booking is for, and optionally who they are. */
export const bookeoParticipantsSchema = z.looseObject({
  numbers: z.array(z.looseObject({ peopleCategoryId: z.string(), number: z.number() })),
  details: z.array(bookeoParticipantDetailsSchema).optional(),
});
/** How many people of each category a booking is for. */
export type BookeoParticipants = z.infer<typeof bookeoParticipantsSchema>;

/**
 * Values of a payment's `paymentMethod`. Bookeo spells cheque `checque`, and `other` needs
 * `paymentMethodOther` to name the method.
 */
export const BOOKEO_PAYMENT_METHODS = [
  'creditCard',
  'paypal',
  'bankTransfer',
  'cash',
  'checque',
  'debitCard',
  'existingCredit',
  'accountCredit',
  'moneyVoucher',
  'other',
] as const;

/**
 * A payment, as `initialPayments` of a new booking sends it and bookings return it. `reason` is
 * shown to the customer, `description` says what the payment was for, and `comment` is a note
 * customers never see. Bookeo sets `id` and `creationTime`. `paymentMethod` stays a plain
 * string here, so a method Bookeo adds later does not break reading a booking.
 */
export const bookeoPaymentSchema = z.looseObject({
  id: z.string().optional(),
  creationTime: z.string().optional(),
  receivedTime: z.string().optional(),
  reason: z.string().optional(),
  description: z.string().optional(),
  comment: z.string().optional(),
  amount: bookeoMoneySchema,
  paymentMethod: z.string(),
  paymentMethodOther: z.string().optional(),
});
/** A payment recorded with a booking. */
export type BookeoPayment = z.infer<typeof bookeoPaymentSchema>;

/** The body of `POST /bookings`, and of `POST /holds`, which takes the same shape. */
export const bookeoBookingRequestSchema = z.looseObject({
  productId: z.string(),
  eventId: z.string().optional(),
  startTime: z.string().optional(),
  endTime: z.string().optional(),
  customer: bookeoCustomerSchema,
  participants: bookeoParticipantsSchema,
  options: z.array(bookeoFieldValueSchema).optional(),
  externalRef: z.string().max(BOOKEO_LIMITS.externalRefMaxLength).optional(),
  initialPayments: z.array(bookeoPaymentSchema).optional(),
});
/** The body of `POST /bookings`. */
export type BookeoBookingRequest = z.infer<typeof bookeoBookingRequestSchema>;

/** The body of `POST /holds`: a booking whose customer may still be unknown. */
export const bookeoHoldRequestSchema = bookeoBookingRequestSchema.extend({
  customer: bookeoCustomerSchema.partial().optional(),
});
/** The body of `POST /holds`. */
export type BookeoHoldRequest = z.infer<typeof bookeoHoldRequestSchema>;

/** The price of a booking or a hold. */
export const bookeoBookingPriceSchema = z.looseObject({
  totalGross: bookeoMoneySchema,
  totalNet: bookeoMoneySchema,
  totalTaxes: bookeoMoneySchema,
  totalPaid: bookeoMoneySchema,
});
/** The price of a booking or a hold. */
export type BookeoBookingPrice = z.infer<typeof bookeoBookingPriceSchema>;

/** The response of `POST /holds`: seats reserved until `expiration`. */
export const bookeoHoldSchema = z.looseObject({
  id: z.string(),
  price: bookeoBookingPriceSchema,
  expiration: z.string(),
});
/** Seats reserved until `expiration`. */
export type BookeoHold = z.infer<typeof bookeoHoldSchema>;

/**
 * A booking as `POST /bookings` and `GET /bookings` return it. `accepted: false` means the
 * business has still to accept it (products with `acceptDeny`). A cancelled booking stays
 * readable with `canceled: true`.
 */
export const bookeoBookingSchema = bookeoBookingRequestSchema.extend({
  customer: bookeoCustomerSchema.partial().optional(),
  bookingNumber: z.union([z.string(), z.number().transform(String)]),
  startTime: z.string(),
  endTime: z.string(),
  price: bookeoBookingPriceSchema,
  accepted: z.boolean().default(true),
  canceled: z.boolean().default(false),
  creationTime: z.string(),
  lastChangeTime: z.string().optional(),
});
/** A booking as Bookeo returns it. */
export type BookeoBooking = z.infer<typeof bookeoBookingSchema>;

// NOTE: Bookeo does not document the statuses below. The sandbox uses them, and the helpers that
// follow recognize them by status and message so the connector and the sandbox agree:
// - not enough seats: 409, message mentions "seats";
// - `previousHoldId` expired, released or unknown: 409, message states that the hold expired;
// - product with `apiBookingsAllowed: false`: 403;
// - `DELETE /bookings/{n}` on a cancelled booking: 204 again, nothing changes.

/** Tells whether an error response means the hold given as `previousHoldId` has expired. */
export function isHoldExpiredError(status: number, body: BookeoError | undefined): boolean {
  return status === 409 && /\bhold\b.*\bexpired\b/i.test(body?.message ?? '');
}

/** Tells whether an error response means the event has too few seats left for the booking. */
export function isInsufficientSeatsError(status: number, body: BookeoError | undefined): boolean {
  return status === 409 && /\bseats?\b/i.test(body?.message ?? '');
}

/** An age range in years, both ends included. */
export interface BookeoAgeRange {
  minAge: number;
  maxAge: number;
}

/**
 * Reads an age range such as "ages 5-8", "Ages 6 to 12" or "age 4–5" from a product's name or
 * description. Returns undefined when the text has none.
 */
export function parseAgeRange(text: string | undefined): BookeoAgeRange | undefined {
  const match = /\bages?\s+(\d{1,2})\s*(?:-|–|to)\s*(\d{1,2})\b/i.exec(text ?? '');
  if (!match) return undefined;

  const minAge = Number(match[1]);
  const maxAge = Number(match[2]);
  return minAge <= maxAge ? { minAge, maxAge } : undefined;
}
