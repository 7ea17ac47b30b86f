import { describe, expect, it } from 'vitest';
import { KeyRing } from '../src/index.js';
import { newKey, REGISTRY_ENGINES, SWIM_ACCOUNT, useRegistryHarness } from './registry-harness.js';

const SET_AT = new Date('2020-01-01T00:00:00.000Z');

describe.each(REGISTRY_ENGINES)('key rotation on $kind', ({ create }) => {
  const harness = useRegistryHarness(create);

  it('keeps the time credentials were set', async () => {
    const storage = await harness.openStorage();
    const oldKey = newKey('k1');
    const registry = harness.registryWith(storage, new KeyRing([oldKey]));
    await registry.add(harness.vendorInput(SWIM_ACCOUNT), 'cli:test');
    await registry.setCredentials(
      'riversideswim',
      harness.sandbox.credentials(SWIM_ACCOUNT),
      'cli:test',
    );
    await harness.execute(`UPDATE vendor_credentials SET updated_at = '${SET_AT.toISOString()}'`);

    const rotating = harness.registryWith(storage, new KeyRing([newKey('k2'), oldKey]));
    expect(await rotating.rotateKeys('cli:ops')).toEqual({ resealed: 1, keyId: 'k2' });

    const shown = await rotating.show('riversideswim');
    expect(shown.credentials?.keyId).toBe('k2');
    expect(shown.credentials?.updatedAt).toEqual(SET_AT);
    const rotation = (await rotating.audit('riversideswim')).at(-1);
    expect(rotation?.action).toBe('keys_rotated');
    expect(rotation?.at.getTime()).toBeGreaterThan(SET_AT.getTime());
  });
});
