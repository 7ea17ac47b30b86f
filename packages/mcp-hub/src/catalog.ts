import {
  booksThroughApi,
  ConnectorError,
  registrationFormToJsonSchema,
  type JsonSchema,
  type Program,
  type RegistrationForm,
  type Session,
} from '@signupassist/contract';
import { liveVendor, type HubContext } from './hub-context.js';
import type { BookingMode } from './ledger/types.js';
import type { RoutedVendor } from './router/provider-router.js';
import type { VendorSummary } from './search/search-programs.js';

/** Number of upcoming sessions {@link getProgram} returns. */
export const PROGRAM_SESSION_LIMIT = 10;

/** Result of {@link getProgram}. */
export interface ProgramDetails {
  vendor: VendorSummary;
  program: Program;
  /** Upcoming sessions, earliest first, at most {@link PROGRAM_SESSION_LIMIT}. */
  sessions: Session[];
}

/** Result of {@link getRegistrationForm}. */
export interface RegistrationFormDetails {
  vendor: VendorSummary;
  form: RegistrationForm;
  /** The form as a JSON Schema of the `guardian`, `participants` and `booking` answers. */
  jsonSchema: JsonSchema;
}

/** Finds one program of a routed vendor; `not_found` when the catalog lacks it. */
export async function findProgram(
  hub: HubContext,
  routed: RoutedVendor,
  programId: string,
  requestId: string,
): Promise<Program> {
  const programs = await hub.router.call(
    routed,
    'listPrograms',
    { requestId },
    (connector, context) => connector.listPrograms(context),
  );
  const program = programs.find((candidate) => candidate.id === programId);
  if (!program) {
    throw new ConnectorError(
      'not_found',
      `${routed.vendor.displayName} has no program "${programId}". Search again for current programs.`,
      { vendorId: routed.vendor.id },
    );
  }
  return program;
}

/**
 * Returns how a program is completed. A connector that declares `book: "handoff"` returns a
 * hand-off receipt from `book`, so its programs are prepared as hand-offs. On a connector that
 * books through the API, a program the provider closes to API bookings cannot be completed
 * through the hub. Neither can any program of a vendor whose overrides narrow `book` to
 * hand-off there. Both are `unsupported`, so the family is not sent to confirm a booking that
 * must fail.
 */
export function bookingModeOf(routed: RoutedVendor, program: Program): BookingMode {
  const connectorHandsOff = routed.manifest.capabilities.book === 'handoff';
  if (routed.capabilities.book === 'handoff' && connectorHandsOff) return 'handoff';
  if (booksThroughApi(routed.capabilities) && program.bookingMode === 'api') return 'api';

  const vendor = routed.vendor.displayName;
  throw new ConnectorError(
    'unsupported',
    `${vendor} takes registrations for ${program.title} only through its own channels, not ` +
      `through the hub. Contact ${vendor} to register.`,
    { vendorId: routed.vendor.id },
  );
}

/** Builds the `not_found` error of a session id that is not among the upcoming sessions. */
export function unknownSessionError(routed: RoutedVendor, sessionId: string): ConnectorError {
  return new ConnectorError(
    'not_found',
    `This program has no upcoming session "${sessionId}" at ${routed.vendor.displayName}. ` +
      'Use get_program to list current sessions and their ids.',
    { vendorId: routed.vendor.id },
  );
}

/** Lists a program's sessions from now on, earliest first. */
export async function listUpcomingSessions(
  hub: HubContext,
  routed: RoutedVendor,
  programId: string,
  requestId: string,
): Promise<Session[]> {
  const from = hub.clock.now();
  const sessions = await hub.router.call(
    routed,
    'listSessions',
    { requestId },
    (connector, context) => connector.listSessions(context, { programId, from }),
  );
  return sessions
    .filter((session) => Date.parse(session.start) >= from.getTime())
    .sort((left, right) => Date.parse(left.start) - Date.parse(right.start));
}

/** Returns a program of a live vendor with its upcoming sessions. */
export async function getProgram(
  hub: HubContext,
  input: { vendorId: string; programId: string },
  requestId: string,
): Promise<ProgramDetails> {
  const routed = await liveVendor(hub, input.vendorId, requestId);
  const [program, sessions] = await Promise.all([
    findProgram(hub, routed, input.programId, requestId),
    listUpcomingSessions(hub, routed, input.programId, requestId),
  ]);
  return {
    vendor: { id: routed.vendor.id, displayName: routed.vendor.displayName },
    program,
    sessions: sessions.slice(0, PROGRAM_SESSION_LIMIT),
  };
}

/** Returns the registration form of a program or session, with its JSON Schema. */
export async function getRegistrationForm(
  hub: HubContext,
  input: { vendorId: string; programId: string; sessionId?: string },
  requestId: string,
): Promise<RegistrationFormDetails> {
  const routed = await liveVendor(hub, input.vendorId, requestId);
  const target = {
    programId: input.programId,
    ...(input.sessionId ? { sessionId: input.sessionId } : {}),
  };
  // A program the hub cannot complete gets no form, so the family is not asked for answers
  // that prepare_registration would then reject.
  bookingModeOf(routed, await findProgram(hub, routed, input.programId, requestId));
  const [form, sessions] = await Promise.all([
    hub.router.call(routed, 'getRegistrationForm', { requestId }, (connector, context) =>
      connector.getRegistrationForm(context, target),
    ),
    input.sessionId ? listUpcomingSessions(hub, routed, input.programId, requestId) : undefined,
  ]);
  if (sessions && !sessions.some((session) => session.id === input.sessionId)) {
    throw unknownSessionError(routed, input.sessionId!);
  }
  return {
    vendor: { id: routed.vendor.id, displayName: routed.vendor.displayName },
    form,
    jsonSchema: registrationFormToJsonSchema(form),
  };
}
