import type { CampMinderSandbox } from '../src/sandbox/index.js';

/** A response of the sandbox, read whole. */
export interface SandboxResponse {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

async function read(response: Response): Promise<SandboxResponse> {
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('application/json');
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: json && text !== '' ? (JSON.parse(text) as unknown) : undefined,
  };
}

/** Requests a token with raw keys, as `GET /auth/apikey` takes them. */
export async function requestToken(
  sandbox: CampMinderSandbox,
  keys: { apiKey?: string; subscriptionKey?: string },
): Promise<SandboxResponse> {
  const headers: Record<string, string> = {};
  if (keys.apiKey !== undefined) headers.Authorization = keys.apiKey;
  if (keys.subscriptionKey !== undefined) {
    headers['Ocp-Apim-Subscription-Key'] = keys.subscriptionKey;
  }
  return read(await fetch(`${sandbox.url}/auth/apikey`, { headers }));
}

/** Returns a fresh token for a camp's own keys. */
export async function tokenFor(sandbox: CampMinderSandbox, clientId: number): Promise<string> {
  const response = await requestToken(sandbox, sandbox.credentials(clientId));
  if (response.status !== 200) throw new Error(`Token request failed: ${response.text}`);
  return (response.body as { Token: string }).Token;
}

/** Options of {@link callApi}. */
export interface CallOptions {
  method?: string;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  subscriptionKey?: string | null;
}

/** Calls a data endpoint with a bearer token and a subscription key. */
export async function callApi(
  sandbox: CampMinderSandbox,
  token: string | undefined,
  path: string,
  options: CallOptions = {},
): Promise<SandboxResponse> {
  const url = new URL(`${sandbox.url}${path}`);
  for (const [name, value] of Object.entries(options.query ?? {})) {
    url.searchParams.set(name, String(value));
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  const subscriptionKey =
    options.subscriptionKey === undefined
      ? sandbox.credentials(sandbox.camps[0]!.clientId).subscriptionKey
      : options.subscriptionKey;
  if (subscriptionKey !== null) headers['Ocp-Apim-Subscription-Key'] = subscriptionKey;
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return read(await fetch(url, { method: options.method ?? 'GET', headers, body }));
}

/** Reads every page of a PascalCase list by incrementing `pagenumber` until `Next` is null. */
export async function readAllPages<Item>(
  sandbox: CampMinderSandbox,
  token: string,
  path: string,
  query: Record<string, string | number | boolean>,
): Promise<{ items: Item[]; pages: number }> {
  const items: Item[] = [];
  for (let page = 1; page < 100; page += 1) {
    const response = await callApi(sandbox, token, path, { query: { ...query, pagenumber: page } });
    if (response.status !== 200) throw new Error(`Page ${page} failed: ${response.text}`);
    const body = response.body as { Next: string | null; Results: Item[] };
    items.push(...body.Results);
    if (body.Next === null) return { items, pages: page };
  }
  throw new Error('More than 100 pages.');
}
