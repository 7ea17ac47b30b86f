import { HttpResponse } from 'msw';
import { CAMPMINDER_LIMITS } from '../campminder-api.js';
import { badRequest } from './errors.js';
import type { RequestContext } from './request-context.js';

// NOTE: CampMinder does not document the page size of a request without `pagesize`; the
// sandbox uses 100.
/** Page size of a request without `pagesize`, before the sandbox's own cap. */
export const DEFAULT_PAGE_SIZE = 100;

interface Page<Item> {
  totalCount: number;
  next: string | null;
  items: Item[];
}

/**
 * Reads `pagenumber` (from 1) and `pagesize` (1 to 1000) and cuts one page out of `items`.
 * The size is capped at the sandbox's page size. `next` is the absolute URL of the following
 * page, with the same query, or null on the last page and past it.
 */
function pageOf<Item>(context: RequestContext, items: Item[]): Page<Item> {
  const { query, url, state } = context;
  const pageNumber = readPageParameter(query, 'pagenumber', 1, Number.MAX_SAFE_INTEGER, 1);
  const maxSize = CAMPMINDER_LIMITS.maxPageSize;
  const requested = readPageParameter(query, 'pagesize', 1, maxSize, DEFAULT_PAGE_SIZE);
  const pageSize = Math.min(requested, state.pageSize ?? requested);

  const start = (pageNumber - 1) * pageSize;
  let next: string | null = null;
  if (start + pageSize < items.length) {
    const nextUrl = new URL(url);
    nextUrl.searchParams.set('pagenumber', String(pageNumber + 1));
    nextUrl.searchParams.set('pagesize', String(pageSize));
    next = nextUrl.toString();
  }
  return {
    totalCount: items.length,
    next,
    items: structuredClone(items.slice(start, start + pageSize)),
  };
}

function readPageParameter(
  query: URLSearchParams,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const text = query.get(name);
  if (text === null || text === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    badRequest(`Invalid ${name} "${text}": give a whole number from ${min} to ${max}.`);
  }
  return value;
}

/** Returns one page of a list in CampMinder's envelope, `{TotalCount, Next, Results}`. */
export function pagedResponse<Item>(context: RequestContext, items: Item[]): Response {
  const page = pageOf(context, items);
  return HttpResponse.json({ TotalCount: page.totalCount, Next: page.next, Results: page.items });
}

/**
 * Returns one page of a list in the camelCase envelope of the custom-field endpoints,
 * `{totalCount, next, result}`.
 */
export function camelPagedResponse<Item>(context: RequestContext, items: Item[]): Response {
  const page = pageOf(context, items);
  return HttpResponse.json({ totalCount: page.totalCount, next: page.next, result: page.items });
}
