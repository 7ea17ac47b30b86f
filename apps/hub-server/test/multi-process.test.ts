import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  createSandboxClock,
  startBookeoSandbox,
  type BookeoSandbox,
} from '@signupassist/connector-bookeo/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRequest } from './admin-client.js';
import { runCli } from './cli-process.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from './postgres.js';
import { expectNoSecrets } from './secrets.js';
import { connectClient, startServer, type RunningServer } from './server-process.js';

const TOKEN = 'multi-process-admin-token-9d8c7b6a5f4e';
const KEYS = 'mp1:H7fQ2kLw9XcR4tVb8NzP1mJs6YdG3aUe0iOo5yTqWrE=';
const SWIM_ACCOUNT = 'RIVERSIDESWIM';
const CAMP_ACCOUNT = 'PRAIRIECAMP';

const guardian = {
  firstName: 'Dana',
  lastName: 'Rivera',
  email: 'dana.rivera@example.com',
  custom_EMERGENCYPHONE: '+1 555 010 0199',
};
const participants = [{ category: 'Cchildren', answers: { firstName: 'Sam', lastName: 'Rivera' } }];

// Tool results are read field by field; the assertions check their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ToolResult = { isError?: boolean; structuredContent?: Record<string, any>; content: unknown };

async function call(client: Client, name: string, args: Record<string, unknown>) {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

async function vendorIdsFound(client: Client, query: string): Promise<string[]> {
  const result = await call(client, 'search_programs', { query });
  return (result.structuredContent?.programs ?? []).map(
    (program: { vendorId: string }) => program.vendorId,
  );
}

describe('two hub processes on one PostgreSQL database', () => {
  let database: ThrowawayDatabase;
  let sandbox: BookeoSandbox;
  let environment: Record<string, string>;
  const servers: RunningServer[] = [];
  const clients: Client[] = [];
  const captured: string[] = [];

  beforeAll(async () => {
    database = await createThrowawayDatabase();
    sandbox = await startBookeoSandbox({ clock: createSandboxClock() });
    const directory = mkdtempSync(join(tmpdir(), 'hub-multi-'));
    environment = {
      DATABASE_URL: database.url,
      HUB_DATA_DIR: directory,
      HUB_ENCRYPTION_KEYS: KEYS,
      HUB_ADMIN_TOKEN: TOKEN,
    };
    for (let index = 0; index < 2; index += 1) {
      const server = await startServer([], environment);
      servers.push(server);
      clients.push(await connectClient(server.url));
    }
  }, 90_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await Promise.all(servers.map((server) => server.stop()));
    await sandbox?.stop();
    await database?.drop();
  });

  it('serves a vendor added through the other process', async () => {
    const [first, second] = servers as [RunningServer, RunningServer];
    expect(await vendorIdsFound(clients[1]!, 'swimming')).toEqual([]);
    const steps: Array<[string, string, unknown?]> = [
      [
        'POST',
        '/admin/vendors',
        {
          id: 'riverside-swim-school',
          displayName: 'Riverside Swim School',
          connector: 'bookeo',
          timeZone: 'America/New_York',
          config: { baseUrl: sandbox.url },
        },
      ],
      [
        'PUT',
        '/admin/vendors/riverside-swim-school/credentials',
        sandbox.credentials(SWIM_ACCOUNT),
      ],
      ['POST', '/admin/vendors/riverside-swim-school/verify'],
      ['POST', '/admin/vendors/riverside-swim-school/go-live'],
    ];
    for (const [method, path, body] of steps) {
      const response = await adminRequest(first.url, method, path, { token: TOKEN, body });
      captured.push(response.text);
      expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
    }
    await expect
      .poll(() => vendorIdsFound(clients[1]!, 'swimming'), { timeout: 15_000 })
      .toContain('riverside-swim-school');
    expect(second.output.join('\n')).not.toMatch(/"msg":"Stopping"/);
  });

  it('serves a vendor added with the CLI in both', async () => {
    const credentialsFile = join(environment.HUB_DATA_DIR!, 'camp-credentials.json');
    writeFileSync(credentialsFile, JSON.stringify(sandbox.credentials(CAMP_ACCOUNT)), {
      mode: 0o600,
    });
    const commands = [
      [
        'vendors',
        'add',
        '--id',
        'prairie-day-camp',
        '--name',
        'Prairie Day Camp',
        '--connector',
        'bookeo',
        '--time-zone',
        'America/Chicago',
        '--config',
        JSON.stringify({ baseUrl: sandbox.url }),
      ],
      ['vendors', 'set-credentials', 'prairie-day-camp', '--file', credentialsFile],
      ['vendors', 'verify', 'prairie-day-camp'],
      ['vendors', 'go-live', 'prairie-day-camp'],
    ];
    for (const args of commands) {
      const result = await runCli(args, environment);
      captured.push(result.stdout, result.stderr);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    for (const client of clients) {
      await expect
        .poll(() => vendorIdsFound(client, 'camp'), { timeout: 15_000 })
        .toContain('prairie-day-camp');
    }
  });

  it('books once for 20 confirms across both', async () => {
    const [first, second] = clients as [Client, Client];
    const program = await call(first, 'get_program', {
      vendorId: 'riverside-swim-school',
      programId: 'LTS58',
    });
    const sessionId = program.structuredContent?.program.sessions[0].sessionId as string;
    const prepared = await call(first, 'prepare_registration', {
      vendorId: 'riverside-swim-school',
      programId: 'LTS58',
      sessionId,
      guardian,
      participants,
      booking: { option_SWIMLEVEL: 'Beginner' },
    });
    expect(prepared.isError, JSON.stringify(prepared.content)).toBeFalsy();
    const registrationId = prepared.structuredContent?.registrationId as string;

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        call(index % 2 === 0 ? first : second, 'confirm_registration', { registrationId }),
      ),
    );
    expect(results.filter((result) => result.isError)).toEqual([]);
    const bookingIds = new Set(
      results.map((result) => result.structuredContent?.receipt.bookingId),
    );
    expect(bookingIds.size).toBe(1);
    expect(sandbox.bookingCount({ accountId: SWIM_ACCOUNT, eventId: sessionId })).toBe(1);
    expect(sandbox.requests({ method: 'POST', pathPrefix: '/bookings' })).toHaveLength(1);
  });

  it('reports tampered ciphertext and writes nothing', async () => {
    await database.query(
      'UPDATE vendor_credentials SET ciphertext = set_byte(ciphertext, 0, ' +
        "get_byte(ciphertext, 0) # 255) WHERE vendor_id = 'prairie-day-camp'",
    );
    const auditBefore = await database.query(
      "SELECT count(*)::int AS count FROM vendor_audit WHERE vendor_id = 'prairie-day-camp'",
    );
    const response = await adminRequest(
      servers[1]!.url,
      'POST',
      '/admin/vendors/prairie-day-camp/verify',
      { token: TOKEN },
    );
    captured.push(response.text);
    expect(response.status).toBe(500);
    expect(response.body.error.code).toBe('decryption_failed');
    expect(response.body.error.message).toContain('prairie-day-camp');
    const auditAfter = await database.query(
      "SELECT count(*)::int AS count FROM vendor_audit WHERE vendor_id = 'prairie-day-camp'",
    );
    expect(auditAfter).toEqual(auditBefore);
    const cli = await runCli(['vendors', 'verify', 'prairie-day-camp'], environment);
    captured.push(cli.stdout, cli.stderr);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/prairie-day-camp.*failed authentication/);
  });

  it('leaks no secret in logs or responses', () => {
    const swim = sandbox.credentials(SWIM_ACCOUNT);
    const camp = sandbox.credentials(CAMP_ACCOUNT);
    expectNoSecrets(
      {
        logs: servers.map((server) => server.output.join('\n')).join('\n'),
        outputs: captured.join('\n'),
      },
      [TOKEN, KEYS.slice(4), swim.apiKey, swim.secretKey, camp.apiKey],
    );
  });
});
