import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { SandboxRequest } from '@signupassist/contract/testing';
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

/** A running loopback server. */
export interface RunningServer {
  /** Origin such as `http://127.0.0.1:41234`. */
  origin: string;
  close(): Promise<void>;
}

const BASE_PATH = '/v1';

function send(outgoing: ServerResponse, response: ApiResponse, headers = {}): void {
  outgoing.writeHead(response.status, { 'content-type': 'application/json', ...headers });
  outgoing.end(JSON.stringify(response.body));
}

function errorResponse(status: number, code: string, message: string): ApiResponse {
  return { status, body: { error: { code, message } } };
}

async function readJson(incoming: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return Symbol.for('invalid-json');
  }
}

/** Starts the sandbox's HTTP server on 127.0.0.1. */
export async function startServer(port: number, hooks: ServerHooks): Promise<RunningServer> {
  const server = createServer((incoming, outgoing) => {
    answer(incoming, outgoing, hooks).catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actualPort } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${actualPort}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function answer(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  hooks: ServerHooks,
): Promise<void> {
  const url = new URL(incoming.url ?? '/', 'http://sandbox');
  const method = (incoming.method ?? 'GET').toUpperCase();
  const path = url.pathname.startsWith(BASE_PATH) ? url.pathname.slice(BASE_PATH.length) : '';
  const authorization = incoming.headers.authorization;
  const apiKey = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
  const account = incoming.headers['tidepool-account'];
  const credentialId = hooks.authenticate(apiKey, Array.isArray(account) ? account[0] : account);
  const entry: SandboxRequest = { method, path, at: new Date().toISOString() };
  if (credentialId) entry.credentialId = credentialId;
  hooks.log(entry);

  const body = await readJson(incoming);
  const fault = hooks.faults.take(method, path);
  if (fault?.kind === 'latency') await delay(fault.ms);
  if (fault?.kind === 'reset') {
    outgoing.destroy();
    return;
  }
  if (fault?.kind === 'rateLimit') {
    entry.status = 429;
    const response = errorResponse(429, 'rate_limited', 'Too many requests.');
    send(outgoing, response, { 'retry-after': String(fault.retryAfterSeconds) });
    return;
  }
  if (fault?.kind === 'serverError') {
    entry.status = fault.status ?? 503;
    send(outgoing, errorResponse(entry.status, 'unavailable', 'Tidepool is unavailable.'));
    return;
  }

  const response = respond(method, path, url, body, credentialId, hooks);
  if (fault?.kind === 'lostResponse') {
    // The request took effect, but the client never learns it.
    outgoing.destroy();
    return;
  }
  entry.status = response.status;
  send(outgoing, response);
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
