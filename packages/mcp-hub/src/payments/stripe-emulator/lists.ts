import { invalidRequest } from './errors.js';
import type { ListObject } from './objects.js';

/** Cursor parameters of Stripe list endpoints. */
export interface PageParams {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
}

/**
 * Returns one page of `items` (already in Stripe's order, newest first) as a Stripe list,
 * with `limit` between 1 and 100 (default 10) and the `starting_after`/`ending_before` cursors.
 */
export function listPage<Item extends { id: string }>(
  items: readonly Item[],
  params: PageParams,
  url: string,
): ListObject<Item> {
  const limit = params.limit ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidRequest('limit must be between 1 and 100.', { param: 'limit' });
  }
  let start = 0;
  let end = items.length;
  if (params.starting_after !== undefined) {
    start = cursorIndex(items, params.starting_after, 'starting_after') + 1;
  } else if (params.ending_before !== undefined) {
    end = cursorIndex(items, params.ending_before, 'ending_before');
    start = Math.max(0, end - limit);
  }
  const data = items.slice(start, Math.min(end, start + limit));
  return { object: 'list', data, has_more: start + data.length < end, url };
}

function cursorIndex(items: readonly { id: string }[], id: string, param: string): number {
  const index = items.findIndex((item) => item.id === id);
  if (index < 0) {
    throw invalidRequest(`No such object: '${id}' in this list.`, {
      code: 'resource_missing',
      param,
    });
  }
  return index;
}
