import { startLoopbackServer, type LoopbackServer } from '@signupassist/contract/testing';
import { getResponse, type RequestHandler } from 'msw';
import { campMinderErrorBody } from './errors.js';

/** A running loopback HTTP server whose responses come from msw handlers. */
export type HandlerServer = LoopbackServer;

/**
 * Starts a loopback HTTP server that responds with msw's `getResponse`, so that clients msw
 * cannot intercept in-process, such as undici, can call the CampMinder handlers. `handlers` is
 * read per request, because the handlers need the origin, which is known only once the server
 * listens. Unmatched requests and handler failures get CampMinder's error body.
 */
export function startHandlerServer(
  host: string,
  port: number,
  handlers: () => RequestHandler[],
): Promise<HandlerServer> {
  return startLoopbackServer({
    host,
    port,
    respond: (request) => getResponse(handlers(), request),
    notFoundBody: (request) => {
      const path = new URL(request.url).pathname;
      return campMinderErrorBody(404, `Unknown endpoint: ${request.method} ${path}.`);
    },
    internalErrorBody: (detail) =>
      campMinderErrorBody(500, `Internal error in the CampMinder sandbox: ${detail}`),
  });
}
