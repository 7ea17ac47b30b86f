import { describe, expect, it } from 'vitest';
import { KeyRing } from '../src/index.js';
import { newKey, REGISTRY_ENGINES, SWIM_ACCOUNT, useRegistryHarness } from './registry-harness.js';

describe.each(REGISTRY_ENGINES)('import log lines on $kind', ({ create }) => {
  const harness = useRegistryHarness(create);

  it('names the outcome of each row', async () => {
    const storage = await harness.openStorage();
    const registry = harness.registryWith(storage, new KeyRing([newKey('k1')]));
    const row = harness.vendorInput(SWIM_ACCOUNT);

    const [created] = await registry.importRows([row], 'startup:vendors-file');
    const [updated] = await registry.importRows(
      [{ ...row, displayName: 'Riverside Pool' }],
      'startup:vendors-file',
    );

    expect(created?.outcome).toBe('created');
    expect(updated?.outcome).toBe('updated');
    const imported = harness.logger.entries.filter(
      (entry) => entry.message === 'Vendor registry changed' && entry.fields.action === 'imported',
    );
    expect(imported.map((entry) => entry.fields.outcome)).toEqual(['created', 'updated']);
  });
});
