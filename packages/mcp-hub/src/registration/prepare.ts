import {
  ConnectorError,
  IdempotencyKeySchema,
  RegistrationRequestSchema,
  type Answers,
  type FieldIssue,
  type Hold,
  type ParticipantAnswersSchema,
  type Program,
  type RegistrationForm,
  type Session,
} from '@signupassist/contract';
import type { z } from 'zod';
import { bookingModeOf, findProgram, listUpcomingSessions } from '../catalog.js';
import { issuePath } from '../errors.js';
import { liveVendor, type HubContext } from '../hub-context.js';
import { fingerprint, newIdempotencyKey, newRegistrationId } from '../ids.js';
import type { PriceBreakdown, RegistrationRecord, StoredRequest } from '../ledger/types.js';
import { startPayment } from '../payments/checkout.js';
import { hasPayments } from '../payments/context.js';
import { planPayment, type PaymentPlan } from '../payments/plan.js';
import { settlePayment } from '../payments/settle.js';
import type { RoutedVendor } from '../router/provider-router.js';
import { ageIssues } from './age-check.js';
import { answerIssues } from './answer-checks.js';
import { preparedDetails } from './details.js';
import { quoteFromSession } from './quote.js';
import { keyMismatchError, reserveKey } from './key-reservation.js';
import { checkSessionOpen } from './session-checks.js';
import { registrationRef, toView, type RegistrationView } from './view.js';

/** Input of {@link prepareRegistration}. */
export interface PrepareRegistrationInput {
  vendorId: string;
  programId: string;
  sessionId: string;
  guardian: Answers;
  participants: z.infer<typeof ParticipantAnswersSchema>[];
  booking?: Answers;
  /**
   * Client key that makes prepare itself repeatable: the same key with the same request
   * returns the same registration, and with a different request is `idempotency_mismatch`.
   */
  idempotencyKey?: string;
}

const StoredRequestSchema = RegistrationRequestSchema.omit({ idempotencyKey: true, holdId: true });

/** Returns the request that the fingerprint and the ledger store. */
function storedRequest(input: PrepareRegistrationInput): StoredRequest {
  const request: StoredRequest = {
    programId: input.programId,
    sessionId: input.sessionId,
    guardian: input.guardian,
    participants: input.participants,
  };
  if (input.booking && Object.keys(input.booking).length > 0) request.booking = input.booking;
  const parsed = StoredRequestSchema.safeParse(request);
  if (!parsed.success) {
    const fields: FieldIssue[] = parsed.error.issues.map((issue) => ({
      path: issuePath(issue),
      message: issue.message,
    }));
    throw new ConnectorError('invalid_fields', 'Some registration details are malformed.', {
      fields,
    });
  }
  return parsed.data;
}

/** Fingerprint of a registration request: vendor plus canonical request, without the key. */
export function requestFingerprint(vendorId: string, request: StoredRequest): string {
  return fingerprint({ vendorId, request: { ...request, booking: request.booking ?? {} } });
}

/**
 * Checks the answers against the provider's form and the session's availability, quotes the
 * price, places a hold when the vendor supports holds, and stores a `prepared` registration.
 * Nothing is booked until {@link confirmRegistration}. A client's idempotency key is reserved
 * in the ledger first, so of several concurrent prepares with one key only one places a hold,
 * and the others return its registration.
 */
export async function prepareRegistration(
  hub: HubContext,
  input: PrepareRegistrationInput,
  requestId: string,
): Promise<RegistrationView> {
  const request = storedRequest(input);
  const print = requestFingerprint(input.vendorId, request);
  const registrationId = newRegistrationId();
  const clientKey = input.idempotencyKey;
  if (clientKey === undefined) {
    return prepareNew(hub, input, request, print, registrationId, requestId);
  }

  if (!IdempotencyKeySchema.safeParse(clientKey).success) {
    throw new ConnectorError(
      'invalid_request',
      'idempotencyKey must be 8 to 128 letters, digits or . _ : - characters.',
    );
  }
  const reservation = { idempotencyKey: clientKey, registrationId, fingerprint: print };
  const existing = await reserveKey(hub, reservation);
  if (existing) return repeatedView(hub, existing, requestId);
  try {
    return await prepareNew(hub, input, request, print, registrationId, requestId);
  } finally {
    // The insert drops the reservation; after a failure this lets the next prepare take the key.
    await hub.ledger.releaseIdempotencyKey(clientKey, registrationId);
  }
}

