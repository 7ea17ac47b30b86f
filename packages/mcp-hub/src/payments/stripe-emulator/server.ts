import { startLoopbackServer, type LoopbackServer } from '@signupassist/contract/testing';
import { getResponse, type RequestHandler } from 'msw';

/** A running loopback HTTP server whose responses come from msw handlers. */
export type HandlerServer = LoopbackServer;

/**
 * Starts a loopback HTTP server that responds with msw's `getResponse`, so that any HTTP client,
 * such as the `stripe` SDK's own Node client, can reach the handlers. `createHandlers` is
 * called once after listening, because the handlers need the origin. Unmatched requests and
 * handler failures get Stripe's error body.
 */
export async function startHandlerServer(
  host: string,
  port: number,
  createHandlers: (origin: string) => RequestHandler[],
): Promise<HandlerServer> {
  let handlers: RequestHandler[] = [];
  const server = await startLoopbackServer({
    host,
    port,
    respond: (request) => getResponse(handlers, request),
    notFoundBody: (request) => {
      const { pathname, search } = new URL(request.url);
      const message = `Unrecognized request URL (${request.method}: ${pathname}${search}).`;
      return { error: { type: 'invalid_request_error', message } };
    },
    internalErrorBody: (detail) => ({
      error: { type: 'api_error', message: `Internal error in the Stripe emulator: ${detail}` },
    }),
  });
  handlers = createHandlers(server.origin);
  return server;
}
