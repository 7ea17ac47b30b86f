import {
  ConnectorError,
  RegistrationRequestSchema,
  validateRegistrationAnswers,
  type BookingReceipt,
  type RegistrationRequest,
} from '@signupassist/contract';
import { CAMPMINDER_PATHS } from './campminder-api.js';
import { loadCatalogData } from './catalog.js';
import {
  buildCatalog,
  parseSessionId,
  type CampMinderCatalogData,
  type CatalogSession,
} from './catalog-model.js';
import { buildForm, loadCustomFields } from './form.js';
import { handoffReceipt, referenceFor } from './handoff.js';
import type { CampMinderClient } from './http-client.js';

function parseRequest(client: CampMinderClient, request: RegistrationRequest): void {
  const parsed = RegistrationRequestSchema.safeParse(request);
  if (parsed.success) return;

  const issue = parsed.error.issues[0];
  throw new ConnectorError(
    'invalid_request',
    `Invalid registration request: ${issue?.path.join('.') || '(request)'} ${issue?.message}.`,
    { vendorId: client.context.vendor.id },
  );
}

/**
 * Tells why a session id is missing from the catalog: `registration_closed` when CampMinder
 * has the session or program but it is inactive, else `not_found`.
 */
function missingSessionError(
  client: CampMinderClient,
  data: CampMinderCatalogData,
  request: Pick<RegistrationRequest, 'programId' | 'sessionId'>,
): ConnectorError {
  const vendor = client.context.vendor;
  const ids = parseSessionId(request.sessionId);
  const session = data.sessions.find(
    (item) => item.ID === ids?.sessionId && item.SeasonID === client.config.seasonId,
  );
  const program =
    ids?.campProgramId === undefined
      ? undefined
      : data.programs.find((item) => item.ID === ids.campProgramId);
  if (session && (!session.IsActive || program?.IsActive === false)) {
    return new ConnectorError(
      'registration_closed',
      `Session "${request.sessionId}" of vendor "${vendor.displayName}" is no longer open in ` +
        'CampMinder. Choose another session.',
      { vendorId: vendor.id },
    );
  }
  return new ConnectorError(
    'not_found',
    `CampMinder has no session "${request.sessionId}" in season ${client.config.seasonId} for ` +
      `vendor "${vendor.displayName}".`,
    { vendorId: vendor.id },
  );
}

function findBookableSession(
  client: CampMinderClient,
  data: CampMinderCatalogData,
  request: RegistrationRequest,
): CatalogSession {
  const session = buildCatalog(data, client.config).sessions.get(request.sessionId);
  if (!session) throw missingSessionError(client, data, request);
  if (session.programId !== request.programId) {
    throw new ConnectorError(
      'not_found',
      `Session "${request.sessionId}" belongs to program "${session.programId}", not to ` +
        `"${request.programId}".`,
      { vendorId: client.context.vendor.id },
    );
  }
  return session;
}

/**
 * Prepares the hand-off of a registration. It checks that the session is active and the
 * answers fit the form, then returns a `handoff_required` receipt with the camp's registration
 * URL. It writes nothing to CampMinder, and the reference comes from the idempotency key, so a
 * repeated call returns the same receipt.
 */
export async function book(
  client: CampMinderClient,
  request: RegistrationRequest,
): Promise<BookingReceipt> {
  parseRequest(client, request);
  const data = await loadCatalogData(client);
  const session = findBookableSession(client, data, request);

  const form = buildForm(session.programId, session, await loadCustomFields(client));
  const issues = validateRegistrationAnswers(form, request);
  if (issues.length > 0) {
    throw new ConnectorError(
      'invalid_fields',
      `The registration has ${issues.length} invalid ${issues.length === 1 ? 'answer' : 'answers'}.`,
      { vendorId: client.context.vendor.id, fields: issues },
    );
  }

  const reference = referenceFor(request.idempotencyKey);
  const receipt = handoffReceipt(
    client.config,
    client.context.vendor.displayName,
    {
      booking: {
        sessionId: session.id,
        campSessionId: session.sessionId,
        ...(session.campProgramId === undefined ? {} : { campProgramId: session.campProgramId }),
        reference,
      },
      programId: session.programId,
      status: 'handoff_required',
      campers: request.participants.length,
      registration: request,
    },
    client.failureScope(`GET ${CAMPMINDER_PATHS.sessions}`),
  );
  client.context.logger.info(
    { ...client.logFields, bookingId: receipt.bookingId, campers: request.participants.length },
    'CampMinder hand-off prepared',
  );
  return receipt;
}
