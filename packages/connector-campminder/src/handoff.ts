import { createHash } from 'node:crypto';
import {
  BookingReceiptSchema,
  ConnectorError,
  type Answers,
  type BookingReceipt,
  type BookingStatus,
  type Money,
  type RegistrationDetails,
} from '@signupassist/contract';
import { sessionPrice, parseSessionId } from './catalog-model.js';
import type { CampMinderConfig } from './config.js';
import { checkOutput, type FailureScope } from './errors.js';

/** Prefix of every hand-off reference, so a camp can tell them from its own ExternalIDs. */
export const REFERENCE_PREFIX = 'SA';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Pattern of a hand-off reference: `SA` and 16 base32 characters. */
export const REFERENCE_PATTERN = /^SA[A-Z2-7]{16}$/;

/**
 * Derives the hand-off reference from the idempotency key: `SA` and the first 80 bits of its
 * SHA-256 in base32 (RFC 4648), 18 characters that fit CampMinder's ExternalID pattern. The
 * same key always gives the same reference, so a repeated `book` returns the same receipt.
 */
export function referenceFor(idempotencyKey: string): string {
  const digest = createHash('sha256').update(idempotencyKey).digest();
  let bits = 0;
  let value = 0;
  let text = '';
  for (const byte of digest.subarray(0, 10)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      text += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return `${REFERENCE_PREFIX}${text}`;
}

/** Separator between the session id and the reference in a booking id. */
const BOOKING_ID_SEPARATOR = '~';

/** Builds a booking id: the canonical session id and the reference, `1001-55~SA...`. */
export function bookingIdFor(sessionId: string, reference: string): string {
  return `${sessionId}${BOOKING_ID_SEPARATOR}${reference}`;
}

/** The parts of a booking id. */
export interface ParsedBookingId {
  /** Canonical session id. */
  sessionId: string;
  /** CampMinder session id. */
  campSessionId: number;
  /** CampMinder program id, for a program of a session. */
  campProgramId?: number;
  reference: string;
}

/** Splits a booking id, or returns undefined when it is not one this connector made. */
export function parseBookingId(bookingId: string): ParsedBookingId | undefined {
  const index = bookingId.lastIndexOf(BOOKING_ID_SEPARATOR);
  if (index < 0) return undefined;
  const sessionId = bookingId.slice(0, index);
  const reference = bookingId.slice(index + 1);
  const ids = parseSessionId(sessionId);
  if (!ids || !REFERENCE_PATTERN.test(reference)) return undefined;
  return {
    sessionId,
    campSessionId: ids.sessionId,
    ...(ids.campProgramId === undefined ? {} : { campProgramId: ids.campProgramId }),
    reference,
  };
}

function textAnswer(answers: Answers | undefined, key: string): string | undefined {
  const value = answers?.[key];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Returns the prefill query parameters of a registration, without custom answers. */
export function prefillParameters(registration: RegistrationDetails): [string, string][] {
  const parameters: [string, string | undefined][] = [
    ['guardianFirstName', textAnswer(registration.guardian, 'firstName')],
    ['guardianLastName', textAnswer(registration.guardian, 'lastName')],
    ['guardianEmail', textAnswer(registration.guardian, 'email')],
    ['guardianPhone', textAnswer(registration.guardian, 'phone')],
  ];
  registration.participants.forEach((participant, index) => {
    const prefix = `camper${index + 1}`;
    parameters.push(
      [`${prefix}FirstName`, textAnswer(participant.answers, 'firstName')],
      [`${prefix}LastName`, textAnswer(participant.answers, 'lastName')],
      [`${prefix}BirthDate`, textAnswer(participant.answers, 'birthDate')],
    );
  });
  return parameters.filter((entry): entry is [string, string] => entry[1] !== undefined);
}

/**
 * Builds the URL where the family registers: the configured template with {sessionId},
 * {programId} and {reference} filled in, URL-encoded, and with `prefill` the family's answers
 * as query parameters. {programId} is empty for a session without programs.
 */
export function registrationUrlFor(
  config: Pick<CampMinderConfig, 'registrationUrl' | 'prefill'>,
  booking: Pick<ParsedBookingId, 'campSessionId' | 'campProgramId' | 'reference'>,
  registration?: RegistrationDetails,
): string {
  const values: Record<string, string> = {
    sessionId: String(booking.campSessionId),
    programId: booking.campProgramId === undefined ? '' : String(booking.campProgramId),
    reference: booking.reference,
  };
  const filled = config.registrationUrl.replace(/\{(sessionId|programId|reference)\}/g, (_, name) =>
    encodeURIComponent(values[name as string] ?? ''),
  );
  const url = new URL(filled);
  if (!config.prefill || registration === undefined) return url.href;

  // The parameters are appended to the query as written, because rewriting it through
  // searchParams would change the camp's own parameters ("embed" to "embed=", "%20" to "+").
  const prefill = new URLSearchParams(prefillParameters(registration)).toString();
  if (prefill !== '') url.search = url.search === '' ? prefill : `${url.search}&${prefill}`;
  return url.href;
}

/** Returns the instructions shown with a hand-off link. */
export function handoffInstructions(campName: string, reference: string): string {
  return (
    `Finish the registration on ${campName}'s own registration page; the camp takes payment ` +
    `there. Quote reference ${reference} if you contact the camp about it.`
  );
}

/** Inputs of a hand-off receipt. */
export interface HandoffReceiptInput {
  booking: ParsedBookingId;
  programId: string;
  status: BookingStatus;
  /** Number of campers the price is for. */
  campers: number;
  registration?: RegistrationDetails;
  warnings?: string[];
}

function priceOf(
  config: CampMinderConfig,
  booking: ParsedBookingId,
  campers: number,
): { total: Money; warning?: string } {
  const price = sessionPrice(config.pricing, booking.sessionId, booking.campSessionId);
  if (!price) {
    return {
      total: { amountMinor: 0, currency: config.pricing.currency },
      warning: 'No price is configured for this session; the camp’s registration page shows it.',
    };
  }
  return { total: { amountMinor: price.amountMinor * campers, currency: price.currency } };
}

/**
 * Builds the receipt of a hand-off: the registration URL as hand-off link and payment link,
 * the configured price times the campers, and the reference as external reference.
 */
export function handoffReceipt(
  config: CampMinderConfig,
  campName: string,
  input: HandoffReceiptInput,
  scope: FailureScope,
): BookingReceipt {
  const { booking } = input;
  const url = registrationUrlFor(config, booking, input.registration);
  const price = priceOf(config, booking, input.campers);
  const warnings = [...(input.warnings ?? []), ...(price.warning ? [price.warning] : [])];
  const receipt = {
    bookingId: bookingIdFor(booking.sessionId, booking.reference),
    status: input.status,
    programId: input.programId,
    sessionId: booking.sessionId,
    price: { total: price.total },
    payment: { method: 'provider_link', url },
    externalReference: booking.reference,
    handoff: {
      url,
      reference: booking.reference,
      instructions: handoffInstructions(campName, booking.reference),
    },
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  return checkOutput(BookingReceiptSchema, receipt, scope);
}

/**
 * Builds the error of `cancel`: CampMinder's API cannot cancel an enrollment, so the message
 * names the camp contact and the configured contact details.
 */
export function cancellationUnsupported(
  config: CampMinderConfig,
  vendor: { id: string; displayName: string },
): ConnectorError {
  const { contact } = config;
  const channels = [
    contact.email ? `email ${contact.email}` : undefined,
    contact.phone ? `call ${contact.phone}` : undefined,
    contact.url ? `visit ${contact.url}` : undefined,
  ].filter((channel): channel is string => channel !== undefined);
  const contactName = contact.name
    ? `${contact.name} at ${vendor.displayName}`
    : vendor.displayName;
  return new ConnectorError(
    'unsupported',
    `CampMinder registrations cannot be cancelled or changed here. To cancel, contact ` +
      `${contactName}: ${channels.join(', ')}.`,
    {
      vendorId: vendor.id,
      retryable: false,
      contact: {
        ...(contact.name ? { name: contact.name } : {}),
        ...(contact.email ? { email: contact.email } : {}),
        ...(contact.phone ? { phone: contact.phone } : {}),
        ...(contact.url ? { url: contact.url } : {}),
      },
    },
  );
}
