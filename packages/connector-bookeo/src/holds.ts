import { isConnectorError, type Hold } from '@signupassist/contract';
import { bookeoHoldSchema } from './bookeo-api.js';
import {
  BookingDraftSchema,
  checkAnswers,
  parseRequest,
  toBookeoBookingRequest,
  type BookingDraft,
} from './booking-body.js';
import { loadBookeoForm } from './form.js';
import type { BookeoClient } from './http-client.js';
import { toHold } from './receipt.js';
import type { BookeoSettingsCache } from './settings.js';

/**
 * Reserves seats for a registration for the configured `holdDurationSeconds`. The request is
 * validated as for a booking, and Bookeo prices the hold. `POST /holds` is retried only after a
 * 429, because a repeat after an unknown outcome could hold the seats twice.
 */
export async function placeHold(
  client: BookeoClient,
  settings: BookeoSettingsCache,
  draft: BookingDraft,
): Promise<Hold> {
  parseRequest(client, BookingDraftSchema, draft);
  const bookeoForm = await loadBookeoForm(client, settings, draft);
  checkAnswers(client, bookeoForm, draft);
  const scope = client.failureScope({
    endpoint: 'POST /holds',
    resource: `session "${draft.sessionId}"`,
    apiBookingsForbidden: !bookeoForm.product.apiBookingsAllowed,
  });

  const hold = await client.send({
    method: 'POST',
    path: '/holds',
    endpoint: scope.endpoint,
    query: { holdDurationSeconds: client.config.holdDurationSeconds },
    body: toBookeoBookingRequest(bookeoForm, draft),
    schema: bookeoHoldSchema,
    retry: { kind: 'rateLimitOnly' },
    ...(scope.resource === undefined ? {} : { resource: scope.resource }),
    ...(scope.apiBookingsForbidden ? { apiBookingsForbidden: true } : {}),
  });
  client.context.logger.info({ ...client.logFields, holdId: hold.id }, 'Bookeo hold placed');
  return toHold(hold, scope);
}

/** Releases a hold. A hold Bookeo no longer has (expired, used or released) counts as done. */
export async function releaseHold(client: BookeoClient, holdId: string): Promise<void> {
  try {
    await client.send({
      method: 'DELETE',
      path: `/holds/${encodeURIComponent(holdId)}`,
      endpoint: 'DELETE /holds/{id}',
      resource: `hold "${holdId}"`,
      retry: { kind: 'repeatable' },
    });
  } catch (error) {
    if (!isConnectorError(error) || error.code !== 'not_found') throw error;
    client.context.logger.debug(
      { ...client.logFields, holdId },
      'Bookeo hold was already gone; treating the release as done',
    );
  }
}
