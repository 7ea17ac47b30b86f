import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  ConnectorContext,
  ConnectorLogger,
  RegistrationRequest,
} from '@signupassist/contract';
import {
  CampMinderConfigSchema,
  type CampMinderConfig,
  type CampMinderConfigInput,
  type CampMinderCredentials,
} from '../src/index.js';

// A scripted CampMinder API on a loopback port, for payloads and failures the sandbox does not
// produce. Each route builds its response from the request, and every request is recorded.

/** One scripted response. `raw` is sent as it is, else `body` is sent as JSON. */
export interface StubResponse {
  status?: number;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

/** One request the stub received. */
export interface StubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Builds the response to a request. A request without a route gets a 404. */
export type StubRoute = (request: StubRequest) => StubResponse | Promise<StubResponse>;

/** A running stub API. */
export interface StubApi {
  url: string;
  requests: StubRequest[];
  /** Routes by `METHOD /path`, replaceable between tests. */
  routes: Map<string, StubRoute>;
  stop(): Promise<void>;
}

/** The keys every stub context sends. */
export const STUB_KEYS = {
  apiKey: 'STUB-APIKEY-93c1f0a7',
  subscriptionKey: 'STUB-SUBKEY-48be22d9',
};

/** Client id of the stub camp. */
export const STUB_CLIENT_ID = 4101;

/** Clock of every stub context: 1 March 2027, 15:00 UTC. */
export const STUB_NOW = new Date('2027-03-01T15:00:00Z');

/** Builds an unsigned JWT whose payload is `payload`. */
export function jwtWith(payload: unknown): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;
}

/** Returns a token response that lives an hour from {@link STUB_NOW} and reads the stub camp. */
export function tokenResponse(token = jwtWith({ exp: STUB_NOW.getTime() / 1000 + 3600 })) {
  return { body: { Token: token, ClientIDs: String(STUB_CLIENT_ID) } };
}

/** Returns one page in CampMinder's PascalCase envelope, the last one. */
export function page(results: unknown[]): StubResponse {
  return { body: { TotalCount: results.length, Next: null, Results: results } };
}

/** Starts a stub with `routes` (by `METHOD /path`) and a token route unless one is given. */
export async function startStub(routes: Record<string, StubRoute> = {}): Promise<StubApi> {
  const table = new Map<string, StubRoute>(Object.entries(routes));
  if (!table.has('GET /auth/apikey')) table.set('GET /auth/apikey', () => tokenResponse());
  const requests: StubRequest[] = [];

  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const request: StubRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const route = table.get(`${request.method} ${request.path}`);
      void Promise.resolve(
        route ? route(request) : { status: 404, body: { code: 404, message: 'Not found' } },
      ).then((scripted) => {
        const text =
          scripted.raw ?? (scripted.body === undefined ? '' : JSON.stringify(scripted.body));
        response.writeHead(scripted.status ?? 200, {
          'content-type': 'application/json',
          ...scripted.headers,
        });
        response.end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    routes: table,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One call to a stub context's logger. */
export interface StubLogLine {
  level: string;
  fields: Record<string, unknown>;
  message: string;
}

/** Options of {@link stubContext}. */
export interface StubContextOptions {
  config?: Partial<CampMinderConfigInput>;
  credentials?: CampMinderCredentials;
  vendorId?: string;
  displayName?: string;
  timeZone?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  logLines?: StubLogLine[];
}

/** Builds a connector context for the stub camp, logging into `options.logLines`. */
export function stubContext(
  stub: Pick<StubApi, 'url'>,
  options: StubContextOptions = {},
): ConnectorContext<CampMinderConfig, CampMinderCredentials> {
  const lines = options.logLines ?? [];
  const log = (level: string) => (fields: Record<string, unknown>, message: string) =>
    lines.push({ level, fields, message });
  const logger: ConnectorLogger = {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
  return {
    vendor: {
      id: options.vendorId ?? 'stub-camp',
      displayName: options.displayName ?? 'Stub Camp',
      timeZone: options.timeZone ?? 'America/New_York',
      config: CampMinderConfigSchema.parse({
        baseUrl: stub.url,
        clientId: STUB_CLIENT_ID,
        seasonId: 2027,
        registrationUrl: 'https://register.example/app?session={sessionId}&ref={reference}',
        pricing: { currency: 'USD', defaultTuition: 100_000 },
        contact: { email: 'office@camp.example' },
        ...options.config,
      }),
    },
    credentials: options.credentials ?? { ...STUB_KEYS },
    http: { timeoutMs: options.timeoutMs ?? 2_000 },
    logger,
    clock: { now: () => new Date(STUB_NOW) },
    signal: options.signal ?? new AbortController().signal,
    requestId: 'review-request',
  };
}

/** Returns a session of the 2027 season in CampMinder's shape, with `overrides` on top. */
export function stubSession(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ID: 1001,
    Name: 'First Session',
    Description: null,
    IsActive: true,
    SeasonID: 2027,
    GroupID: null,
    IsDay: false,
    IsResidential: true,
    IsForChilden: true,
    IsForAdults: false,
    StartDate: '2027-06-28T00:00:00',
    EndDate: '2027-07-17T00:00:00',
    StartAge: 8,
    EndAge: 15.11,
    StartGradeID: null,
    EndGradeID: null,
    GenderID: null,
    SortOrder: 1,
    ...overrides,
  };
}

/** Catalog routes of one camp: `sessions`, no groups, no programs, no custom fields. */
export function catalogRoutes(sessions: unknown[]): Record<string, StubRoute> {
  return {
    'GET /sessions': () => page(sessions),
    'GET /sessions/groups': () => page([]),
    'GET /sessions/programs': () => page([]),
    'GET /persons/custom-fields': () => ({
      body: { totalCount: 0, next: null, result: [] },
    }),
  };
}

/** A registration for session 1001 of program `session-1001` with the given campers. */
export function stubRegistration(
  campers: { firstName: string; lastName: string }[],
  email = 'dana.neil@example.com',
): RegistrationRequest {
  return {
    programId: 'session-1001',
    sessionId: '1001',
    guardian: { firstName: 'Dana', lastName: 'Neil', email },
    participants: campers.map((camper) => ({
      category: 'camper',
      answers: { ...camper, birthDate: '2016-05-02' },
    })),
    idempotencyKey: 'review-key-0001',
  };
}
