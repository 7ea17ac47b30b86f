import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import {
  CredentialVault,
  KeyRing,
  openSqliteStorage,
  StoredVendorRegistry,
} from '@signupassist/mcp-hub';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { importVendorsFile } from '../src/startup-import.js';

const VENDOR = {
  id: 'aqua-kids',
  displayName: 'Aqua Kids',
  connector: 'bookeo',
  timeZone: 'UTC',
  config: { baseUrl: 'http://127.0.0.1:9/v2' },
};

describe('vendors file import at start', () => {
  const closers: Array<() => Promise<void>> = [];

  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('logs rows saved with a message', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'hub-startup-import-'));
    const storage = openSqliteStorage({ path: join(directory, 'hub.db') });
    closers.push(() => storage.close());
    const registry = new StoredVendorRegistry({
      store: storage.vendors,
      vault: new CredentialVault(new KeyRing([{ id: 'k1', key: randomBytes(32) }])),
      connectors: [createBookeoConnector()],
    });
    await registry.add(VENDOR, 'cli:test');
    await registry.setCredentials('aqua-kids', { apiKey: 'a', secretKey: 's' }, 'cli:test');
    const lines: string[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );

    // The file moves the vendor to another host without credentials, which removes them.
    const file = join(directory, 'vendors.json');
    const moved = { ...VENDOR, config: { baseUrl: 'http://127.0.0.1:10/v2' }, status: 'draft' };
    writeFileSync(file, JSON.stringify([moved]));
    const [result] = await importVendorsFile(registry, file, logger);

    expect(result?.outcome).toBe('updated');
    expect(result?.message).toContain('credentials checked against the old endpoint were removed');
    const logged = lines.find((line) => line.includes('"vendorId":"aqua-kids"'));
    expect(logged).toBeDefined();
    expect(logged).toContain('"level":40');
    expect(logged).toContain('credentials checked against the old endpoint were removed');
  });
});
