import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyRing, type VendorStore } from '../src/index.js';
import {
  CAMP_ACCOUNT,
  newKey,
  REGISTRY_ENGINES,
  SWIM_ACCOUNT,
  useRegistryHarness,
} from './registry-harness.js';

/** Starts a loopback HTTP listener that records each request's URL and headers as text. */
async function startListener(): Promise<{ url: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    requests.push(`${request.url} ${JSON.stringify(request.headers)}`);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, server };
}

/** Wraps a store so that `beforeRead` runs once, just before its first credentials read. */
function pauseBeforeCredentials(store: VendorStore, beforeRead: () => Promise<void>): VendorStore {
  let paused = false;
  return new Proxy(store, {
    get(target, property) {
      if (property === 'getCredentials') {
        return async (vendorId: string) => {
          if (!paused) {
            paused = true;
            await beforeRead();
          }
          return target.getCredentials(vendorId);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe.each(REGISTRY_ENGINES)('verify snapshot on $kind', ({ create }) => {
  const harness = useRegistryHarness(create);
  const listeners: Server[] = [];

  afterEach(async () => {
    for (const server of listeners.splice(0)) {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('sends new credentials to no old endpoint', async () => {
    const oldHost = await startListener();
    const newHost = await startListener();
    listeners.push(oldHost.server, newHost.server);
    const storage = await harness.openStorage();
    const keys = new KeyRing([newKey('k1')]);
    const operator = harness.registryWith(storage, keys);
    const input = { ...harness.vendorInput(SWIM_ACCOUNT), config: { baseUrl: oldHost.url } };
    await operator.add(input, 'cli:test');
    await operator.setCredentials(
      'riversideswim',
      harness.sandbox.credentials(SWIM_ACCOUNT),
      'cli:test',
    );
    const newCredentials = harness.sandbox.credentials(CAMP_ACCOUNT);

    // Between the verification's read of the vendor and its read of the credentials, the
    // operator moves the vendor to a new host and sets the credentials for that host.
    const verifier = harness.registryWith(
      { ...storage, vendors: pauseBeforeCredentials(storage.vendors, moveVendor) },
      keys,
    );
    async function moveVendor() {
      await operator.update('riversideswim', { config: { baseUrl: newHost.url } }, 'cli:test');
      await operator.setCredentials('riversideswim', newCredentials, 'cli:test');
    }

    const error = await verifier.verify('riversideswim', 'cli:test').catch((caught) => caught);
    expect(error).toMatchObject({ code: 'conflict' });
    const leaked = oldHost.requests.filter((request) => request.includes(newCredentials.apiKey));
    expect(leaked).toEqual([]);
    expect(oldHost.requests).toHaveLength(0);
  });
});
