import { http, type RequestHandler } from 'msw';
import { errorPage, escapeHtml, page, PortalError } from './portal-html.js';
import { setRegistrationStatus } from './registrations.js';
import type { SandboxState } from './state.js';

/**
 * Path of the camp office step, after the sandbox's origin. A POST with `ref` (the hand-off
 * reference), `status` (`Enrolled` or `Withdrawn`) and optionally `client` (the camp's client
 * id) sets the status of that registration's campers. The parameters may come in the query or
 * in a form body. The real CampMinder has no such endpoint: camp staff set the status there.
 */
export const OFFICE_PATH = '/portal/office';

/** Statuses the camp office step sets: the camp accepts the camper or the family withdraws. */
const OFFICE_STATUSES = ['Enrolled', 'Withdrawn'] as const;

/** Tells whether a URL host name is a loopback address, so only this machine reaches it. */
function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Renders the camp office form for a registration. The page says that the step plays the
 * camp's staff, because a family never sees it at a real camp.
 */
export function officeFormHtml(clientId: number, reference: string): string {
  const buttons = OFFICE_STATUSES.map(
    (status) => `<button type="submit" name="status" value="${status}">Mark ${status}</button>`,
  ).join('\n');
  return (
    '<section>\n<h2>Camp office (sandbox only)</h2>\n' +
    "<p>This step stands in for the camp's staff, who review applications in CampMinder. " +
    'A real camp has no such form for families. Mark the application as the camp office ' +
    'would:</p>\n' +
    `<form method="post" action="${OFFICE_PATH}">\n` +
    `<input type="hidden" name="client" value="${clientId}">\n` +
    `<input type="hidden" name="ref" value="${escapeHtml(reference)}">\n` +
    `${buttons}\n</form>\n</section>`
  );
}

function readOfficeStatus(value: string | null): (typeof OFFICE_STATUSES)[number] {
  const text = value?.trim().toLowerCase() ?? '';
  const status = OFFICE_STATUSES.find((item) => item.toLowerCase() === text);
  if (status) return status;
  throw new RangeError(
    `Invalid status "${value ?? ''}": give one of ${OFFICE_STATUSES.join(', ')}.`,
  );
}

function readClientId(value: string | null): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (!/^\d+$/.test(text))
    throw new RangeError(`Invalid client "${text}": give the camp's client id.`);
  return Number(text);
}

/** Sets the status of the registration a POST names, from its query and form fields. */
async function markRegistration(state: SandboxState, request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (!isLoopbackHost(url.hostname)) {
    throw new PortalError(
      403,
      `The camp office step is served on loopback addresses only, not on ${url.hostname}. ` +
        'Start the sandbox on 127.0.0.1.',
    );
  }
  const params = new URLSearchParams(url.searchParams);
  for (const [name, value] of new URLSearchParams(await request.text())) params.set(name, value);

  const reference = params.get('ref')?.trim();
  if (!reference) throw new RangeError('Missing ref: give the reference of the hand-off.');
  const status = readOfficeStatus(params.get('status'));
  const clientId = readClientId(params.get('client'));
  const registration = setRegistrationStatus(state, { reference, clientId, status });

  const camp = state.camp(registration.clientId).seed;
  const body =
    `<h1>${escapeHtml(camp.name)}</h1>\n` +
    `<p>The camp office marked registration ${escapeHtml(reference)} for session ` +
    `${escapeHtml(registration.sessionId)} as ${status}. Its campers' enrollment status in ` +
    `the API is now ${status}.</p>\n` +
    officeFormHtml(registration.clientId, reference);
  return page(200, `Camp office: ${camp.name}`, body);
}

/** Creates the handler of the camp office step under `base`. */
export function createOfficeHandler(state: SandboxState, base: string): RequestHandler {
  return http.post(`${base}${OFFICE_PATH}`, async ({ request }) => {
    try {
      return await markRegistration(state, request);
    } catch (error) {
      return errorPage(error);
    }
  });
}
