import type { Response } from 'express';
import type { Logger } from 'pino';
import type { DescribedError } from '../registry-errors.js';
import { describeRegistryError } from '../registry-errors.js';

/** Sends the admin API's error body: `{"error": {"code", "message", "field"?}}`. */
export function sendAdminError(response: Response, error: DescribedError): void {
  const { status, ...body } = error;
  response.status(status).json({ error: body });
}

/**
 * Sends the error of a failed registry call. Errors the registry raises on purpose keep their
 * message; anything else is logged and gets a generic 500.
 */
export function sendRegistryError(
  response: Response,
  error: unknown,
  logger: Logger,
  operation: string,
): void {
  const described = describeRegistryError(error);
  if (described) {
    logger.info(
      { operation, status: described.status, code: described.code },
      'Admin request failed',
    );
    sendAdminError(response, described);
    return;
  }
  logger.error({ err: error, operation }, 'Admin request failed unexpectedly');
  sendAdminError(response, {
    status: 500,
    code: 'internal',
    message: 'Internal error; the server log has the details.',
  });
}
