import { randomUUID } from 'node:crypto';
import { HttpResponse } from 'msw';
import type { BookeoError } from '../bookeo-api.js';

/** A failure that the sandbox reports to the client as a Bookeo error response. */
export class SandboxApiError extends Error {
  override readonly name = 'SandboxApiError';

  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Builds a Bookeo error body with a fresh error id, as Bookeo gives each failure its own. */
export function bookeoErrorBody(status: number, message: string): BookeoError {
  return { httpStatus: status, message, errorId: randomUUID() };
}

/** Builds the JSON response for an error, with any extra headers such as `Retry-After`. */
export function errorResponse(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return HttpResponse.json(bookeoErrorBody(status, message), { status, headers });
}

/** Builds the response for an error thrown while handling a request. */
export function responseForError(error: unknown): Response {
  if (error instanceof SandboxApiError) {
    return errorResponse(error.status, error.message, error.headers);
  }
  const detail = error instanceof Error ? error.message : String(error);
  return errorResponse(500, `Internal error in the Bookeo sandbox: ${detail}`);
}

/** Throws a 400 error naming the invalid request value. */
export function badRequest(message: string): never {
  throw new SandboxApiError(400, message);
}
