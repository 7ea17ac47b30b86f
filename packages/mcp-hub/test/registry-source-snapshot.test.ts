import { describe, expect, it } from 'vitest';
import { CredentialVault, KeyRing, RegistryVendorSource, type VendorStore } from '../src/index.js';
import { newKey, SWIM_ACCOUNT, useRegistryHarness } from './registry-harness.js';
import { sqliteHarness } from './storage-harness.js';

describe('RegistryVendorSource snapshot', () => {
  const harness = useRegistryHarness(sqliteHarness);

  it('never pairs a live row with newer credentials', async () => {
    const keys = new KeyRing([newKey('k1')]);
    const storage = await harness.openStorage();
    const registry = harness.registryWith(storage, keys);
    const credentials = harness.sandbox.credentials(SWIM_ACCOUNT);
    await registry.add(harness.vendorInput(SWIM_ACCOUNT), 'cli:test');
    await registry.setCredentials('riversideswim', credentials, 'cli:test');
    await registry.verify('riversideswim', 'cli:test');
    await registry.goLive('riversideswim', 'cli:test');

    // Another process sets new credentials right after the source has read the live rows.
    const other = harness.registryWith(await harness.openStorage(), keys);
    const newCredentials = { ...credentials, apiKey: 'NOT-YET-VERIFIED-01' };
    let changed = false;
    const store = new Proxy(storage.vendors, {
      get(target, property, receiver) {
        if (property !== 'listVendors') return Reflect.get(target, property, receiver);
        return async (...args: Parameters<VendorStore['listVendors']>) => {
          const rows = await target.listVendors(...args);
          if (!changed) {
            changed = true;
            await other.setCredentials('riversideswim', newCredentials, 'cli:other');
          }
          return rows;
        };
      },
    });
    const source = new RegistryVendorSource({ store, vault: new CredentialVault(keys) });

    const record = await source.getVendor('riversideswim');

    expect(changed).toBe(true);
    expect((await registry.show('riversideswim')).status).toBe('draft');
    const served = await record?.loadCredentials?.();
    expect(served).not.toEqual(newCredentials);
  });
});
