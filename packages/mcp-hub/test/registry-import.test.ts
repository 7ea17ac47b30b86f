import { describe, expect, it } from 'vitest';
import { KeyRing, type ImportRowResult } from '../src/index.js';
import {
  CAMP_ACCOUNT,
  newKey,
  storedState,
  SWIM_ACCOUNT,
  REGISTRY_ENGINES,
  useRegistryHarness,
} from './registry-harness.js';

describe.each(REGISTRY_ENGINES)('importRows on $kind', ({ create }) => {
  const harness = useRegistryHarness(create);

  async function setUp() {
    const storage = await harness.openStorage();
    const registry = harness.registryWith(storage, new KeyRing([newKey('k1')]));
    return { storage, registry };
  }

  function row(accountId: string, extra: Record<string, unknown> = {}) {
    return {
      ...harness.vendorInput(accountId),
      credentials: harness.sandbox.credentials(accountId),
      ...extra,
    };
  }

  describe('StoredVendorRegistry.importRows', () => {
    it('creates, then reports unchanged rows', async () => {
      const { storage, registry } = await setUp();
      const rows = [row(SWIM_ACCOUNT), row(CAMP_ACCOUNT)];

      const first = await registry.importRows(rows, 'cli:import');
      expect(first).toEqual([
        { id: 'riversideswim', outcome: 'created', status: 'draft' },
        { id: 'prairiecamp', outcome: 'created', status: 'draft' },
      ]);
      const before = await storedState(storage, ['riversideswim', 'prairiecamp']);

      // Key order of config and credentials does not matter.
      const reordered = rows.map(({ credentials, ...rest }) => ({
        credentials: { secretKey: credentials.secretKey, apiKey: credentials.apiKey },
        ...rest,
      }));
      const second = await registry.importRows(reordered, 'cli:import');
      expect(second.map((result) => result.outcome)).toEqual(['unchanged', 'unchanged']);
      expect(await storedState(storage, ['riversideswim', 'prairiecamp'])).toEqual(before);
    });

    it('imports a row without credentials as a draft', async () => {
      const { storage, registry } = await setUp();
      const results = await registry.importRows([harness.vendorInput(SWIM_ACCOUNT)], 'cli:import');

      expect(results).toEqual([{ id: 'riversideswim', outcome: 'created', status: 'draft' }]);
      expect(await storage.vendors.getCredentials('riversideswim')).toBeUndefined();
      const again = await registry.importRows([harness.vendorInput(SWIM_ACCOUNT)], 'cli:import');
      expect(again.map((result) => result.outcome)).toEqual(['unchanged']);
    });

    it('updates changed settings and credentials', async () => {
      const { registry } = await setUp();
      await registry.importRows([row(SWIM_ACCOUNT)], 'cli:import');
      const oldFingerprint = (await registry.show('riversideswim')).credentials?.fingerprint;

      const changed = row(SWIM_ACCOUNT, {
        displayName: 'Riverside Swim',
        credentials: { apiKey: 'NEW-APIKEY-0002', secretKey: harness.sandbox.secretKey },
      });
      const [result] = await registry.importRows([changed], 'cli:import');
      expect(result).toEqual({ id: 'riversideswim', outcome: 'updated', status: 'draft' });

      const view = await registry.show('riversideswim');
      expect(view.displayName).toBe('Riverside Swim');
      const entry = (await registry.audit('riversideswim')).at(-1);
      expect(entry?.action).toBe('imported');
      expect(entry?.details).toEqual({
        outcome: 'updated',
        displayName: { old: 'Riverside Swim School', new: 'Riverside Swim' },
        credentials: { old: oldFingerprint, new: view.credentials?.fingerprint },
      });
    });

    it('makes live rows live and keeps them', async () => {
      const { registry } = await setUp();
      const rows = [row(SWIM_ACCOUNT, { status: 'live' })];

      expect(await registry.importRows(rows, 'cli:import')).toEqual([
        { id: 'riversideswim', outcome: 'created', status: 'live' },
      ]);
      expect(await registry.importRows(rows, 'cli:import')).toEqual([
        { id: 'riversideswim', outcome: 'unchanged', status: 'live' },
      ]);
      const actions = (await registry.audit('riversideswim')).map((entry) => entry.action);
      expect(actions).toEqual(['imported', 'verified', 'went_live']);
    });

    it('reports rows that fail and goes on', async () => {
      const { storage, registry } = await setUp();
      const seen: [ImportRowResult, number][] = [];
      const secret = 'IMPORT-SECRET-NOT-TO-ECHO';
      const rows = [
        row(SWIM_ACCOUNT, { timeZone: 'Nowhere/Land' }),
        'not an object',
        { ...row(CAMP_ACCOUNT), id: 'campminder-camp', connector: 'campminder' },
        row(CAMP_ACCOUNT, { id: 'half-keyed-camp', credentials: { apiKey: secret } }),
        row(CAMP_ACCOUNT),
      ];

      const results = await registry.importRows(rows, 'cli:import', (result, index) =>
        seen.push([result, index]),
      );
      expect(results.map((result) => result.outcome)).toEqual([
        'failed',
        'failed',
        'failed',
        'failed',
        'created',
      ]);
      expect(results[0]?.message).toContain('field "timeZone"');
      expect(results[1]).toMatchObject({ id: '(row 2)' });
      expect(results[2]?.message).toContain('connector "campminder"');
      expect(results[3]?.message).toContain('credentials.secretKey');
      expect(JSON.stringify(results)).not.toContain(secret);
      expect(seen.map(([, index]) => index)).toEqual([0, 1, 2, 3, 4]);

      const vendors = await storage.vendors.listVendors();
      expect(vendors.map((vendor) => vendor.id)).toEqual(['prairiecamp']);
      expect(await storage.vendors.listAudit('riversideswim')).toEqual([]);
    });

    it('rejects rows that are not a list', async () => {
      const { registry } = await setUp();
      await expect(registry.importRows({} as never, 'cli:import')).rejects.toMatchObject({
        code: 'invalid',
        field: 'rows',
      });
    });

    it('saves a live row whose verification fails', async () => {
      const { registry } = await setUp();
      const rejected = row(SWIM_ACCOUNT, {
        status: 'live',
        credentials: { apiKey: 'UNKNOWN-APIKEY', secretKey: harness.sandbox.secretKey },
      });

      const [result] = await registry.importRows([rejected], 'cli:import');
      expect(result?.outcome).toBe('failed');
      expect(result?.status).toBe('draft');
      expect(result?.message).toMatch(/^Saved as draft, but not made live: the provider rejected/);
      expect((await registry.show('riversideswim')).status).toBe('draft');
    });

    it('returns a live vendor to draft on a config change', async () => {
      const { registry } = await setUp();
      await registry.importRows([row(SWIM_ACCOUNT, { status: 'live' })], 'cli:import');

      const config = { baseUrl: harness.sandbox.url, catalogHorizonDays: 30 };
      const [result] = await registry.importRows([row(SWIM_ACCOUNT, { config })], 'cli:import');
      expect(result).toEqual({ id: 'riversideswim', outcome: 'updated', status: 'draft' });
    });
  });
});
