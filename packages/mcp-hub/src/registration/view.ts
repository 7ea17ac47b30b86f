import { createHash } from 'node:crypto';
import {
  ConnectorError,
  formatMoney,
  type BookingReceipt,
  type CancellationResult,
  type Hold,
} from '@signupassist/contract';
import type { HubContext } from '../hub-context.js';
import type {
  BookingMode,
  PriceBreakdown,
  RegistrationRecord,
  RegistrationState,
  StoredError,
} from '../ledger/types.js';
import { loadPaymentView, type PaymentView } from '../payments/view.js';
import type { VendorSummary } from '../search/search-programs.js';

/** Facts a family checks before confirming: program, session and participants. */
export interface PreparedDetails {
  programTitle: string;
  /** The session's start and end (ISO 8601 with offset) and its IANA time zone. */
  session?: { start: string; end: string; timeZone: string };
  /** One entry per participant: the first name when the form has that field, and the category label. */
  participants: { firstName?: string; category: string }[];
}

/** A registration as the hub reports it; answers stay in the ledger, except `details`. */
export interface RegistrationView {
  /** Token for `confirm`, `get` and `cancel`. It grants control of the registration, so it is a secret. */
  registrationId: string;
  state: RegistrationState;
  vendor: VendorSummary;
  programId: string;
  sessionId: string;
  bookingMode: BookingMode;
  participantCount: number;
  quote?: PriceBreakdown;
  hold?: Hold;
  /** When the prepared registration or its hold lapses, as ISO 8601. */
  expiresAt: string;
  /** True when a `prepared` registration is past `expiresAt` by the hub's clock. */
  expired: boolean;
  /** Set by prepare, for the summary the family checks before confirming. */
  details?: PreparedDetails;
  receipt?: BookingReceipt;
  cancellation?: CancellationResult;
  /** Error of the last booking attempt, for `failed` registrations. */
  error?: StoredError;
  /** The payment through the hub: success fee, Connect program fee, link and status. */
  payment?: PaymentView;
  /** Notes for the family, e.g. that the status could not be refreshed. */
  warnings?: string[];
}

/** Builds the view of a ledger row, with the vendor's current display name. */
export async function toView(
  hub: HubContext,
  record: RegistrationRecord,
  warnings: string[] = [],
): Promise<RegistrationView> {
  const vendor = await hub.vendors.getVendor(record.vendorId);
  const view: RegistrationView = {
    registrationId: record.id,
    state: record.state,
    vendor: { id: record.vendorId, displayName: vendor?.displayName ?? record.vendorId },
    programId: record.programId,
    sessionId: record.sessionId,
    bookingMode: record.bookingMode,
    participantCount: record.request.participants.length,
    expiresAt: record.expiresAt.toISOString(),
    expired: record.state === 'prepared' && record.expiresAt.getTime() <= hub.clock.now().getTime(),
  };
  if (record.quote) view.quote = record.quote;
  if (record.hold) view.hold = record.hold;
  if (record.receipt) view.receipt = record.receipt;
  if (record.cancellation) view.cancellation = record.cancellation;
  if (record.error && record.state === 'failed') view.error = record.error;
  const payment = await loadPaymentView(hub, record.id);
  if (payment) view.payment = payment;
  const priceChange = record.state === 'booked' ? priceChangeWarning(record) : undefined;
  const allWarnings = priceChange ? [priceChange, ...warnings] : warnings;
  if (allWarnings.length > 0) view.warnings = allWarnings;
  return view;
}

/**
 * Returns a warning when the booked total differs from the quote the family agreed to. The
 * booking is kept, because the provider made it, and the family is sent to the vendor about
 * the difference.
 */
export function priceChangeWarning(record: RegistrationRecord): string | undefined {
  const quoted = record.quote?.total;
  const booked = record.receipt?.price.total;
  if (!quoted || !booked) return undefined;
  if (quoted.currency === booked.currency && quoted.amountMinor === booked.amountMinor) {
    return undefined;
  }

  let comparison: string;
  if (quoted.currency !== booked.currency) comparison = 'in another currency than';
  else comparison = booked.amountMinor > quoted.amountMinor ? 'higher than' : 'lower than';
  return (
    `The booked total is ${formatMoney(booked)}, ${comparison} the quoted ` +
    `${formatMoney(quoted)}. The vendor set this price; contact them about the difference.`
  );
}

/**
 * Loads a ledger row, or throws `not_found`. The message does not repeat the id, because the
 * id grants control of the registration and error messages reach the logs.
 */
export async function loadRecord(
  hub: HubContext,
  registrationId: string,
  options: { confirming?: boolean } = {},
): Promise<RegistrationRecord> {
  const record = await hub.ledger.getRegistration(registrationId);
  if (!record) {
    const next = options.confirming
      ? 'Check the id that prepare_registration returned, or prepare the registration again.'
      : 'Check that it is the registrationId exactly as prepare_registration returned it.';
    throw new ConnectorError('not_found', `No registration has this registrationId. ${next}`);
  }
  return record;
}

/**
 * Returns a short digest of a registration token for logs. The token itself grants control of
 * the registration, so it is never logged; the digest still lets operators match log lines.
 */
export function registrationRef(registrationId: string): string {
  return createHash('sha256').update(registrationId).digest('hex').slice(0, 16);
}
