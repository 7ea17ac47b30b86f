import { describe, expect, it } from 'vitest';
import { KeyRing } from '../src/index.js';
import { newKey, REGISTRY_ENGINES, SWIM_ACCOUNT, useRegistryHarness } from './registry-harness.js';

describe.each(REGISTRY_ENGINES)('undecryptable credentials on $kind', ({ create }) => {
  const harness = useRegistryHarness(create);

  /** Stores live credentials under key k1, then returns a registry that only has key k2. */
  async function withOldKeyRemoved() {
    const storage = await harness.openStorage();
    const first = harness.registryWith(storage, new KeyRing([newKey('k1')]));
    await first.add(harness.vendorInput(SWIM_ACCOUNT), 'cli:test');
    await first.setCredentials(
      'riversideswim',
      harness.sandbox.credentials(SWIM_ACCOUNT),
      'cli:test',
    );
    await first.verify('riversideswim', 'cli:test');
    await first.goLive('riversideswim', 'cli:test');
    return harness.registryWith(storage, new KeyRing([newKey('k2')]));
  }

  it('names the replaced key on set-credentials', async () => {
    const registry = await withOldKeyRemoved();

    const result = await registry.setCredentials(
      'riversideswim',
      harness.sandbox.credentials(SWIM_ACCOUNT),
      'cli:test',
    );
    expect(result.status).toBe('draft');
    expect(result.credentials?.keyId).toBe('k2');
    expect(result.undecryptableReplaced?.keyId).toBe('k1');
    expect(result.undecryptableReplaced?.message).toContain('could not be decrypted');
    expect(result.undecryptableReplaced?.message).toContain('"k1"');
    const entry = (await registry.audit('riversideswim')).at(-1);
    expect(entry?.action).toBe('credentials_set');
    expect(entry?.details.undecryptable).toMatchObject({ keyId: 'k1' });
  });

  it('names the replaced key on import', async () => {
    const registry = await withOldKeyRemoved();
    const row = {
      ...harness.vendorInput(SWIM_ACCOUNT),
      credentials: harness.sandbox.credentials(SWIM_ACCOUNT),
    };

    const [result] = await registry.importRows([row], 'cli:import');
    expect(result?.outcome).toBe('updated');
    expect(result?.status).toBe('draft');
    expect(result?.message).toContain('could not be decrypted with key "k1" and were replaced');
    const entry = (await registry.audit('riversideswim')).at(-1);
    expect(entry?.action).toBe('imported');
    expect(entry?.details.undecryptable).toMatchObject({ keyId: 'k1' });
  });

  it('reports a replaced key when going live', async () => {
    const registry = await withOldKeyRemoved();
    const row = {
      ...harness.vendorInput(SWIM_ACCOUNT),
      credentials: harness.sandbox.credentials(SWIM_ACCOUNT),
      status: 'live',
    };

    const [result] = await registry.importRows([row], 'cli:import');
    expect(result?.status).toBe('live');
    expect(result?.message).toContain('could not be decrypted with key "k1"');
  });
});