/** Prepares a registration whose idempotency key this call owns or made. */
async function prepareNew(
  hub: HubContext,
  input: PrepareRegistrationInput,
  request: StoredRequest,
  print: string,
  registrationId: string,
  requestId: string,
): Promise<RegistrationView> {
  const routed = await liveVendor(hub, input.vendorId, requestId);
  hub.logger.info(
    {
      requestId,
      vendorId: routed.vendor.id,
      connectorId: routed.manifest.id,
      operation: 'prepare',
    },
    'Registration prepare started',
  );
  if (routed.capabilities.book === 'absent') {
    throw new ConnectorError(
      'unsupported',
      `${routed.vendor.displayName} does not take registrations through the hub.`,
    );
  }

  const { form, session, program } = await loadTarget(hub, routed, request, requestId);
  const bookingMode = bookingModeOf(routed, program);
  checkAnswers(form, program, session, request);
  if (!session) {
    throw new ConnectorError(
      'not_found',
      `${program.title} has no upcoming session "${request.sessionId}". Use get_program to list current sessions.`,
    );
  }
  checkSessionOpen(session, request.participants.length, hub.clock.now());

  const hold = bookingMode === 'api' ? await placeHold(hub, routed, request, requestId) : undefined;
  const quote = hold?.price ?? quoteFromSession(session, form, request.participants);
  const plan = await planOrRelease(hub, routed, request.programId, quote, hold, requestId);
  const expiresAt = hold
    ? new Date(hold.expiresAt)
    : new Date(hub.clock.now().getTime() + hub.timings.preparedTtlMs);

  const registration = {
    id: registrationId,
    idempotencyKey: input.idempotencyKey ?? newIdempotencyKey(),
    vendorId: routed.vendor.id,
    connectorId: routed.manifest.id,
    fingerprint: print,
    request,
    bookingMode,
    expiresAt,
    ...(quote ? { quote } : {}),
    ...(hold ? { hold } : {}),
  };
  const details = preparedDetails(program, session, form, request);
  const result = await hub.ledger.insertPrepared(registration);
  if (!result.inserted) {
    // Another prepare with the same key took over this one's reservation after the lease and
    // stored first; the hold placed here is not needed.
    if (hold) await releaseHold(hub, routed, hold, requestId);
    return { ...(await toView(hub, sameRequest(result.record, print))), details };
  }
  hub.logger.info(
    {
      requestId,
      vendorId: routed.vendor.id,
      registration: registrationRef(registration.id),
      holdPlaced: Boolean(hold),
      ...(plan ? { paymentPath: plan.path } : {}),
    },
    'Registration prepared',
  );
  if (plan && hasPayments(hub)) {
    await startPayment(hub, registration.id, routed.vendor.id, plan, requestId);
  }
  return { ...(await toView(hub, result.record)), details };
}

/**
 * Decides the registration's payment when the hub takes payments. The hold placed for it is
 * released when the vendor's payment settings do not fit the program, since the
 * registration cannot go on.
 */
async function planOrRelease(
  hub: HubContext,
  routed: RoutedVendor,
  programId: string,
  quote: PriceBreakdown | undefined,
  hold: Hold | undefined,
  requestId: string,
): Promise<PaymentPlan | undefined> {
  if (!hasPayments(hub)) return undefined;
  try {
    return await planPayment(hub, routed, programId, quote, requestId);
  } catch (error) {
    if (hold) await releaseHold(hub, routed, hold, requestId);
    throw error;
  }
}

/** Fetches the form, the program and the requested session (undefined when not upcoming). */
async function loadTarget(
  hub: HubContext,
  routed: RoutedVendor,
  request: StoredRequest,
  requestId: string,
): Promise<{ form: RegistrationForm; program: Program; session: Session | undefined }> {
  const [form, sessions, program] = await Promise.all([
    hub.router.call(routed, 'getRegistrationForm', { requestId }, (connector, context) =>
      connector.getRegistrationForm(context, {
        programId: request.programId,
        sessionId: request.sessionId,
      }),
    ),
    listUpcomingSessions(hub, routed, request.programId, requestId),
    findProgram(hub, routed, request.programId, requestId),
  ]);
  const session = sessions.find((candidate) => candidate.id === request.sessionId);
  return { form, program, session };
}

/**
 * Returns the registration of a prepare repeated with the same key. Its details are fetched
 * again, best effort: without them the summary names only the vendor and the price.
 */
async function repeatedView(
  hub: HubContext,
  record: RegistrationRecord,
  requestId: string,
): Promise<RegistrationView> {
  // A payment link that could not be created at the first prepare is created now.
  if (record.state === 'prepared') await settlePayment(hub, record, requestId);
  const view = await toView(hub, record);
  if (record.state !== 'prepared') return view;
  try {
    const routed = await liveVendor(hub, record.vendorId, requestId);
    const { form, program, session } = await loadTarget(hub, routed, record.request, requestId);
    return { ...view, details: preparedDetails(program, session, form, record.request) };
  } catch {
    // The router logged any connector failure, and the stored registration is still valid.
    return view;
  }
}

function sameRequest(existing: RegistrationRecord, print: string): RegistrationRecord {
  if (existing.fingerprint !== print) throw keyMismatchError();
  return existing;
}

/** Throws one `invalid_fields` listing every bad answer, including ages that do not fit. */
function checkAnswers(
  form: RegistrationForm,
  program: Program,
  session: Session | undefined,
  request: StoredRequest,
): void {
  const fields = answerIssues(form, request);
  if (session) fields.push(...ageIssues(form, program, session, request.participants));
  if (fields.length > 0) {
    const count = fields.length === 1 ? 'One answer needs' : `${fields.length} answers need`;
    throw new ConnectorError('invalid_fields', `${count} fixing before registering.`, { fields });
  }
}

async function placeHold(
  hub: HubContext,
  routed: RoutedVendor,
  request: StoredRequest,
  requestId: string,
): Promise<Hold | undefined> {
  const connector = routed.connector;
  if (routed.capabilities.holds === 'absent' || typeof connector.hold !== 'function')
    return undefined;
  return hub.router.call(routed, 'hold', { requestId }, (_, context) =>
    connector.hold!(context, request),
  );
}

/** Releases a hold that is no longer needed; a failure is logged, since the hold lapses anyway. */
export async function releaseHold(
  hub: HubContext,
  routed: RoutedVendor,
  hold: Hold,
  requestId: string,
): Promise<void> {
  const connector = routed.connector;
  if (typeof connector.releaseHold !== 'function') return;
  try {
    await hub.router.call(routed, 'releaseHold', { requestId }, (_, context) =>
      connector.releaseHold!(context, { holdId: hold.id }),
    );
  } catch {
    // The router logged the failure; the hold expires on its own.
  }
}
