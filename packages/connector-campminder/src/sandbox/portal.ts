import { http, type RequestHandler } from 'msw';
import type { CampMinderSession } from '../campminder-api.js';
import {
  PORTAL_PATH,
  readFamilyRegistration,
  readPortalAnswers,
  readPortalTarget,
  type PortalAnswers,
  type PortalTarget,
} from './portal-form.js';
import { errorPage, escapeHtml, page, PortalError } from './portal-html.js';
import { createOfficeHandler, officeFormHtml } from './portal-office.js';
import { registerFamily } from './registrations.js';
import type { SandboxCamp, SandboxState } from './state.js';

/** Status a registration submitted through the portal page gets: the camp has yet to review it. */
const SUBMITTED_STATUS = 'Applied';

/** Finds the camp and session a portal request names; throws a 404 page error when unknown. */
function findSession(
  state: SandboxState,
  target: PortalTarget,
): { camp: SandboxCamp; session: CampMinderSession; programName?: string } {
  const camps = [...state.camps.values()].filter(
    (camp) => target.clientId === undefined || camp.seed.clientId === target.clientId,
  );
  for (const camp of camps) {
    const session = camp.seed.sessions.find((item) => item.ID === target.sessionId);
    if (!session?.IsActive) continue;
    if (target.programId === null) return { camp, session };
    const program = camp.seed.programs.find(
      (item) =>
        item.ID === target.programId &&
        item.IsActive &&
        (item.ProgramSeasons ?? []).some((season) => season.SessionID === session.ID),
    );
    if (!program) {
      throw new PortalError(
        404,
        `Program ${target.programId} is not offered in session ${target.sessionId}.`,
      );
    }
    return { camp, session, programName: program.Name };
  }
  throw new PortalError(404, `Session ${target.sessionId} is not open for registration.`);
}

function input(label: string, name: string, value: string | undefined, type = 'text'): string {
  return (
    `<label>${escapeHtml(label)} <input type="${type}" name="${name}" ` +
    `value="${escapeHtml(value ?? '')}"></label><br>`
  );
}

function formHtml(answers: PortalAnswers): string {
  const { guardian } = answers;
  const campers = answers.campers.length > 0 ? answers.campers : [{}];
  const camperFields = campers.map((camper: PortalAnswers['campers'][number], index) => {
    const prefix = `camper${index + 1}`;
    return (
      `<fieldset><legend>Camper ${index + 1}</legend>\n` +
      input('First name', `${prefix}FirstName`, camper.firstName) +
      input('Last name', `${prefix}LastName`, camper.lastName) +
      input('Birth date', `${prefix}BirthDate`, camper.birthDate, 'date') +
      '</fieldset>'
    );
  });
  return (
    '<fieldset><legend>Parent or guardian</legend>\n' +
    input('First name', 'guardianFirstName', guardian.firstName) +
    input('Last name', 'guardianLastName', guardian.lastName) +
    input('Email', 'guardianEmail', guardian.email, 'email') +
    input('Phone', 'guardianPhone', guardian.phone, 'tel') +
    `</fieldset>\n${camperFields.join('\n')}\n`
  );
}

function sessionTitle(session: CampMinderSession, programName?: string): string {
  return programName ? `${session.Name}: ${programName}` : session.Name;
}

/**
 * Renders the registration page, which names the camp, session and reference and shows the
 * form with the prefilled answers.
 */
function showForm(state: SandboxState, url: URL): Response {
  const target = readPortalTarget(url.searchParams);
  const { camp, session, programName } = findSession(state, target);
  const title = sessionTitle(session, programName);
  const dates = `${session.StartDate.slice(0, 10)} to ${session.EndDate.slice(0, 10)}`;
  const body =
    `<h1>${escapeHtml(camp.seed.name)}</h1>\n` +
    `<h2>Register for ${escapeHtml(title)}</h2>\n` +
    `<p>${escapeHtml(dates)}. Reference ${escapeHtml(target.reference)}.</p>\n` +
    `<form method="post" action="${escapeHtml(url.pathname + url.search)}">\n` +
    formHtml(readPortalAnswers(url.searchParams)) +
    '<button type="submit">Submit application</button>\n</form>';
  return page(200, `${title}: ${camp.seed.name}`, body);
}

/** Takes the submitted form: the query's session and prefill, overridden by the form fields. */
async function submitForm(state: SandboxState, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const params = new URLSearchParams(url.searchParams);
  const form = new URLSearchParams(await request.text());
  for (const [name, value] of form) params.set(name, value);

  const registration = readFamilyRegistration(params);
  const { camp, session, programName } = findSession(state, registration);
  registerFamily(state, { ...registration, clientId: camp.seed.clientId }, SUBMITTED_STATUS);
  const title = sessionTitle(session, programName);
  const body =
    `<h1>${escapeHtml(camp.seed.name)}</h1>\n` +
    `<p>Thank you. Your application for ${escapeHtml(title)} is received; the camp office ` +
    `reviews it and confirms by email. Reference ${escapeHtml(registration.reference)}.</p>\n` +
    officeFormHtml(camp.seed.clientId, registration.reference);
  return page(200, `Application received: ${camp.seed.name}`, body);
}

/** Creates the handlers of the camp's registration portal and camp office step under `base`. */
export function createPortalHandlers(state: SandboxState, base: string): RequestHandler[] {
  return [
    http.get(`${base}${PORTAL_PATH}`, ({ request }) => {
      try {
        return showForm(state, new URL(request.url));
      } catch (error) {
        return errorPage(error);
      }
    }),
    http.post(`${base}${PORTAL_PATH}`, async ({ request }) => {
      try {
        return await submitForm(state, request);
      } catch (error) {
        return errorPage(error);
      }
    }),
    createOfficeHandler(state, base),
  ];
}
