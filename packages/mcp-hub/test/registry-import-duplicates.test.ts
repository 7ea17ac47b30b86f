import { describe, expect, it } from 'vitest';
import { KeyRing, type ImportRowResult } from '../src/index.js';
import {
  CAMP_ACCOUNT,
  newKey,
  storedState,
  SWIM_ACCOUNT,
  useRegistryHarness,
} from './registry-harness.js';
import { sqliteHarness } from './storage-harness.js';

describe('importRows with repeated ids', () => {
  const harness = useRegistryHarness(sqliteHarness);

  it('fails every row of a repeated id', async () => {
    const storage = await harness.openStorage();
    const registry = harness.registryWith(storage, new KeyRing([newKey('k1')]));
    const swim = harness.vendorInput(SWIM_ACCOUNT);
    const rows = [
      { ...swim, credentials: harness.sandbox.credentials(SWIM_ACCOUNT), status: 'live' },
      harness.vendorInput(CAMP_ACCOUNT),
      { ...swim, displayName: 'Another Swim School' },
    ];
    const reported: number[] = [];

    const results: ImportRowResult[] = await registry.importRows(rows, 'cli:import', (_, index) =>
      reported.push(index),
    );

    expect(reported).toEqual([0, 1, 2]);
    expect(results[1]).toEqual({ id: 'prairiecamp', outcome: 'created', status: 'draft' });
    for (const index of [0, 2]) {
      const result = results[index];
      expect(result?.id).toBe('riversideswim');
      expect(result?.outcome).toBe('failed');
      expect(result?.message).toContain('"riversideswim" appears in rows 1, 3 of the import');
      expect(result?.message).toContain('keep one row per vendor id');
    }
    expect((await registry.list()).map((vendor) => vendor.id)).toEqual(['prairiecamp']);
    expect(harness.sandbox.requests({ pathPrefix: '/settings/apikeyinfo' })).toHaveLength(0);
  });

  it('leaves a stored vendor as it was', async () => {
    const storage = await harness.openStorage();
    const registry = harness.registryWith(storage, new KeyRing([newKey('k1')]));
    const swim = harness.vendorInput(SWIM_ACCOUNT);
    await registry.add(swim, 'cli:test');
    const before = await storedState(storage, ['riversideswim']);

    const results = await registry.importRows(
      [
        { ...swim, displayName: 'First Name' },
        { ...swim, displayName: 'Second Name' },
      ],
      'cli:import',
    );

    expect(results.map((result) => result.outcome)).toEqual(['failed', 'failed']);
    expect(await storedState(storage, ['riversideswim'])).toEqual(before);
  });
});
