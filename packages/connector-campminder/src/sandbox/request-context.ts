import { badRequest } from './errors.js';
import type { SandboxCamp, SandboxState } from './state.js';

/** The input of an endpoint handler: the camp the request is for and the parsed request. */
export interface RequestContext {
  state: SandboxState;
  /** The camp named by the `clientid` query parameter, which the token may read. */
  camp: SandboxCamp;
  request: Request;
  url: URL;
  query: URLSearchParams;
  params: Record<string, string>;
  /** Sandbox clock time when the request arrived. */
  now: Date;
}

/** The code behind one data endpoint. */
export type EndpointHandler = (context: RequestContext) => Response | Promise<Response>;

/** Reads an optional whole-number query parameter, rejecting other text with 400. */
export function readInteger(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null || text.trim() === '') return undefined;
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) {
    badRequest(`Invalid ${name} "${text}": give a whole number.`);
  }
  return value;
}

/** Reads an optional boolean query parameter (`true` or `false`, any case), else 400. */
export function readBoolean(query: URLSearchParams, name: string): boolean {
  const text = query.get(name);
  if (text === null || text === '') return false;
  const lower = text.toLowerCase();
  if (lower !== 'true' && lower !== 'false') {
    badRequest(`Invalid ${name} "${text}": give true or false.`);
  }
  return lower === 'true';
}

/**
 * Reads a list of whole numbers from a query parameter given as "1,2,3", repeated, or both.
 * Returns undefined when the parameter is absent.
 */
export function readIdList(query: URLSearchParams, name: string): number[] | undefined {
  const texts = query.getAll(name);
  if (texts.length === 0) return undefined;
  const parts = texts.flatMap((text) => text.split(',')).map((part) => part.trim());
  return parts
    .filter((part) => part !== '')
    .map((part) => {
      if (!/^\d+$/.test(part)) badRequest(`Invalid ${name} entry "${part}": give person ids.`);
      return Number(part);
    });
}

/** Reads the JSON body of a request, rejecting a missing or malformed body with 400. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') badRequest('Missing JSON body.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    badRequest('Invalid JSON body: it does not parse as JSON.');
  }
}
