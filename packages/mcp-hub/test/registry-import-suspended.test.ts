import { describe, expect, it } from 'vitest';
import { KeyRing } from '../src/index.js';
import { newKey, SWIM_ACCOUNT, useRegistryHarness } from './registry-harness.js';
import { sqliteHarness } from './storage-harness.js';

describe('importRows of a suspended vendor', () => {
  const harness = useRegistryHarness(sqliteHarness);

  async function suspendedSwimSchool() {
    const storage = await harness.openStorage();
    const registry = harness.registryWith(storage, new KeyRing([newKey('k1')]));
    const row = {
      ...harness.vendorInput(SWIM_ACCOUNT),
      credentials: harness.sandbox.credentials(SWIM_ACCOUNT),
      status: 'live',
    };
    const [imported] = await registry.importRows([row], 'cli:import');
    expect(imported?.status).toBe('live');
    await registry.suspend('riversideswim', 'cli:operator', 'contract paused');
    return { registry, row };
  }

  it('keeps an unchanged live row suspended', async () => {
    const { registry, row } = await suspendedSwimSchool();
    const verificationsBefore = harness.sandbox.requests({
      pathPrefix: '/settings/apikeyinfo',
    }).length;

    const [result] = await registry.importRows([row], 'startup:vendors-file');

    expect(result?.outcome).toBe('unchanged');
    expect(result?.status).toBe('suspended');
    expect(result?.message).toContain('suspended');
    expect((await registry.show('riversideswim')).status).toBe('suspended');
    expect(harness.sandbox.requests({ pathPrefix: '/settings/apikeyinfo' })).toHaveLength(
      verificationsBefore,
    );
    expect((await registry.audit('riversideswim')).at(-1)?.action).toBe('suspended');
  });

  it('keeps a changed live row suspended', async () => {
    const { registry, row } = await suspendedSwimSchool();

    const [result] = await registry.importRows(
      [{ ...row, displayName: 'Riverside Swim' }],
      'cli:import',
    );

    expect(result?.outcome).toBe('updated');
    expect(result?.status).toBe('suspended');
    expect((await registry.show('riversideswim')).status).toBe('suspended');
  });
});
