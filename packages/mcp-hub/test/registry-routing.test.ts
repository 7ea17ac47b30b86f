import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { isConnectorError, type ConnectorError } from '@signupassist/contract';
import { describe, expect, it } from 'vitest';
import {
  createHub,
  CredentialVault,
  isRegistryError,
  KeyRing,
  RegistryVendorSource,
  StorageError,
  type HubStorage,
  type StoredVendorRegistry,
  type VendorStore,
} from '../src/index.js';
import { FakeClock } from './helpers.js';
import {
  CAMP_ACCOUNT,
  newKey,
  storedState,
  swapCredentialsSql,
  SWIM_ACCOUNT,
  REGISTRY_ENGINES,
  useRegistryHarness,
} from './registry-harness.js';

describe.each(REGISTRY_ENGINES)('registry routing on $kind', ({ create }) => {
  const harness = useRegistryHarness(create);

  /** Adds, verifies and makes live one sandbox business through the registry. */
  async function addLive(registry: StoredVendorRegistry, accountId: string): Promise<string> {
    const input = harness.vendorInput(accountId);
    await registry.add(input, 'cli:test');
    await registry.setCredentials(input.id, harness.sandbox.credentials(accountId), 'cli:test');
    const { check } = await registry.verify(input.id, 'cli:test');
    if (!check.valid) throw new Error(`Sandbox credentials of ${accountId} did not verify.`);
    await registry.goLive(input.id, 'cli:test');
    return input.id;
  }

  function hubOver(storage: HubStorage, keys: KeyRing, source?: RegistryVendorSource) {
    return createHub({
      connectors: [createBookeoConnector()],
      vendors:
        source ??
        new RegistryVendorSource({
          store: storage.vendors,
          vault: new CredentialVault(keys),
          refreshMs: 0,
        }),
      ledger: storage.ledger,
      logger: harness.logger,
      searchTimeoutMs: 2_000,
    });
  }

  async function connectorError(promise: Promise<unknown>): Promise<ConnectorError> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (!isConnectorError(error))
      throw new Error(`Expected a ConnectorError, got ${String(error)}`);
    return error;
  }

  /** Counts the reads a vendor source makes of the store. */
  function countingStore(store: VendorStore): { store: VendorStore; reads: () => number } {
    let reads = 0;
    const counted = Object.create(store) as VendorStore;
    counted.listVendors = (filter) => {
      reads += 1;
      return store.listVendors(filter);
    };
    return { store: counted, reads: () => reads };
  }

  describe('RegistryVendorSource', () => {
    it('serves vendors another connection makes live', async () => {
      const keys = new KeyRing([newKey('k1')]);
      const hubStorage = await harness.openStorage();
      const hub = hubOver(hubStorage, keys);
      const adminStorage = await harness.openStorage();
      const registry = harness.registryWith(adminStorage, keys);

      expect((await hub.searchPrograms({ query: 'swim' })).programs).toHaveLength(0);
      await registry.add(harness.vendorInput(SWIM_ACCOUNT), 'cli:test');
      expect((await hub.searchPrograms({ query: 'swim' })).programs).toHaveLength(0);

      await addLive(registry, CAMP_ACCOUNT);
      await registry.setCredentials(
        'riversideswim',
        harness.sandbox.credentials(SWIM_ACCOUNT),
        'cli:t',
      );
      await registry.verify('riversideswim', 'cli:t');
      await registry.goLive('riversideswim', 'cli:t');
      const found = await hub.searchPrograms({});
      const vendorIds = new Set(found.programs.map((match) => match.vendor.id));
      expect(vendorIds).toEqual(new Set(['riversideswim', 'prairiecamp']));

      await registry.suspend('riversideswim', 'cli:t', 'paused by the vendor');
      const after = await hub.searchPrograms({});
      expect(new Set(after.programs.map((match) => match.vendor.id))).toEqual(
        new Set(['prairiecamp']),
      );
    });

    it('rereads the store only after the stamp moves', async () => {
      const keys = new KeyRing([newKey('k1')]);
      const storage = await harness.openStorage();
      const registry = harness.registryWith(storage, keys);
      const clock = new FakeClock(new Date('2026-06-01T12:00:00Z'));
      const counted = countingStore(storage.vendors);
      const source = new RegistryVendorSource({
        store: counted.store,
        vault: new CredentialVault(keys),
        clock,
        refreshMs: 1_000,
      });

      expect(await source.listVendors()).toEqual([]);
      await addLive(registry, SWIM_ACCOUNT);
      expect(await source.listVendors()).toEqual([]);
      expect(counted.reads()).toBe(1);

      clock.advance(1_000);
      expect((await source.listVendors()).map((record) => record.id)).toEqual(['riversideswim']);
      expect(counted.reads()).toBe(2);

      clock.advance(1_000);
      await source.getVendor('riversideswim');
      expect(counted.reads()).toBe(2);
    });

    it('keeps plaintext out of the records', async () => {
      const keys = new KeyRing([newKey('k1')]);
      const storage = await harness.openStorage();
      await addLive(harness.registryWith(storage, keys), SWIM_ACCOUNT);
      const source = new RegistryVendorSource({
        store: storage.vendors,
        vault: new CredentialVault(keys),
      });

      const [record] = await source.listVendors();
      const { apiKey, secretKey } = harness.sandbox.credentials(SWIM_ACCOUNT);
      expect(JSON.stringify(record)).not.toContain(apiKey);
      expect(record?.credentials).toBeUndefined();
      expect(await record?.loadCredentials?.()).toEqual({ apiKey, secretKey });
    });

    it('serves the previous list while the store fails', async () => {
      const keys = new KeyRing([newKey('k1')]);
      const storage = await harness.openStorage();
      await addLive(harness.registryWith(storage, keys), SWIM_ACCOUNT);
      let failing = false;
      const store = Object.create(storage.vendors) as VendorStore;
      store.changeStamp = () => {
        if (failing)
          return Promise.reject(new StorageError('connection_failed', 'Database is down.'));
        return storage.vendors.changeStamp();
      };
      const source = new RegistryVendorSource({
        store,
        vault: new CredentialVault(keys),
        refreshMs: 0,
        logger: harness.logger,
      });

      expect((await source.listVendors()).map((record) => record.id)).toEqual(['riversideswim']);
      failing = true;
      expect((await source.listVendors()).map((record) => record.id)).toEqual(['riversideswim']);
      const warning = harness.logger.entries.find((entry) => entry.level === 'warn');
      expect(warning?.fields).toMatchObject({ errorCode: 'connection_failed', vendorCount: 1 });

      const fresh = new RegistryVendorSource({ store, vault: new CredentialVault(keys) });
      await expect(fresh.listVendors()).rejects.toThrow('Database is down.');
    });
  });

  describe('credential decryption failures', () => {
    it('stops a swapped ciphertext before the provider', async () => {
      const keys = new KeyRing([newKey('k1')]);
      const storage = await harness.openStorage();
      const registry = harness.registryWith(storage, keys);
      const swim = await addLive(registry, SWIM_ACCOUNT);
      const camp = await addLive(registry, CAMP_ACCOUNT);
      await harness.execute(swapCredentialsSql(swim, camp));
      const swimKey = harness.sandbox.credentials(SWIM_ACCOUNT).apiKey;
      const campKey = harness.sandbox.credentials(CAMP_ACCOUNT).apiKey;
      const requestsBefore = harness.sandbox.requests().length;
      const swimBefore = harness.sandbox.requests({ apiKey: swimKey }).length;
      const campBefore = harness.sandbox.requests({ apiKey: campKey }).length;
      const hub = hubOver(storage, keys);

      const search = await hub.searchPrograms({});
      expect(search.programs).toHaveLength(0);
      expect(search.unavailableVendors.map((vendor) => vendor.vendorId).sort()).toEqual([
        camp,
        swim,
      ]);
      expect(search.unavailableVendors[0]?.reason).toBe(
        'This vendor is not available in the hub right now.',
      );

      const error = await connectorError(hub.getProgram({ vendorId: swim, programId: 'any' }));
      expect(error.message).toContain('Riverside Swim School is not set up correctly in the hub');
      expect(error.message).not.toContain('k1');
      expect(harness.sandbox.requests().length).toBe(requestsBefore);
      expect(harness.sandbox.requests({ apiKey: swimKey })).toHaveLength(swimBefore);
      expect(harness.sandbox.requests({ apiKey: campKey })).toHaveLength(campBefore);

      const logged = harness.logger.entries.filter(
        (entry) => entry.level === 'error' && entry.fields.vendorId === swim,
      );
      expect(logged.length).toBeGreaterThan(0);
      expect(String(logged[0]?.fields.errorMessage)).toContain(
        `Credentials of vendor "${swim}" (sealed under key "k1") failed authentication`,
      );
      expect(await hub.checkVendors()).toEqual([
        { vendorId: camp, problems: [expect.stringContaining(`vendor "${camp}"`)] },
        { vendorId: swim, problems: [expect.stringContaining(`vendor "${swim}"`)] },
      ]);
    });

    it('fails verify and rotation on a swapped ciphertext', async () => {
      const storage = await harness.openStorage();
      const oldRing = new KeyRing([newKey('k1')]);
      const registry = harness.registryWith(storage, oldRing);
      const swim = await addLive(registry, SWIM_ACCOUNT);
      const camp = await addLive(registry, CAMP_ACCOUNT);
      await harness.execute(swapCredentialsSql(swim, camp));
      const before = await storedState(storage, [swim, camp]);

      const verifying = await registry.verify(swim, 'cli:test').catch((error: unknown) => error);
      expect(isRegistryError(verifying, 'decryption_failed')).toBe(true);
      expect((verifying as Error).message).toContain(`"${swim}"`);

      const rotated = new KeyRing([newKey('k2'), { id: 'k1', key: oldRing.key('k1')! }]);
      const rotating = await harness
        .registryWith(storage, rotated)
        .rotateKeys('cli:test')
        .catch((error: unknown) => error);
      expect(isRegistryError(rotating, 'decryption_failed')).toBe(true);
      expect(await storedState(storage, [swim, camp])).toEqual(before);
    });

    it('names an unknown key id', async () => {
      const storage = await harness.openStorage();
      const swim = await addLive(
        harness.registryWith(storage, new KeyRing([newKey('old')])),
        SWIM_ACCOUNT,
      );
      const registry = harness.registryWith(storage, new KeyRing([newKey('new')]));

      const error = await registry.verify(swim, 'cli:test').catch((caught: unknown) => caught);
      expect(isRegistryError(error, 'decryption_failed')).toBe(true);
      expect((error as Error).message).toContain('no configured encryption key has the id "old"');
    });
  });

  describe('key rotation', () => {
    it('reseals every vendor under the new key', async () => {
      const storage = await harness.openStorage();
      const first = newKey('k1');
      const registry = harness.registryWith(storage, new KeyRing([first]));
      const swim = await addLive(registry, SWIM_ACCOUNT);
      const camp = await addLive(registry, CAMP_ACCOUNT);
      const fingerprints = (await registry.list()).map((vendor) => vendor.credentials?.fingerprint);

      const second = newKey('k2');
      const rotating = harness.registryWith(storage, new KeyRing([second, first]));
      expect(await rotating.rotateKeys('cli:ops')).toEqual({ resealed: 2, keyId: 'k2' });
      expect(await rotating.rotateKeys('cli:ops')).toEqual({ resealed: 0, keyId: 'k2' });

      const onlyNew = new KeyRing([second]);
      const after = harness.registryWith(storage, onlyNew);
      const views = await after.list();
      expect(views.map((vendor) => vendor.credentials?.keyId)).toEqual(['k2', 'k2']);
      expect(views.map((vendor) => vendor.credentials?.fingerprint)).toEqual(fingerprints);
      expect((await after.verify(swim, 'cli:ops')).check.valid).toBe(true);
      expect((await after.verify(camp, 'cli:ops')).check.valid).toBe(true);
      expect((await after.audit(swim)).filter((entry) => entry.action === 'keys_rotated')).toEqual([
        expect.objectContaining({
          details: { keyId: { old: 'k1', new: 'k2' }, credentials: fingerprints[1] },
        }),
      ]);

      const hub = hubOver(storage, onlyNew);
      const search = await hub.searchPrograms({});
      expect(search.unavailableVendors).toEqual([]);
      expect(new Set(search.programs.map((match) => match.vendor.id))).toEqual(
        new Set([swim, camp]),
      );
    });
  });
});
