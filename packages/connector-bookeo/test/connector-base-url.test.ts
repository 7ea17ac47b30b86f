import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookeoConfigSchema, createBookeoConnector } from '../src/index.js';
import type { BookeoSandbox } from '../src/sandbox/index.js';
import { createConnectorHarness, startSandbox } from './connector-harness.js';

const SWIM = 'RIVERSIDESWIM';
const { contextFor, failure, expectNotLeaked } = createConnectorHarness();

/** Returns a loopback port that nothing listens on, by binding it and closing it again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('Bookeo baseUrl', () => {
  let sandbox: BookeoSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox(new Date('2026-03-02T17:00:00Z'));
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it.each(['ftp://api.bookeo.com/v2', 'file:///etc/passwd', 'javascript:alert(1)'])(
    'rejects the scheme of %s',
    (baseUrl) => {
      const result = BookeoConfigSchema.safeParse({ baseUrl });
      expect(result.success).toBe(false);
      const issue = result.error?.issues[0];
      expect(issue?.path).toEqual(['baseUrl']);
      expect(issue?.message).toContain('baseUrl must be an http:// or https:// URL');
    },
  );

  it.each(['http://127.0.0.1:8080/v2', 'https://api.bookeo.com/v2'])('accepts %s', (baseUrl) => {
    expect(BookeoConfigSchema.safeParse({ baseUrl }).success).toBe(true);
  });

  it('names the host when the connection fails', async () => {
    const port = await closedPort();
    const context = contextFor(sandbox, SWIM, {
      config: { baseUrl: `http://127.0.0.1:${port}/v2` },
    });

    const error = await failure(createBookeoConnector().verifyCredentials(context));

    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toContain(`at 127.0.0.1:${port}`);
    expect(error.message).toContain('config.baseUrl');
    expect(error.message).not.toMatch(/credential|API key/i);
    expectNotLeaked([context.credentials.apiKey, context.credentials.secretKey]);
  });
});
