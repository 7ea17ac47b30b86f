import { createHash } from 'node:crypto';
import {
  ConnectorError,
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
import type { VendorSummary } from '../search/search-programs.js';

/** A registration as the hub reports it; answers stay in the ledger. */
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
  receipt?: BookingReceipt;
  cancellation?: CancellationResult;
  /** Error of the last booking attempt, for `failed` registrations. */
  error?: StoredError;
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
  };
  if (record.quote) view.quote = record.quote;
  if (record.hold) view.hold = record.hold;
  if (record.receipt) view.receipt = record.receipt;
  if (record.cancellation) view.cancellation = record.cancellation;
  if (record.error && record.state === 'failed') view.error = record.error;
  if (warnings.length > 0) view.warnings = warnings;
  return view;
}

/** Loads a ledger row; `not_found` when the token matches none. */
export async function loadRecord(
  hub: HubContext,
  registrationId: string,
): Promise<RegistrationRecord> {
  const record = await hub.ledger.getRegistration(registrationId);
  if (!record) {
    throw new ConnectorError(
      'not_found',
      'No registration matches this token. Prepare the registration again with prepare_registration.',
    );
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
