import { setTimeout as sleep } from 'node:timers/promises';
import { http, HttpResponse, type RequestHandler } from 'msw';
import { CAMPMINDER_PATHS } from '../campminder-api.js';
import {
  listCustomFields,
  listPrograms,
  listSessionGroups,
  listSessions,
} from './catalog-handlers.js';
import {
  badRequest,
  errorResponse,
  rateLimitResponse,
  responseForError,
  SandboxApiError,
} from './errors.js';
import { listAttendees, listPersons, patchPerson } from './person-handlers.js';
import { createPortalHandlers } from './portal.js';
import type { EndpointHandler } from './request-context.js';
import type { SandboxCamp, SandboxState } from './state.js';
import { credentialIdOf, type TokenClaims } from './tokens.js';

type Method = 'get' | 'patch';

/**
 * Credential a route requires: the raw apiKey (token endpoint) or a bearer token. With `none`,
 * for unknown endpoints, a bearer token is read for the log but not required.
 */
type AuthKind = 'apiKey' | 'token' | 'none';

interface RouteInput {
  state: SandboxState;
  request: Request;
  params: Record<string, string | readonly string[] | undefined>;
}

/**
 * Creates the msw request handlers of the CampMinder emulator under `baseUrl` (the server's
 * origin, such as `http://127.0.0.1:41234`): the API endpoints the connector calls, and the
 * camp's registration portal at `/portal/register`. Every API request is logged, may take an
 * injected fault, and is authenticated; portal requests are neither logged nor faulted.
 */
export function createCampMinderHandlers(state: SandboxState, baseUrl: string): RequestHandler[] {
  const base = baseUrl.replace(/\/+$/, '');
  const route = (method: Method, path: string, endpoint: EndpointHandler) =>
    http[method](`${base}${path}`, ({ request, params }) =>
      handleRequest({ state, request, params }, 'token', async (claims) =>
        endpoint(await dataContext(state, request, params, claims)),
      ),
    );

  return [
    ...createPortalHandlers(state, base),
    http.get(`${base}${CAMPMINDER_PATHS.token}`, ({ request, params }) =>
      handleRequest({ state, request, params }, 'apiKey', () => issueToken(state, request)),
    ),
    route('get', CAMPMINDER_PATHS.sessions, listSessions),
    route('get', CAMPMINDER_PATHS.programs, listPrograms),
    route('get', CAMPMINDER_PATHS.groups, listSessionGroups),
    route('get', CAMPMINDER_PATHS.attendees, listAttendees),
    route('get', CAMPMINDER_PATHS.customFields, listCustomFields),
    route('get', CAMPMINDER_PATHS.persons, listPersons),
    route('patch', `${CAMPMINDER_PATHS.persons}/:id`, patchPerson),
    http.all(`${base}/*`, ({ request, params }) =>
      handleRequest({ state, request, params }, 'none', () => {
        const path = new URL(request.url).pathname;
        return errorResponse(404, `Unknown endpoint: ${request.method} ${path}.`);
      }),
    ),
  ];
}

/**
 * Logs a request, applies the fault it takes, and otherwise runs `endpoint`: after the
 * bearer token check for `token` routes. Errors become CampMinder error responses.
 */
async function handleRequest(
  input: RouteInput,
  auth: AuthKind,
  endpoint: (claims: TokenClaims | undefined) => Response | Promise<Response>,
): Promise<Response> {
  const { state, request } = input;
  const url = new URL(request.url);
  const presented = auth === 'apiKey' ? presentedApiKey(request) : presentedToken(request);
  const credentialId =
    auth === 'apiKey'
      ? presented && credentialIdOf(presented)
      : presented && state.tokens.read(presented)?.credentialId;
  const record = state.recordRequest({
    method: request.method,
    path: url.pathname,
    query: url.search.slice(1),
    ...(credentialId ? { credentialId } : {}),
    at: new Date().toISOString(),
  });

  const fault = state.faults.take(request.method, url.pathname);
  let response: Response;
  switch (fault?.kind) {
    case 'rateLimit':
      response = rateLimitResponse(fault.retryAfterSeconds);
      break;
    case 'serverError':
      response = errorResponse(
        fault.status ?? 503,
        'The service is temporarily unavailable. Retry later.',
      );
      break;
    // A network error: the loopback server destroys the socket without a response.
    case 'reset':
      response = HttpResponse.error();
      break;
    default:
      if (fault?.kind === 'latency') await sleep(fault.ms);
      response = await runEndpoint(state, request, auth, endpoint);
      if (fault?.kind === 'lostResponse') response = HttpResponse.error();
  }
  if (response.type !== 'error') record.status = response.status;
  return response;
}

async function runEndpoint(
  state: SandboxState,
  request: Request,
  auth: AuthKind,
  endpoint: (claims: TokenClaims | undefined) => Response | Promise<Response>,
): Promise<Response> {
  try {
    const claims = auth === 'token' ? authenticate(state, request) : undefined;
    return await endpoint(claims);
  } catch (error) {
    return responseForError(error);
  }
}

function presentedApiKey(request: Request): string | undefined {
  return request.headers.get('authorization')?.trim() || undefined;
}

function presentedToken(request: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1];
}

/** `GET /auth/apikey`: a token for the raw apiKey in `Authorization`. */
function issueToken(state: SandboxState, request: Request): Response {
  const subscriptionKey = request.headers.get('ocp-apim-subscription-key')?.trim() || undefined;
  return HttpResponse.json(state.tokens.issue(presentedApiKey(request), subscriptionKey));
}

/**
 * Checks the subscription key and the bearer token of a data request. Messages never repeat
 * a key or a token.
 */
function authenticate(state: SandboxState, request: Request): TokenClaims {
  const subscriptionKey = request.headers.get('ocp-apim-subscription-key')?.trim();
  if (!subscriptionKey) {
    throw new SandboxApiError(
      401,
      'Access denied due to missing subscription key. Send it in the Ocp-Apim-Subscription-Key ' +
        'header.',
    );
  }
  if (!state.tokens.isSubscriptionKey(subscriptionKey)) {
    throw new SandboxApiError(401, 'Access denied due to invalid subscription key.');
  }
  const token = presentedToken(request);
  if (!token) {
    throw new SandboxApiError(
      401,
      'Missing bearer token: send "Authorization: Bearer <token>" with a token from ' +
        'GET /auth/apikey.',
    );
  }
  return state.tokens.verify(token);
}

/** Builds the context of a data endpoint: the camp of `clientid`, which the token must cover. */
async function dataContext(
  state: SandboxState,
  request: Request,
  params: Record<string, string | readonly string[] | undefined>,
  claims: TokenClaims | undefined,
) {
  const url = new URL(request.url);
  const clientText = url.searchParams.get('clientid');
  if (clientText === null || !/^\d+$/.test(clientText.trim())) {
    badRequest(`Missing or invalid clientid "${clientText ?? ''}": give the camp's client id.`);
  }
  const clientId = Number(clientText.trim());
  if (!claims?.clientIds.includes(clientId)) {
    throw new SandboxApiError(
      403,
      `Client ${clientId} is not among the clients this token may read ` +
        `(${claims?.clientIds.join(', ') ?? 'none'}).`,
    );
  }
  const camp: SandboxCamp = state.camp(clientId);
  return {
    state,
    camp,
    request,
    url,
    query: url.searchParams,
    params: stringParams(params),
    now: state.clock.now(),
  };
}

function stringParams(
  params: Record<string, string | readonly string[] | undefined>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string') result[name] = value;
  }
  return result;
}
