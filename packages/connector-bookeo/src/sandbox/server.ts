import { startLoopbackServer, type LoopbackServer } from '@signupassist/contract/testing';
import { getResponse, type RequestHandler } from 'msw';
import { bookeoErrorBody } from './errors.js';

/** A running loopback HTTP server whose responses come from msw handlers. */
export type HandlerServer = LoopbackServer;

/**
 * Starts a loopback HTTP server that responds with msw's `getResponse`, so that clients msw
 * cannot intercept in-process, such as undici, can call the Bookeo handlers. `handlers` is read
 * per request because the handlers need the origin, known only after listen. Unmatched requests
 * and handler failures get Bookeo's error body.
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
    notFoundBody: (request) =>
      bookeoErrorBody(404, `Unknown endpoint: ${request.method} ${request.url}.`),
    internalErrorBody: (detail) =>
      bookeoErrorBody(500, `Internal error in the Bookeo sandbox: ${detail}`),
  });
}
