import { setTimeout as sleep } from 'node:timers/promises';
import { http, HttpResponse, type RequestHandler } from 'msw';
import { scopeOf } from './accounts.js';
import {
  createCheckoutSession,
  expireCheckoutSession,
  listCheckoutSessions,
  listSessionLineItems,
  retrieveCheckoutSession,
} from './checkout-api.js';
import type { Endpoint, EndpointResult, RequestContext } from './context.js';
import { StripeApiError } from './errors.js';
import { applyExpand, checkExpandPaths } from './expand.js';
import { expireDue } from './expiry.js';
import type { FaultQueue, FaultRule } from './faults.js';
import { decodeForm, type FormObject } from './form.js';
import { newId } from './ids.js';
import {
  type IdempotencyStore,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  requestFingerprint,
  type StoredResponse,
} from './idempotency.js';
import {
  cancelPaymentIntentEndpoint,
  capturePaymentIntentEndpoint,
  confirmPaymentIntent,
  createPaymentIntent,
  retrieveCharge,
  retrievePaymentIntent,
} from './payment-intent-api.js';
import {
  listEvents,
  retrieveAccountEndpoint,
  retrieveApplicationFee,
  retrieveEvent,
  retrieveOwnAccountEndpoint,
} from './read-api.js';
import { createRefund, retrieveRefund } from './refunds.js';
import type { RequestLog } from './request-log.js';
import type { EmulatorState, Scope } from './state.js';

/** State and services shared by the API handlers. */
export interface ApiRuntime {
  state: EmulatorState;
  secretKey: string;
  idempotency: IdempotencyStore;
  faults: FaultQueue;
  log: RequestLog;
}

type Route = readonly ['get' | 'post', string, Endpoint];

const ROUTES: readonly Route[] = [
  ['post', '/v1/checkout/sessions', createCheckoutSession],
  ['get', '/v1/checkout/sessions', listCheckoutSessions],
  ['get', '/v1/checkout/sessions/:id', retrieveCheckoutSession],
  ['post', '/v1/checkout/sessions/:id/expire', expireCheckoutSession],
  ['get', '/v1/checkout/sessions/:id/line_items', listSessionLineItems],
  ['post', '/v1/payment_intents', createPaymentIntent],
  ['get', '/v1/payment_intents/:id', retrievePaymentIntent],
  ['post', '/v1/payment_intents/:id/confirm', confirmPaymentIntent],
  ['post', '/v1/payment_intents/:id/capture', capturePaymentIntentEndpoint],
  ['post', '/v1/payment_intents/:id/cancel', cancelPaymentIntentEndpoint],
  ['get', '/v1/charges/:id', retrieveCharge],
  ['post', '/v1/refunds', createRefund],
  ['get', '/v1/refunds/:id', retrieveRefund],
  ['get', '/v1/accounts/:id', retrieveAccountEndpoint],
  ['get', '/v1/account', retrieveOwnAccountEndpoint],
  ['get', '/v1/application_fees/:id', retrieveApplicationFee],
  ['get', '/v1/events', listEvents],
  ['get', '/v1/events/:id', retrieveEvent],
];

/**
 * Creates the msw handlers of the Stripe API routes under `origin`. Each request is checked in
 * this order: secret key (401), `Stripe-Account` (403), idempotency key (a replay, or 400
 * `idempotency_error`), then the endpoint. Responses carry Stripe's headers `Request-Id`,
 * `Stripe-Version`, `Idempotency-Key` and, on replays, `Idempotent-Replayed`.
 */
export function createApiHandlers(runtime: ApiRuntime, origin: string): RequestHandler[] {
  const handlers = ROUTES.map(([method, path, endpoint]) =>
    http[method](`${origin}${path}`, ({ request, params }) =>
      handleApiRequest(runtime, request, stringParams(params), endpoint),
    ),
  );
  handlers.push(
    http.all(`${origin}/v1/*`, ({ request }) =>
      handleApiRequest(runtime, request, {}, () => {
        const path = new URL(request.url).pathname;
        throw new StripeApiError(
          404,
          'invalid_request_error',
          `Unrecognized request URL (${request.method}: ${path}). The Stripe emulator serves Checkout Sessions, PaymentIntents, charges, refunds, accounts, application fees and events.`,
        );
      }),
    ),
  );
  return handlers;
}

