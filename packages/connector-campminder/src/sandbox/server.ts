import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';
import { campMinderErrorBody } from './errors.js';

/** A running loopback HTTP server whose responses come from msw handlers. */
export interface HandlerServer {
  /** Origin of the server, such as `http://127.0.0.1:41234`. */
  readonly origin: string;
  /** Closes the server and destroys open connections. Later calls return the same promise. */
  close(): Promise<void>;
}

/**
 * Starts a `node:http` server that turns each request into a fetch `Request` and sends back
 * what msw's `getResponse` makes of it, so that clients msw cannot intercept in-process, such
 * as undici, can call the handlers. A `Response.error()` from a handler destroys the connection
 * without a response. `handlers` is read per request, because the handlers need the origin,
 * which is known only once the server listens.
 */
export async function startHandlerServer(
  host: string,
  port: number,
  handlers: () => RequestHandler[],
): Promise<HandlerServer> {
  const server = createServer((incoming, outgoing) => {
    void respond(incoming, outgoing, origin, handlers());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
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
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}

async function respond(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  origin: string,
  handlers: RequestHandler[],
): Promise<void> {
  try {
    const request = await toFetchRequest(incoming, origin);
    const response = await getResponse(handlers, request);
    if (response?.type === 'error') {
      incoming.socket.destroy();
      return;
    }
    if (!response) {
      const message = `Unknown endpoint: ${incoming.method} ${new URL(request.url).pathname}.`;
      sendJson(outgoing, 404, campMinderErrorBody(404, message));
      return;
    }

    const body = Buffer.from(await response.arrayBuffer());
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(body);
  } catch (error) {
    if (outgoing.headersSent) {
      incoming.socket.destroy();
      return;
    }
    const detail = error instanceof Error ? error.message : String(error);
    const message = `Internal error in the CampMinder sandbox: ${detail}`;
    sendJson(outgoing, 500, campMinderErrorBody(500, message));
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

  const method = incoming.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD' && chunks.length > 0;
  return new Request(new URL(incoming.url ?? '/', origin), {
    method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
}

function sendJson(outgoing: ServerResponse, status: number, body: unknown): void {
  outgoing.writeHead(status, { 'content-type': 'application/json' });
  outgoing.end(JSON.stringify(body));
}
