import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startBookeoSandbox, type BookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manyBusiness, manyBusinessesSeed, MANY_SECRET_KEY } from './bookeo-seed.js';
import { CLI_USER, runCli, type CliResult } from './cli-process.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from './postgres.js';
import { expectNoSecrets } from './secrets.js';
import { connectClient, startServer, type RunningServer } from './server-process.js';

const VENDOR_COUNT = 50;
const KEYS = 'imp1:Zq1rV3b0cXn8mW2sT6yU4iO7pA9dF5gH1jK3lL0zQxE=';
const businesses = Array.from({ length: VENDOR_COUNT }, (_, index) => manyBusiness(index + 1));

interface Engine {
  name: string;
  /** Environment that points the server and the CLI at the engine's database. */
  environment(directory: string): Promise<Record<string, string>>;
  cleanup(): Promise<void>;
}

let postgres: ThrowawayDatabase | undefined;
const ENGINES: Engine[] = [
  {
    name: 'SQLite',
    environment: async (directory) => ({ HUB_DB_PATH: join(directory, 'hub.db') }),
    cleanup: async () => {},
  },
  {
    name: 'PostgreSQL',
    environment: async (directory) => {
      postgres = await createThrowawayDatabase();
      return { DATABASE_URL: postgres.url, HUB_DATA_DIR: directory };
    },
    cleanup: async () => {
      await postgres?.drop();
    },
  },
];

describe.each(ENGINES)('import of 50 vendors on $name', (engine) => {
  let sandbox: BookeoSandbox;
  let environment: Record<string, string>;
  let importFile: string;
  let first: CliResult;
  let server: RunningServer | undefined;
  let client: Client | undefined;
  const outputs: string[] = [];

  const cli = async (args: string[]) => {
    const result = await runCli(args, environment);
    outputs.push(result.stdout, result.stderr);
    return result;
  };

  beforeAll(async () => {
    sandbox = await startBookeoSandbox({ seed: manyBusinessesSeed(VENDOR_COUNT) });
    const directory = mkdtempSync(join(tmpdir(), 'hub-import-'));
    environment = { ...(await engine.environment(directory)), HUB_ENCRYPTION_KEYS: KEYS };
    const rows = businesses.map((business) => ({
      id: business.vendorId,
      displayName: business.name,
      connector: 'bookeo',
      timeZone: 'America/New_York',
      config: { baseUrl: sandbox.url },
      credentials: { apiKey: business.apiKey, secretKey: MANY_SECRET_KEY },
      status: 'live',
    }));
    importFile = join(directory, 'vendors.yaml');
    writeFileSync(importFile, stringify({ vendors: rows }), { mode: 0o600 });
    first = await cli(['vendors', 'import', importFile]);
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await server?.stop();
    await sandbox?.stop();
    await engine.cleanup();
  });

  it('creates every row in one command', () => {
    expect(first.stderr).not.toMatch(/failed/);
    expect(first.code).toBe(0);
    const created = first.stdout
      .split('\n')
      .filter((line) => /^swim-school-\d+\s+created/.test(line));
    expect(created).toHaveLength(VENDOR_COUNT);
  });

  it('prints plain progress lines off a terminal', () => {
    expect(first.stderr).toContain(`import 1/${VENDOR_COUNT}: `);
    expect(first.stderr).toContain(`import ${VENDOR_COUNT}/${VENDOR_COUNT}: `);
    expect(first.stderr).toContain(`${VENDOR_COUNT} created`);
  });

  it('verified each vendor with its own apiKey', () => {
    for (const business of businesses) {
      expect(
        sandbox.requests({ apiKey: business.apiKey }).length,
        business.vendorId,
      ).toBeGreaterThan(0);
    }
  });

  it('searches every vendor with its own apiKey', async () => {
    server = await startServer([], environment);
    client = await connectClient(server.url);
    const before = new Map(
      businesses.map((business) => [
        business.apiKey,
        sandbox.requests({ apiKey: business.apiKey }).length,
      ]),
    );
    const result = (await client.callTool({
      name: 'search_programs',
      arguments: { query: 'swimming', age: 7 },
    })) as { isError?: boolean; structuredContent?: { unavailableVendors: unknown[] } };
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent?.unavailableVendors).toEqual([]);
    for (const business of businesses) {
      const after = sandbox.requests({ apiKey: business.apiKey }).length;
      expect(after, business.vendorId).toBeGreaterThan(before.get(business.apiKey)!);
    }
  });

  it('reports every row unchanged the second time', async () => {
    const listBefore = await cli(['vendors', 'list', '--json']);
    const auditBefore = await cli(['vendors', 'show', 'swim-school-07', '--json']);
    const requestsBefore = sandbox.requests().length;

    const again = await cli(['vendors', 'import', importFile]);
    expect(again.code).toBe(0);
    const unchanged = again.stdout
      .split('\n')
      .filter((line) => /^swim-school-\d+\s+unchanged/.test(line));
    expect(unchanged).toHaveLength(VENDOR_COUNT);
    expect(again.stderr).toContain(`${VENDOR_COUNT} unchanged`);

    expect(sandbox.requests().length).toBe(requestsBefore);
    expect((await cli(['vendors', 'list', '--json'])).stdout).toBe(listBefore.stdout);
    expect((await cli(['vendors', 'show', 'swim-school-07', '--json'])).stdout).toBe(
      auditBefore.stdout,
    );
  });

  it('records the CLI user as actor', async () => {
    const shown = await cli(['vendors', 'show', 'swim-school-01', '--json']);
    const { audit } = JSON.parse(shown.stdout) as { audit: Array<{ actor: string }> };
    expect(audit.length).toBeGreaterThan(0);
    for (const entry of audit) expect(entry.actor).toBe(`cli:${CLI_USER}`);
  });

  it('leaks no apiKey or secret key', () => {
    expectNoSecrets({ cli: outputs.join('\n'), server: server?.output.join('\n') ?? '' }, [
      MANY_SECRET_KEY,
      KEYS.slice(5),
      ...businesses.map((business) => business.apiKey),
    ]);
  });
});