async function handleApiRequest(
  runtime: ApiRuntime,
  request: Request,
  pathParams: Record<string, string>,
  endpoint: Endpoint,
): Promise<Response> {
  const { log } = runtime;
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  const requestId = newId('req', 14);
  const idempotencyKey = request.headers.get('idempotency-key');
  const account = request.headers.get('stripe-account');
  const params = decodeForm(method === 'GET' ? url.search.slice(1) : await request.text());
  const entry = log.add({
    id: requestId,
    method,
    path: url.pathname,
    ...(account === null ? {} : { account }),
    ...(idempotencyKey === null ? {} : { idempotencyKey }),
    params,
  });

  const fault = runtime.faults.take(method, url.pathname);
  if (fault?.delayMs) await sleep(fault.delayMs);
  const early = fault === undefined ? undefined : faultResponse(fault);
  if (early !== undefined) {
    entry.status = early.type === 'error' ? undefined : early.status;
    return early;
  }

  const stored = run(runtime, {
    request,
    method,
    path: url.pathname,
    params,
    pathParams,
    endpoint,
    requestId,
    idempotencyKey,
    account,
  });
  entry.status = stored.status;
  entry.replayed = stored.headers['idempotent-replayed'] === 'true';
  if (fault?.kind === 'drop_after') {
    entry.status = undefined;
    return Response.error();
  }
  return new HttpResponse(stored.body, { status: stored.status, headers: stored.headers });
}

interface ApiCall {
  request: Request;
  method: string;
  path: string;
  params: FormObject;
  pathParams: Record<string, string>;
  endpoint: Endpoint;
  requestId: string;
  idempotencyKey: string | null;
  account: string | null;
}

type Respond = (status: number, body: unknown) => StoredResponse;

/** Error codes of parameter validation; Stripe stores no idempotent result for those. */
const VALIDATION_CODES = new Set([
  'parameter_unknown',
  'parameter_missing',
  'parameter_invalid_integer',
  'parameter_invalid_boolean',
  'parameter_invalid_string',
]);

function run(runtime: ApiRuntime, call: ApiCall): StoredResponse {
  const { state } = runtime;
  const baseHeaders: Record<string, string> = {
    'content-type': 'application/json',
    'request-id': call.requestId,
    'stripe-version': call.request.headers.get('stripe-version') ?? state.settings.apiVersion,
    ...(call.idempotencyKey === null ? {} : { 'idempotency-key': call.idempotencyKey }),
    ...(call.account === null ? {} : { 'stripe-account': call.account }),
  };
  const respond: Respond = (status, body) => ({
    status,
    body: `${JSON.stringify(body, null, 2)}\n`,
    headers: { ...baseHeaders },
  });

  try {
    const maskedKey = authenticate(call.request, runtime.secretKey);
    const scope = scopeOf(state, call.account, maskedKey);
    checkIdempotencyKey(call);
    state.withRequestOrigin({ id: null, idempotencyKey: null }, () => expireDue(state));

    const context = { state, scope, params: call.params, pathParams: call.pathParams, maskedKey };
    const perform = () => respond(200, execute(context, call));
    if (call.method !== 'POST' || call.idempotencyKey === null) return perform();
    return runIdempotent(runtime, scope, call, perform, respond);
  } catch (error) {
    return errorResponse(error, respond);
  }
}

function execute(context: RequestContext, call: ApiCall): EndpointResult {
  const expand = call.params.expand;
  const paths = Array.isArray(expand) ? expand.filter((path) => typeof path === 'string') : [];
  checkExpandPaths(paths);

  const result = context.state.withRequestOrigin(
    { id: call.requestId, idempotencyKey: call.idempotencyKey },
    () => call.endpoint(context),
  );
  const copy = JSON.parse(JSON.stringify(result)) as Record<string, unknown>;
  return applyExpand(context.state, context.scope, copy, paths) as unknown as EndpointResult;
}

