import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyRing } from '../src/index.js';
import { newKey, REGISTRY_ENGINES, SWIM_ACCOUNT, useRegistryHarness } from './registry-harness.js';

/** Starts a loopback HTTP listener that records every request, in place of a foreign host. */
async function startListener(): Promise<{
  url: string;
  requests: IncomingMessage[];
  server: Server;
}> {
  const requests: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    requests.push(request);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, server };
}

describe.each(REGISTRY_ENGINES)('credential removal on $kind', ({ create }) => {
  const harness = useRegistryHarness(create);
  let listener: Awaited<ReturnType<typeof startListener>> | undefined;

  afterEach(async () => {
    await new Promise((resolve) => listener?.server.close(resolve) ?? resolve(undefined));
    listener = undefined;
  });

  async function liveSwimSchool() {
    const storage = await harness.openStorage();
    const registry = harness.registryWith(storage, new KeyRing([newKey('k1')]));
    await registry.add(harness.vendorInput(SWIM_ACCOUNT), 'cli:test');
    const withKeys = await registry.setCredentials(
      'riversideswim',
      harness.sandbox.credentials(SWIM_ACCOUNT),
      'cli:test',
    );
    await registry.verify('riversideswim', 'cli:test');
    await registry.goLive('riversideswim', 'cli:test');
    return { storage, registry, fingerprint: withKeys.credentials!.fingerprint };
  }

  it('sends no credentials after a baseUrl change', async () => {
    const { storage, registry, fingerprint } = await liveSwimSchool();
    listener = await startListener();

    const updated = await registry.update(
      'riversideswim',
      { config: { baseUrl: listener.url } },
      'admin-api',
    );
    expect(updated.status).toBe('draft');
    expect(updated.credentials).toBeUndefined();
    expect(updated.credentialsRemoved?.fingerprint).toBe(fingerprint);
    expect(await storage.vendors.getCredentials('riversideswim')).toBeUndefined();

    const error = await registry.verify('riversideswim', 'admin-api').catch((caught) => caught);
    expect(error).toMatchObject({ code: 'invalid', field: 'credentials' });
    expect(String(error.message)).toContain('has no credentials');
    expect(listener.requests).toHaveLength(0);

    const entries = await registry.audit('riversideswim');
    expect(entries.map((entry) => entry.action).slice(-2)).toEqual([
      'updated',
      'credentials_removed',
    ]);
    expect(entries.at(-1)?.details).toEqual({
      credentials: fingerprint,
      reason: expect.stringContaining('config changed'),
    });
  });

  it('keeps credentials on a name change', async () => {
    const { registry, fingerprint } = await liveSwimSchool();
    const renamed = await registry.update('riversideswim', { displayName: 'Pool' }, 'cli:test');
    expect(renamed.credentials?.fingerprint).toBe(fingerprint);
    expect(renamed.credentialsRemoved).toBeUndefined();
  });

  it('removes credentials on an import that changes config', async () => {
    const { storage, registry, fingerprint } = await liveSwimSchool();
    listener = await startListener();
    const row = { ...harness.vendorInput(SWIM_ACCOUNT), config: { baseUrl: listener.url } };

    const [result] = await registry.importRows([{ ...row, status: 'live' }], 'cli:import');
    expect(result?.outcome).toBe('updated');
    expect(result?.status).toBe('draft');
    expect(result?.message).toContain('credentials checked against the old endpoint were removed');
    expect(await storage.vendors.getCredentials('riversideswim')).toBeUndefined();
    expect(listener.requests).toHaveLength(0);
    const removal = (await registry.audit('riversideswim')).at(-1);
    expect(removal?.action).toBe('credentials_removed');
    expect(removal?.details.credentials).toBe(fingerprint);
  });

  it('keeps credentials an import row brings along', async () => {
    const { storage, registry } = await liveSwimSchool();
    const row = {
      ...harness.vendorInput(SWIM_ACCOUNT),
      config: { baseUrl: harness.sandbox.url, holdDurationSeconds: 300 },
      credentials: harness.sandbox.credentials(SWIM_ACCOUNT),
    };

    const [result] = await registry.importRows([row], 'cli:import');
    expect(result?.outcome).toBe('updated');
    expect(result?.message).toBeUndefined();
    expect(await storage.vendors.getCredentials('riversideswim')).toBeDefined();
    const actions = (await registry.audit('riversideswim')).map((entry) => entry.action);
    expect(actions).not.toContain('credentials_removed');
  });
});
