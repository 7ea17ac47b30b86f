import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startLoopbackServer,
  type LoopbackServer,
  type LoopbackServerOptions,
} from '../src/testing.js';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const servers: LoopbackServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: LoopbackServerOptions): Promise<LoopbackServer> {
  const server = await startLoopbackServer(options);
  servers.push(server);
  return server;
}

/**
 * Sends one request over a fresh connection. Unlike fetch, it sends a body with any method, and
 * the explicit Content-Length makes Node's client send it with GET and DELETE too.
 */
function rawRequest(url: string, method: string, body?: string): Promise<RawResponse> {
  const headers = body === undefined ? {} : { 'content-length': Buffer.byteLength(body) };
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method, headers, agent: false }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: text });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('startLoopbackServer', () => {
  it('passes the request to the responder', async () => {
    const received: { method: string; url: string; header: string | null; body: string }[] = [];
    const server = await start({
      respond: async (request) => {
        const body = await request.text();
        received.push({
          method: request.method,
          url: request.url,
          header: request.headers.get('x-account'),
          body,
        });
        return Response.json({ created: true }, { status: 201, headers: { 'x-trace': 't-1' } });
      },
    });

    const response = await fetch(`${server.origin}/v2/items?page=2`, {
      method: 'POST',
      headers: { 'x-account': 'acct-1', 'content-type': 'application/json' },
      body: '{"name":"Guppy"}',
    });

    expect(response.status).toBe(201);
    expect(response.headers.get('x-trace')).toBe('t-1');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ created: true });
    expect(received).toEqual([
      {
        method: 'POST',
        url: `${server.origin}/v2/items?page=2`,
        header: 'acct-1',
        body: '{"name":"Guppy"}',
      },
    ]);
  });

  it('drops the body of GET', async () => {
    const bodies: (string | null)[] = [];
    const server = await start({
      respond: async (request) => {
        bodies.push(request.body === null ? null : await request.text());
        return new Response('ok');
      },
    });

    await rawRequest(`${server.origin}/items`, 'GET', 'sent with GET');
    await rawRequest(`${server.origin}/items`, 'DELETE', 'sent with DELETE');
    await rawRequest(`${server.origin}/items`, 'POST');

    expect(bodies).toEqual([null, 'sent with DELETE', null]);
  });

  it('calls the responder for each request', async () => {
    let routeOrigin = '';
    const server = await start({
      respond: async (request) =>
        request.url.startsWith(routeOrigin) ? new Response(routeOrigin) : undefined,
    });
    routeOrigin = server.origin;

    const response = await fetch(`${server.origin}/account`);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe(server.origin);
  });

  it('reports host, port and origin', async () => {
    const server = await start({ respond: async () => undefined });

    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('serves on IPv6 loopback with a bracketed origin', async () => {
    const server = await start({ host: '::1', respond: async () => new Response('six') });

    expect(server.host).toBe('::1');
    expect(server.origin).toBe(`http://[::1]:${server.port}`);
    expect(await (await fetch(`${server.origin}/`)).text()).toBe('six');
  });

  it('sends the 404 body option', async () => {
    const server = await start({
      respond: async () => undefined,
      notFoundBody: (request) => ({
        code: 404,
        message: `Unknown endpoint: ${request.method} ${new URL(request.url).pathname}.`,
      }),
    });

    const response = await fetch(`${server.origin}/v2/nothing?x=1`, { method: 'PUT' });

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      code: 404,
      message: 'Unknown endpoint: PUT /v2/nothing.',
    });
  });

  it('sends the 500 body option', async () => {
    const server = await start({
      respond: async (request) => {
        if (request.url.endsWith('/string')) throw 'plain string';
        throw new Error('state is corrupt');
      },
      internalErrorBody: (detail) => ({ type: 'api_error', detail }),
    });

    const response = await fetch(`${server.origin}/error`);
    const stringResponse = await fetch(`${server.origin}/string`);

    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ type: 'api_error', detail: 'state is corrupt' });
    expect(stringResponse.status).toBe(500);
    expect(await stringResponse.json()).toEqual({ type: 'api_error', detail: 'plain string' });
  });

  it('uses default error bodies', async () => {
    const server = await start({
      respond: async (request) => {
        if (request.method === 'POST') throw new Error('boom');
        return undefined;
      },
    });

    const missing = await fetch(`${server.origin}/missing?q=1`);
    const failed = await fetch(`${server.origin}/failing`, { method: 'POST' });

    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { message: 'No route matches GET /missing.' },
    });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({
      error: { message: 'Internal error in the loopback server: boom' },
    });
  });

  it('destroys the connection for Response.error()', async () => {
    let calls = 0;
    const server = await start({
      respond: async () => {
        calls += 1;
        return Response.error();
      },
    });

    await expect(rawRequest(`${server.origin}/bookings`, 'POST', '{}')).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    expect(calls).toBe(1);
  });

  it('destroys the connection when the 500 body fails', async () => {
    const server = await start({
      respond: async () => {
        throw new Error('first failure');
      },
      internalErrorBody: () => {
        throw new Error('second failure');
      },
    });

    await expect(rawRequest(`${server.origin}/`, 'GET')).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
  });

  it('keeps every Set-Cookie header', async () => {
    const server = await start({
      respond: async () => {
        const headers = new Headers();
        headers.append('set-cookie', 'a=1');
        headers.append('set-cookie', 'b=2');
        return new Response('ok', { headers });
      },
    });

    const response = await rawRequest(`${server.origin}/`, 'GET');

    expect(response.headers['set-cookie']).toEqual(['a=1', 'b=2']);
  });

  it('closes once and destroys open connections', async () => {
    let release = () => {};
    let reached = () => {};
    const requestReached = new Promise<void>((resolve) => (reached = resolve));
    const server = await startLoopbackServer({
      respond: () => {
        reached();
        return new Promise<Response>((resolve) => (release = () => resolve(new Response())));
      },
    });

    const pending = rawRequest(`${server.origin}/slow`, 'GET');
    await requestReached;
    const first = server.close();
    const second = server.close();

    expect(second).toBe(first);
    await expect(pending).rejects.toMatchObject({ code: 'ECONNRESET' });
    await expect(first).resolves.toBeUndefined();
    await expect(rawRequest(`${server.origin}/`, 'GET')).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    release();
  });

  it('rejects a port that is already taken', async () => {
    const first = await start({ respond: async () => undefined });

    await expect(
      startLoopbackServer({ port: first.port, respond: async () => undefined }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