function runIdempotent(
  runtime: ApiRuntime,
  scope: Scope,
  call: ApiCall,
  perform: () => StoredResponse,
  respond: Respond,
): StoredResponse {
  const key = call.idempotencyKey as string;
  const fingerprint = requestFingerprint(call.method, call.path, call.params);
  const lookup = runtime.idempotency.begin(scope, key, fingerprint);
  if (lookup.kind === 'replay') {
    return {
      ...lookup.response,
      headers: { ...lookup.response.headers, 'idempotent-replayed': 'true' },
    };
  }
  if (lookup.kind === 'mismatch') {
    throw new StripeApiError(
      400,
      'idempotency_error',
      `Keys for idempotent requests can only be used with the same parameters they were first used with. Use a key other than '${key}' for a different request.`,
    );
  }
  if (lookup.kind === 'in_progress') {
    throw new StripeApiError(
      409,
      'idempotency_error',
      `Another request with the idempotency key '${key}' is still in progress. Retry this request later.`,
    );
  }

  let response: StoredResponse;
  let keep = true;
  try {
    response = perform();
  } catch (error) {
    response = errorResponse(error, respond);
    keep = !(error instanceof StripeApiError && VALIDATION_CODES.has(error.details.code ?? ''));
  }
  runtime.idempotency.finish(scope, key, keep ? response : undefined);
  return response;
}

function errorResponse(
  error: unknown,
  respond: (status: number, body: unknown) => StoredResponse,
): StoredResponse {
  if (error instanceof StripeApiError) {
    const response = respond(error.status, error.toBody());
    if (error.status === 409) response.headers['stripe-should-retry'] = 'true';
    return response;
  }
  const detail = error instanceof Error ? error.message : String(error);
  return respond(500, {
    error: { type: 'api_error', message: `Internal error in the Stripe emulator: ${detail}` },
  });
}

function authenticate(request: Request, secretKey: string): string {
  const header = request.headers.get('authorization') ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const basic = /^Basic\s+(\S+)$/i.exec(header)?.[1];
  const key =
    bearer ??
    (basic === undefined ? undefined : Buffer.from(basic, 'base64').toString('utf8').split(':')[0]);
  if (key === undefined || key === '') {
    throw new StripeApiError(
      401,
      'invalid_request_error',
      'You did not provide an API key. Send it in the Authorization header as Bearer <secret key>.',
    );
  }
  if (key !== secretKey) {
    throw new StripeApiError(
      401,
      'invalid_request_error',
      `Invalid API Key provided: ${maskKey(key)}`,
    );
  }
  return maskKey(key);
}

/** Hides all but the prefix and last four characters of a key, as Stripe's messages do. */
export function maskKey(key: string): string {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  return `${prefix}${'*'.repeat(Math.max(4, key.length - prefix.length - 4))}${key.slice(-4)}`;
}

function checkIdempotencyKey(call: ApiCall): void {
  if (call.idempotencyKey !== null && call.idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new StripeApiError(
      400,
      'invalid_request_error',
      `The Idempotency-Key header must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters; it has ${call.idempotencyKey.length}.`,
    );
  }
}

function faultResponse(fault: FaultRule): Response | undefined {
  const json = (status: number, error: Record<string, string>) =>
    new HttpResponse(JSON.stringify({ error }, null, 2), {
      status,
      headers: { 'content-type': 'application/json', 'request-id': newId('req', 14) },
    });
  switch (fault.kind) {
    case 'server_error':
      return json(500, {
        type: 'api_error',
        message: 'An injected server error in the Stripe emulator.',
      });
    case 'rate_limit':
      return json(429, {
        type: 'invalid_request_error',
        code: 'rate_limit',
        message: 'Too many requests hit the API too quickly (an injected fault). Retry later.',
      });
    case 'drop_before':
      return Response.error();
    default:
      return undefined;
  }
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
