import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';

/** A running loopback HTTP server whose responses come from msw handlers. */
export interface HandlerServer {
  /** Origin of the server, such as `http://127.0.0.1:41234`. */
  readonly origin: string;
  readonly host: string;
  readonly port: number;
  /** Closes the server and its connections. Later calls return the same promise. */
  close(): Promise<void>;
}

/**
 * Starts a `node:http` server that turns each request into a fetch `Request` and sends the
 * response of msw's `getResponse`, so that any HTTP client, such as the `stripe` SDK's own
 * Node client, can reach the handlers. A `Response.error()` from a handler closes the
 * connection without a response. `handlers` is called once after listening, because the
 * handlers need the origin.
 */
export async function startHandlerServer(
  host: string,
  port: number,
  createHandlers: (origin: string) => RequestHandler[],
): Promise<HandlerServer> {
  let handlers: RequestHandler[] = [];
  let origin = '';
  const server = createServer((incoming, outgoing) => {
    void answer(incoming, outgoing, origin, handlers);
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
  origin = `http://${hostText}:${address.port}`;
  handlers = createHandlers(origin);

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
      sendJson(outgoing, 404, {
        error: {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (${incoming.method ?? 'GET'}: ${incoming.url ?? '/'}).`,
        },
      });
      return;
    }

    const body = Buffer.from(await response.arrayBuffer());
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(body);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (outgoing.headersSent) incoming.socket.destroy();
    else {
      sendJson(outgoing, 500, {
        error: { type: 'api_error', message: `Internal error in the Stripe emulator: ${detail}` },
      });
    }
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
