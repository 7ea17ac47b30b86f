import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { sendAdminError } from './admin-responses.js';

// The scheme name is case-insensitive and one or more spaces follow it (RFC 9110, sections
// 11.1 and 11.4); the token is case-sensitive.
const BEARER = /^[Bb][Ee][Aa][Rr][Ee][Rr] +([A-Za-z0-9\-._~+/]+=*)$/;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Returns the request path including the mount point, e.g. `/admin/vendors`. */
function fullPath(request: Request): string {
  return request.baseUrl + request.path;
}

/**
 * Creates the admin API's authentication middleware. The `Authorization: Bearer TOKEN` header
 * is compared with the configured token in constant time, over SHA-256 digests so that both
 * sides have the same length. A missing or malformed header gets 401, a wrong token 403.
 */
export function adminAuthentication(token: string, logger: Logger) {
  const expected = digest(token);
  return (request: Request, response: Response, next: NextFunction) => {
    const header = request.headers.authorization;
    const match = header === undefined ? null : BEARER.exec(header);
    if (!match) {
      logger.warn(
        {
          method: request.method,
          path: fullPath(request),
          header: header ? 'malformed' : 'missing',
        },
        'Rejected an admin request without a bearer token',
      );
      response.set('WWW-Authenticate', 'Bearer realm="admin"');
      sendAdminError(response, {
        status: 401,
        code: 'unauthorized',
        message: 'Send the admin token as "Authorization: Bearer TOKEN".',
      });
      return;
    }
    if (!timingSafeEqual(digest(match[1]!), expected)) {
      logger.warn(
        { method: request.method, path: fullPath(request) },
        'Rejected an admin request with a wrong token',
      );
      response.set('WWW-Authenticate', 'Bearer realm="admin", error="invalid_token"');
      sendAdminError(response, {
        status: 403,
        code: 'forbidden',
        message: 'The admin token is wrong: use the value of HUB_ADMIN_TOKEN.',
      });
      return;
    }
    next();
  };
}
