import { setTimeout as sleep } from 'node:timers/promises';
import { http, HttpResponse, type RequestHandler } from 'msw';
import {
  cancelBooking,
  createBooking,
  createHold,
  deleteHold,
  getBooking,
  listBookings,
} from './booking-handlers.js';
import { errorResponse, responseForError, SandboxApiError } from './errors.js';
import type { EndpointHandler } from './request-context.js';
import {
  getApiKeyInfo,
  getCustomerCustomFields,
  listMatchingSlots,
  listPeopleCategories,
  listProducts,
  listSlots,
} from './settings-handlers.js';
import type { SandboxBusiness, SandboxState } from './state.js';

type Method = 'get' | 'post' | 'delete';

/**
 * Creates the msw request handlers of the Bookeo API v2 emulator, matching URLs under
 * `baseUrl` (such as `http://127.0.0.1:41234/v2`). Every request is recorded in the request
 * log, may take an injected fault, and must carry the application's secretKey and a business's
 * apiKey.
 */
export function createBookeoHandlers(state: SandboxState, baseUrl: string): RequestHandler[] {
  const base = baseUrl.replace(/\/+$/, '');
  const route = (method: Method, path: string, endpoint: EndpointHandler) =>
    http[method](`${base}${path}`, ({ request, params }) =>
      handleRequest(state, base, request, params, endpoint),
    );

  return [
    route('get', '/settings/apikeyinfo', getApiKeyInfo),
    route('get', '/settings/products', listProducts),
    route('get', '/settings/peoplecategories', listPeopleCategories),
    route('get', '/settings/customercustomfields', getCustomerCustomFields),
    route('get', '/availability/slots', listSlots),
    route('post', '/availability/matchingslots', listMatchingSlots),
    route('get', '/availability/matchingslots', listMatchingSlots),
    route('post', '/holds', createHold),
    route('delete', '/holds/:id', deleteHold),
    route('post', '/bookings', createBooking),
    route('get', '/bookings', listBookings),
    route('get', '/bookings/:bookingNumber', getBooking),
    route('delete', '/bookings/:bookingNumber', cancelBooking),
    http.all(`${base}/*`, ({ request, params }) =>
      handleRequest(state, base, request, params, ({ request: unknown }) =>
        errorResponse(404, `Unknown endpoint: ${unknown.method} ${new URL(unknown.url).pathname}.`),
      ),
    ),
  ];
}

async function handleRequest(
  state: SandboxState,
  base: string,
  request: Request,
  params: Record<string, string | readonly string[] | undefined>,
  endpoint: EndpointHandler,
): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.slice(new URL(base).pathname.length) || '/';
  const keys = readKeys(request, url);
  const record = state.recordRequest({
    method: request.method,
    path,
    ...(keys.apiKey === undefined ? {} : { apiKey: keys.apiKey }),
    at: new Date().toISOString(),
  });

  const response = await respond(state, base, request, url, params, keys, endpoint, path);
  // A destroyed connection has no status.
  if (response.type !== 'error') record.status = response.status;
  return response;
}

async function respond(
  state: SandboxState,
  base: string,
  request: Request,
  url: URL,
  params: Record<string, string | readonly string[] | undefined>,
  keys: PresentedKeys,
  endpoint: EndpointHandler,
  path: string,
): Promise<Response> {
  const fault = state.faults.take(request.method, path);
  switch (fault?.kind) {
    case 'latency':
      await sleep(fault.ms);
      break;
    case 'rateLimit':
      return errorResponse(
        429,
        `Too many requests. Retry after ${fault.retryAfterSeconds} seconds.`,
        { 'Retry-After': String(fault.retryAfterSeconds) },
      );
    case 'serverError':
      return errorResponse(
        fault.status ?? 503,
        'The Bookeo service is temporarily unavailable. Retry later.',
      );
    // A network error: fetch under setupServer rejects, and the loopback server drops the socket.
    case 'reset':
      return HttpResponse.error();
  }

  const response = await runEndpoint(state, base, request, url, params, keys, endpoint);
  return fault?.kind === 'lostResponse' ? HttpResponse.error() : response;
}

async function runEndpoint(
  state: SandboxState,
  baseUrl: string,
  request: Request,
  url: URL,
  params: Record<string, string | readonly string[] | undefined>,
  keys: PresentedKeys,
  endpoint: EndpointHandler,
): Promise<Response> {
  try {
    const business = authenticate(state, keys);
    state.expireHolds();
    return await endpoint({
      state,
      business,
      request,
      query: url.searchParams,
      params: stringParams(params),
      baseUrl,
      now: state.clock.now(),
    });
  } catch (error) {
    return responseForError(error);
  }
}

interface PresentedKeys {
  secretKey: string | undefined;
  apiKey: string | undefined;
}

/** Reads both keys from the `X-Bookeo-*` headers, else from the query string. */
function readKeys(request: Request, url: URL): PresentedKeys {
  const secretKey = request.headers.get('x-bookeo-secretkey') ?? url.searchParams.get('secretKey');
  const apiKey = request.headers.get('x-bookeo-apikey') ?? url.searchParams.get('apiKey');
  return { secretKey: secretKey ?? undefined, apiKey: apiKey ?? undefined };
}

// NOTE: the sandbox reports each apiKey's permissions but does not enforce them, so a key
// without `bookings_rw_all` can still book here.
/** Finds the business of the apiKey. Error messages never repeat the keys. */
function authenticate(state: SandboxState, keys: PresentedKeys): SandboxBusiness {
  const how = 'Send it as a query parameter or in an X-Bookeo-* header.';
  if (!keys.secretKey) throw new SandboxApiError(401, `Missing secretKey. ${how}`);
  if (!keys.apiKey) throw new SandboxApiError(401, `Missing apiKey. ${how}`);
  if (keys.secretKey !== state.seed.secretKey) {
    throw new SandboxApiError(401, 'Invalid secretKey: it does not belong to this application.');
  }

  const business = state.businessByApiKey(keys.apiKey);
  if (!business) {
    throw new SandboxApiError(
      401,
      'Invalid apiKey: no business has installed it for this application.',
    );
  }
  return business;
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
