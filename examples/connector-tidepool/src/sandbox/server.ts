import { setTimeout as delay } from 'node:timers/promises';
import {
  startLoopbackServer,
  type LoopbackServer,
  type SandboxRequest,
} from '@signupassist/contract/testing';
import type { FaultQueue } from './faults.js';
import type { ApiRequest, ApiResponse } from './routes.js';

/** Callbacks from the HTTP server into the rest of the sandbox. */
export interface ServerHooks {
  faults: FaultQueue;
  /** Returns the credential id of a valid key and account, or undefined otherwise. */
  authenticate(apiKey: string | undefined, accountId: string | undefined): string | undefined;
  handle(request: ApiRequest): ApiResponse;
  log(request: SandboxRequest): void;
}

const BASE_PATH = '/v1';

function toResponse(response: ApiResponse, headers = {}): Response {
  return Response.json(response.body, { status: response.status, headers });
}

function errorBody(code: string, message: string): unknown {
  return { error: { code, message } };
}

function errorResponse(status: number, code: string, message: string): ApiResponse {
  return { status, body: errorBody(code, message) };
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return Symbol.for('invalid-json');
  }
}

/** Starts the sandbox's HTTP server on 127.0.0.1. */
export function startServer(port: number, hooks: ServerHooks): Promise<LoopbackServer> {
  return startLoopbackServer({
    port,
    respond: (request) => answer(request, hooks),
    internalErrorBody: (detail) =>
      errorBody('internal_error', `Internal error in the Tidepool sandbox: ${detail}`),
  });
}

async function answer(request: Request, hooks: ServerHooks): Promise<Response> {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  const path = url.pathname.startsWith(BASE_PATH) ? url.pathname.slice(BASE_PATH.length) : '';
  const authorization = request.headers.get('authorization') ?? undefined;
  const apiKey = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
  const account = request.headers.get('tidepool-account') ?? undefined;
  const credentialId = hooks.authenticate(apiKey, account);
  const entry: SandboxRequest = { method, path, at: new Date().toISOString() };
  if (credentialId) entry.credentialId = credentialId;
  hooks.log(entry);

  const body = await readJson(request);
  const fault = hooks.faults.take(method, path);
  if (fault?.kind === 'latency') await delay(fault.ms);
  if (fault?.kind === 'reset') return Response.error();
  if (fault?.kind === 'rateLimit') {
    entry.status = 429;
    const response = errorResponse(429, 'rate_limited', 'Too many requests.');
    return toResponse(response, { 'retry-after': String(fault.retryAfterSeconds) });
  }
  if (fault?.kind === 'serverError') {
    entry.status = fault.status ?? 503;
    return toResponse(errorResponse(entry.status, 'unavailable', 'Tidepool is unavailable.'));
  }

  const response = respond(method, path, url, body, credentialId, hooks);
  // The request took effect, but the client never learns it.
  if (fault?.kind === 'lostResponse') return Response.error();
  entry.status = response.status;
  return toResponse(response);
}

function respond(
  method: string,
  path: string,
  url: URL,
  body: unknown,
  credentialId: string | undefined,
  hooks: ServerHooks,
): ApiResponse {
  if (path === '') return errorResponse(404, 'not_found', `Paths start with ${BASE_PATH}.`);
  if (!credentialId) return errorResponse(401, 'unauthorized', 'Missing or invalid API key.');
  if (body === Symbol.for('invalid-json')) {
    return errorResponse(400, 'invalid_request', 'The body is not valid JSON.');
  }
  return hooks.handle({ method, path, query: url.searchParams, body });
}
