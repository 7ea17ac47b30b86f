import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Produces the response to one request, or `undefined` when no route matches. A
 * `Response.error()` makes the server destroy the connection without sending a response.
 */
export type LoopbackResponder = (request: Request) => Promise<Response | undefined>;

/** Options of `startLoopbackServer`. */
export interface LoopbackServerOptions {
  /**
   * Address to listen on, `127.0.0.1` by default. `::1` gives an origin such as
   * `http://[::1]:41234`.
   */
  host?: string;
  /** TCP port. The default, 0, picks a free port. */
  port?: number;
  /**
   * Responder called once per request. The request's URL starts with the server's origin, so a
   * responder may build its routes from `origin` after the server has started.
   */
  respond: LoopbackResponder;
  /**
   * Body of the JSON 404 sent when `respond` returns `undefined`, in the emulated provider's
   * error shape. Default: `{ error: { message } }`.
   */
  notFoundBody?: (request: Request) => unknown;
  /**
   * Body of the JSON 500 sent when reading the request or `respond` throws, in the emulated
   * provider's error shape. `detail` is the error's message. Default: `{ error: { message } }`.
   */
  internalErrorBody?: (detail: string) => unknown;
}

/** A running loopback HTTP server. */
export interface LoopbackServer {
  /** Origin of the server, such as `http://127.0.0.1:41234`. */
  readonly origin: string;
  /** Address the server listens on, such as `127.0.0.1` or `::1`. */
  readonly host: string;
  /** Port the server listens on. */
  readonly port: number;
  /** Closes the server and destroys open connections. Later calls return the same promise. */
  close(): Promise<void>;
}

/**
 * Starts a `node:http` server that turns each request into a fetch `Request` and sends back
 * what `respond` returns. It lets HTTP clients that in-process mocks cannot intercept, such as
 * undici or the `stripe` SDK's Node client, call a provider emulator. With msw, pass
 * `(request) => getResponse(handlers, request)`. Rejects when the server cannot listen, for
 * example with `EADDRINUSE` when the port is taken.
 */
export async function startLoopbackServer(options: LoopbackServerOptions): Promise<LoopbackServer> {
  const server = createServer((incoming, outgoing) => {
    answer(incoming, outgoing, origin, options).catch(() => incoming.socket.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostText = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${hostText}:${address.port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });

  return {
    origin,
    host: address.address,
    port: address.port,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}

async function answer(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  origin: string,
  options: LoopbackServerOptions,
): Promise<void> {
  try {
    const request = await toFetchRequest(incoming, origin);
    const response = await options.respond(request);
    if (response?.type === 'error') {
      incoming.socket.destroy();
      return;
    }
    if (!response) {
      const notFoundBody = options.notFoundBody ?? defaultNotFoundBody;
      sendJson(outgoing, 404, notFoundBody(request));
      return;
    }

    const body = Buffer.from(await response.arrayBuffer());
    outgoing.writeHead(response.status, responseHeaders(response.headers));
    outgoing.end(body);
  } catch (error) {
    if (outgoing.headersSent) {
      incoming.socket.destroy();
      return;
    }
    const detail = error instanceof Error ? error.message : String(error);
    const internalErrorBody = options.internalErrorBody ?? defaultInternalErrorBody;
    sendJson(outgoing, 500, internalErrorBody(detail));
  }
}

async function toFetchRequest(incoming: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);

  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }

  // A fetch Request rejects a body on GET and HEAD, so one sent anyway is dropped.
  const method = incoming.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD' && chunks.length > 0;
  return new Request(new URL(incoming.url ?? '/', origin), {
    method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
}

/** Converts fetch headers for `writeHead`, keeping every `Set-Cookie` value. */
function responseHeaders(headers: Headers): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = Object.fromEntries(headers);
  const cookies = headers.getSetCookie();
  if (cookies.length > 1) result['set-cookie'] = cookies;
  return result;
}

function sendJson(outgoing: ServerResponse, status: number, body: unknown): void {
  outgoing.writeHead(status, { 'content-type': 'application/json' });
  outgoing.end(JSON.stringify(body));
}

function defaultNotFoundBody(request: Request): unknown {
  const { pathname } = new URL(request.url);
  return { error: { message: `No route matches ${request.method} ${pathname}.` } };
}

function defaultInternalErrorBody(detail: string): unknown {
  return { error: { message: `Internal error in the loopback server: ${detail}` } };
}
