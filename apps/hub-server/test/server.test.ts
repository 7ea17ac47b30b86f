import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, SERVER_ENTRY, startServer, type RunningServer } from './server-process.js';

const TOOL_NAMES = [
  'cancel_registration',
  'confirm_registration',
  'get_program',
  'get_registration',
  'get_registration_form',
  'prepare_registration',
  'search_programs',
];

const require = createRequire(import.meta.url);

/** Returns the path of the Inspector's command-line launcher, run with this test's Node.js. */
function inspectorScript(): string {
  const packageJsonPath = require.resolve('@modelcontextprotocol/inspector/package.json');
  const { bin } = require(packageJsonPath) as { bin: Record<string, string> };
  return join(dirname(packageJsonPath), bin['mcp-inspector']!);
}

/** Sends a GET with a chosen Host header, which fetch does not allow. */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const outgoing = request(
      { host: target.hostname, port: target.port, path: '/healthz', headers: { host } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function runServer(args: string[], environment: Record<string, string>) {
  return spawnSync(process.execPath, [SERVER_ENTRY, ...args], {
    env: { PATH: process.env.PATH ?? '', ...environment },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('hub server on its demo defaults', () => {
  let server: RunningServer;
  let directory: string;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'hub-demo-'));
    server = await startServer(['--demo'], { HUB_DB_PATH: join(directory, 'hub.db') });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('logs connectors, vendors and the URL', async () => {
    // stderr, which carries the Inspector hint, may arrive after the URL line on stdout.
    await expect
      .poll(() => server.output.join('\n'))
      .toContain(`npx @modelcontextprotocol/inspector --cli ${server.url}`);
    const log = server.output.join('\n');
    expect(log).toMatch(/"connector":"bookeo".*"contractRange":"\^1.1.0".*Loaded connector/);
    expect(log).toMatch(/"vendors":\[[^\]]*prairie-day-camp[^\]]*\].*Loaded vendors/);
    expect(log).toMatch(/"vendors":\[[^\]]*riverside-swim-school[^\]]*\].*Loaded vendors/);
    expect(log).toMatch(/"source":"demo sandbox","created":4,"msg":"Imported vendors"/);
    expect(log).toMatch(/"actor":"startup:demo","action":"went_live"/);
    expect(log).toContain(`npx @modelcontextprotocol/inspector --cli ${server.url}`);
  });

  it('answers health checks', async () => {
    const response = await fetch(new URL('/healthz', server.url));
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      status: string;
      connectors: string[];
      vendors: number;
    };
    expect(body.status).toBe('ok');
    // Published connector packages are listed; private workspace examples are left out.
    expect(body.connectors).toContain('bookeo');
    expect(body.connectors).not.toContain('tidepool');
    // Two Bookeo businesses and two CampMinder camps.
    expect(body.vendors).toBe(4);
  });

  it('rejects a foreign Host header', async () => {
    expect(await getWithHost(server.url, 'attacker.example')).toBe(403);
    expect(await getWithHost(server.url, 'localhost')).toBe(200);
  });

  it('rejects other methods on the endpoint', async () => {
    for (const method of ['GET', 'DELETE', 'PUT', 'PATCH']) {
      const response = await fetch(server.url, { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow'), method).toBe('POST');
    }
  });

  it('rejects an unsupported body encoding', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=latin9',
        Accept: 'application/json, text/event-stream',
      },
      body: '{"jsonrpc":"2.0","id":1,"method":"ping"}',
    });
    expect(response.status).toBe(415);
    const body = (await response.json()) as { error: { code: number; message: string } };
    expect(body.error.code).toBe(-32600);
    expect(body.error.message).toMatch(/UTF-8 JSON/);
  });

  it('answers a malformed body with a JSON-RPC error', async () => {
    const email = 'family-private@example.com';
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"email":"${email}",}}`,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: number } };
    expect(body.error.code).toBe(-32700);
    expect(JSON.stringify(body)).not.toMatch(/at |node_modules/);
    expect(server.output.join('\n')).not.toContain(email);
  });

  it('rejects an oversized body', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', padding: 'x'.repeat(200_000) }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: { code: number } };
    expect(body.error.code).toBe(-32600);
  });

  it('names a busy port and the fix', async () => {
    const port = new URL(server.url).port;
    const result = runServer([], { PORT: port, HUB_DB_PATH: join(directory, 'other.db') });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`Port ${port} on 127.0.0.1 is already in use`));
    expect(result.stderr).toMatch(/set PORT/);
  });

  it('serves the MCP Inspector CLI', async () => {
    const run = promisify(execFile);
    const inspector = [inspectorScript(), '--cli', server.url, '--transport', 'http'];
    const listed = await run(process.execPath, [...inspector, '--method', 'tools/list']);
    const tools = JSON.parse(listed.stdout).tools as Array<{ name: string }>;
    expect(tools.map((tool) => tool.name).sort()).toEqual(TOOL_NAMES);

    const called = await run(process.execPath, [
      ...inspector,
      '--method',
      'tools/call',
      '--tool-name',
      'search_programs',
      '--tool-args-json',
      JSON.stringify({ query: 'swimming', age: 7 }),
    ]);
    const result = JSON.parse(called.stdout);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent.programs[0].title).toBe('Learn to Swim (ages 5-8)');
  });
});

describe('hub server over stdio', () => {
  it('lists the tools with explicit hints and searches', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'hub-stdio-'));
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [SERVER_ENTRY, '--stdio', '--demo'],
        env: { PATH: process.env.PATH ?? '', HUB_DB_PATH: join(directory, 'hub.db') },
        stderr: 'ignore',
      }),
    );
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(TOOL_NAMES);
      for (const tool of tools) {
        expect(typeof tool.annotations?.readOnlyHint, tool.name).toBe('boolean');
        expect(typeof tool.annotations?.destructiveHint, tool.name).toBe('boolean');
        expect(typeof tool.annotations?.openWorldHint, tool.name).toBe('boolean');
      }
      const result = await client.callTool({
        name: 'search_programs',
        arguments: { query: 'camp' },
      });
      expect(result.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });
});

describe('hub server configuration errors', () => {
  it('names an invalid PORT', () => {
    const result = runServer([], { PORT: 'eighty' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/PORT must be a whole number from 0 to 65535, got "eighty"/);
  });

  it('accepts only decimal digits in numbers', () => {
    for (const value of ['1e3', '0x100', '12.0', ' 80']) {
      const result = runServer([], { HUB_REQUEST_TIMEOUT_MS: value });
      expect(result.status, value).toBe(2);
      expect(result.stderr, value).toMatch(/HUB_REQUEST_TIMEOUT_MS must be a whole number/);
    }
  });

  it('names an unusable ledger path', () => {
    const directory = mkdtempSync(join(tmpdir(), 'hub-db-dir-'));
    const result = runServer([], { HUB_DB_PATH: directory });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`Cannot open the database sqlite:${directory}`);
    expect(result.stderr).toMatch(/set HUB_DB_PATH/);
  });

  it('requires allowed hosts off loopback', () => {
    const result = runServer([], { HOST: '0.0.0.0' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/set HUB_ALLOWED_HOSTS/);
  });

  it('rejects unknown options with usage', () => {
    const result = runServer(['--verbose'], {});
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Usage: signupassist-hub/);
  });

  it('names the Node.js version it needs', () => {
    const systemNode = '/usr/bin/node';
    const version = spawnSync(systemNode, ['--version'], { encoding: 'utf8' }).stdout ?? '';
    if (!/^v(1\d|2[0-3])\./.test(version)) return; // no older Node.js on this machine
    const result = spawnSync(systemNode, [SERVER_ENTRY], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Node.js 24 or later is required/);
    expect(result.stderr).toMatch(/npm start/);
  });

  it('reports a missing vendors file', () => {
    const result = runServer(['--vendors', '/nonexistent/vendors.json'], {});
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/\/nonexistent\/vendors.json/);
  });

  it('logs a misconfigured vendor without its credentials', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'hub-bad-vendors-'));
    const file = join(directory, 'vendors.json');
    const secret = 'SUPER-SECRET-VALUE-0001';
    writeFileSync(
      file,
      JSON.stringify([
        {
          id: 'pool',
          displayName: 'Pool',
          connector: 'bookeo',
          config: { baseUrl: 'not a url' },
          credentials: { apiKey: 'POOL-APIKEY', secretKey: secret },
        },
        {
          id: 'lake',
          displayName: 'Lake',
          connector: 'bookeo',
          config: {},
          credentials: { apiKey: 42, secretKey: secret },
        },
      ]),
    );
    const server = await startServer(['--vendors', file], {
      HUB_DB_PATH: join(directory, 'hub.db'),
    });
    await server.stop();
    const output = server.output.join('\n');
    expect(output).toMatch(/"vendorId":"pool".*baseUrl.*Vendor import row failed/);
    expect(output).toMatch(/"vendorId":"lake".*apiKey.*Vendor import row failed/);
    expect(output).not.toContain(secret);
  });
});

describe('hub server on separately started sandboxes', () => {
  it('serves the vendors file that --sandbox-only writes', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'hub-sandbox-only-'));
    const vendorsFile = join(directory, 'vendors.json');
    const sandboxes = spawn(
      process.execPath,
      [SERVER_ENTRY, '--sandbox-only', '--vendors-out', vendorsFile],
      { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('sandboxes did not start')), 20_000);
        sandboxes.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('Wrote the vendors file')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const vendors = JSON.parse(readFileSync(vendorsFile, 'utf8')) as Array<{ id: string }>;
      expect(vendors.map((vendor) => vendor.id)).toEqual([
        'riverside-swim-school',
        'prairie-day-camp',
        'pine-lake-camp',
        'maple-hollow-day-camp',
      ]);

      const hub = await startServer(['--vendors', vendorsFile], {
        HUB_DB_PATH: join(directory, 'hub.db'),
      });
      try {
        const client = await connectClient(hub.url);
        const result = await client.callTool({
          name: 'search_programs',
          arguments: { query: 'camp' },
        });
        expect(result.isError).toBeFalsy();
        await client.close();
      } finally {
        await hub.stop();
      }
    } finally {
      sandboxes.kill('SIGTERM');
    }
  });
});
