import { HttpResponse } from 'msw';
import { BOOKEO_LIMITS } from '../bookeo-api.js';
import { badRequest } from './errors.js';
import { readItemsPerPage } from './pagination.js';
import type { SandboxBusiness, SandboxState } from './state.js';
import { parseBookeoTime } from './time.js';

/** The input of an endpoint handler: the authenticated business and the parsed request. */
export interface RequestContext {
  state: SandboxState;
  business: SandboxBusiness;
  request: Request;
  query: URLSearchParams;
  params: Record<string, string>;
  /** Base URL of the API, such as `http://127.0.0.1:41234/v2`, for `Location` headers. */
  baseUrl: string;
  /** Sandbox clock time when the request arrived. */
  now: Date;
}

/** The code behind one endpoint. */
export type EndpointHandler = (context: RequestContext) => Response | Promise<Response>;

const MS_PER_DAY = 86_400_000;

/** Size limits of one paginated list. */
export interface ListLimits {
  defaultItemsPerPage: number;
  maxItemsPerPage: number;
}

/**
 * Returns one page of a list. A request with `pageNavigationToken` gets page `pageNumber` of
 * the stored list; any other request stores `items()` and gets its first page.
 */
export function pagedResponse<Item>(
  context: RequestContext,
  listName: string,
  limits: ListLimits,
  items: () => Item[],
): Response {
  const { state, business, query, now } = context;
  const token = query.get('pageNavigationToken');
  if (token) {
    const page = state.pages.laterPage(
      business.accountId,
      listName,
      token,
      query.get('pageNumber'),
      now,
    );
    return HttpResponse.json(page);
  }
  if (query.has('pageNumber')) {
    badRequest('Invalid pageNumber: send it only with the pageNavigationToken of a first page.');
  }

  const requested = readItemsPerPage(query, limits.defaultItemsPerPage, limits.maxItemsPerPage);
  const itemsPerPage = Math.min(requested, state.pageSize ?? requested);
  const page = state.pages.firstPage(business.accountId, listName, items(), itemsPerPage, now);
  return HttpResponse.json(page);
}

/**
 * Reads a time window from two query parameters. Returns undefined when both are absent, and
 * rejects with 400 a window with one end, an invalid time, or a span over 31 days.
 */
export function readWindow(
  context: RequestContext,
  startName: string,
  endName: string,
): { start: Date; end: Date } | undefined {
  const startText = context.query.get(startName);
  const endText = context.query.get(endName);
  if (startText === null && endText === null) return undefined;
  if (startText === null || endText === null) {
    const missing = startText === null ? startName : endName;
    badRequest(`Missing ${missing}: send ${startName} and ${endName} together.`);
  }

  const start = parseBookeoTime(startText, context.business.timeZone);
  const end = parseBookeoTime(endText, context.business.timeZone);
  if (!start) badRequest(`Invalid ${startName}: expected ISO 8601 with an offset.`);
  if (!end) badRequest(`Invalid ${endName}: expected ISO 8601 with an offset.`);
  if (end <= start) badRequest(`Invalid ${endName}: it must be after ${startName}.`);

  const maxDays = BOOKEO_LIMITS.maxWindowDays;
  if (end.getTime() - start.getTime() > maxDays * MS_PER_DAY) {
    badRequest(
      `Invalid time window: ${startName} to ${endName} spans more than ${maxDays} days. ` +
        'Split it into shorter windows.',
    );
  }
  return { start, end };
}

/** Reads an optional boolean query parameter, rejecting anything but "true" and "false". */
export function readBooleanParameter(query: URLSearchParams, name: string): boolean | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  if (text !== 'true' && text !== 'false') badRequest(`Invalid ${name}: expected true or false.`);
  return text === 'true';
}

/** Reads the JSON body of a request, rejecting a missing or malformed body with 400. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') badRequest('Missing JSON body.');
  try {
    return JSON.parse(text);
  } catch {
    badRequest('Invalid JSON body: it does not parse as JSON.');
  }
}
