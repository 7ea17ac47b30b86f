import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSecrets } from './secrets.js';
import { SERVER_ENTRY, startServer } from './server-process.js';

const KEYS = 'prod1:UHJvZHVjdGlvbktleUZvclBheW1lbnRUZXN0czAwMDA=';
const SECRET_KEY = 'sk_live_51ProductionStartupDoNotPrint01';
const WEBHOOK_SECRET = 'whsec_ProductionStartupDoNotPrint02';

/** Runs the server to its exit and returns the exit code and everything it printed. */
function runServer(args: string[], environment: Record<string, string>) {
  const result = spawnSync(process.execPath, [SERVER_ENTRY, ...args], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...environment },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe('payments at start-up in production', () => {
  let directory: string;
  let base: Record<string, string>;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'hub-payments-production-'));
    base = {
      NODE_ENV: 'production',
      HUB_DB_PATH: join(directory, 'hub.db'),
      HUB_ENCRYPTION_KEYS: KEYS,
      HUB_ADMIN_API: 'off',
    };
  });

  afterAll(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it.each([[[]], [['--demo']]])('requires a Stripe key with arguments %j', (args) => {
    const result = runServer(args, base);
    expect(result.code).toBe(2);
    expect(result.output).toContain('STRIPE_SECRET_KEY is not set, and NODE_ENV is production');
    expect(result.output).not.toMatch(/emulator on loopback|Serving MCP/);
  });

  it('treats NODE_ENV in capitals as production', () => {
    const result = runServer(['--demo'], { ...base, NODE_ENV: 'PRODUCTION' });
    expect(result.code).toBe(2);
    expect(result.output).toContain('STRIPE_SECRET_KEY is not set');
  });

  it.each([
    [
      'a publishable key',
      { STRIPE_SECRET_KEY: 'pk_live_51ProductionStartupDoNotPrint03' },
      'STRIPE_SECRET_KEY is not a Stripe secret key',
    ],
    [
      'no webhook secret',
      { STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: '' },
      'STRIPE_WEBHOOK_SECRET is not set',
    ],
    [
      'a malformed webhook secret',
      { STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: 'ProductionStartupDoNotPrint04' },
      'STRIPE_WEBHOOK_SECRET is not a webhook signing secret',
    ],
    [
      'a malformed Connect secret',
      { STRIPE_CONNECT_WEBHOOK_SECRET: 'sk_live_ProductionStartupDoNotPrint05' },
      'STRIPE_CONNECT_WEBHOOK_SECRET is not a webhook signing secret',
    ],
    ['no public URL', { HUB_PUBLIC_URL: '' }, 'HUB_PUBLIC_URL is not set'],
    ['an http public URL', { HUB_PUBLIC_URL: 'http://hub.example.com' }, 'use an https:// address'],
  ])('names the variable for %s', (_case, variables, message) => {
    const result = runServer([], {
      ...base,
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      HUB_PUBLIC_URL: 'https://hub.example.com',
      ...variables,
    });
    expect(result.code).toBe(2);
    expect(result.output).toContain(message);
    expect(result.output).not.toContain('DoNotPrint');
    expectNoSecrets({ output: result.output }, [SECRET_KEY, WEBHOOK_SECRET]);
  });

  it('starts without payments when HUB_PAYMENTS=off', async () => {
    const server = await startServer([], { ...base, HUB_PAYMENTS: 'off' });
    try {
      const log = server.output.join('\n');
      expect(log).toMatch(/"reason":"HUB_PAYMENTS is off".*"Payments are off/);
      const response = await fetch(new URL('/webhooks/stripe', server.url), { method: 'POST' });
      expect(response.status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});
