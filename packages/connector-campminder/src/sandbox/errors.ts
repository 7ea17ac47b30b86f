import { HttpResponse } from 'msw';

/** A failure that the sandbox returns to the client as a CampMinder error response. */
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

/** Builds CampMinder's error body, `{"code": 401, "message": "..."}`. */
export function campMinderErrorBody(status: number, message: string) {
  return { code: status, message };
}

/** Builds the JSON response of an error, with extra headers such as `Retry-After`. */
export function errorResponse(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return HttpResponse.json(campMinderErrorBody(status, message), { status, headers });
}

/**
 * Builds CampMinder's 429 response: its gateway sends `statusCode` in place of `code`, and
 * this sandbox always adds `Retry-After`.
 */
export function rateLimitResponse(retryAfterSeconds: number): Response {
  const seconds = Math.max(0, Math.ceil(retryAfterSeconds));
  return HttpResponse.json(
    {
      statusCode: 429,
      message: `Rate limit is exceeded. Try again in ${seconds} seconds.`,
    },
    { status: 429, headers: { 'Retry-After': String(seconds) } },
  );
}

/** Builds the response of an error thrown while handling a request. */
export function responseForError(error: unknown): Response {
  if (error instanceof SandboxApiError) {
    return error.status === 429
      ? rateLimitResponse(Number(error.headers['Retry-After'] ?? 0))
      : errorResponse(error.status, error.message, error.headers);
  }
  const detail = error instanceof Error ? error.message : String(error);
  return errorResponse(500, `Internal error in the CampMinder sandbox: ${detail}`);
}

/** Throws a 400 error naming the invalid request value. */
export function badRequest(message: string): never {
  throw new SandboxApiError(400, message);
}
