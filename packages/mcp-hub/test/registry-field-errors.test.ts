import { describe, expect, it } from 'vitest';
import { isRegistryError, KeyRing, type RegistryError, type VendorInput } from '../src/index.js';
import { newKey, SWIM_ACCOUNT, useRegistryHarness } from './registry-harness.js';
import { sqliteHarness } from './storage-harness.js';

describe('vendor field errors', () => {
  const harness = useRegistryHarness(sqliteHarness);

  async function setUp() {
    const storage = await harness.openStorage();
    return harness.registryWith(storage, new KeyRing([newKey('k1')]));
  }

  async function registryError(promise: Promise<unknown>): Promise<RegistryError> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (!isRegistryError(error)) throw new Error(`Expected a RegistryError, got ${String(error)}`);
    return error;
  }

  it('adds a vendor without config', async () => {
    const registry = await setUp();
    const input: Partial<VendorInput> = harness.vendorInput(SWIM_ACCOUNT);
    delete input.config;

    const added = await registry.add(input as VendorInput, 'cli:test');

    expect(added.status).toBe('draft');
    expect(added.config).toEqual({});
  });

  it('imports a row without config', async () => {
    const registry = await setUp();
    const row: Partial<VendorInput> = harness.vendorInput(SWIM_ACCOUNT);
    delete row.config;

    const [result] = await registry.importRows([row], 'cli:test');

    expect(result?.outcome).toBe('created');
    expect(result?.message).toBeUndefined();
  });

  it.each(['constructor', 'toString', '__proto__'])(
    'names unknown row field "%s"',
    async (name) => {
      const registry = await setUp();
      const row = JSON.parse(
        JSON.stringify(harness.vendorInput(SWIM_ACCOUNT)).replace(/^\{/, `{"${name}": 1,`),
      ) as unknown;

      const [result] = await registry.importRows([row], 'cli:test');

      expect(result?.outcome).toBe('failed');
      expect(result?.message).toContain(`unknown field ${name}: remove it or fix its name.`);
      expect(result?.message).not.toContain('native code');
    },
  );

  it('names each unknown field', async () => {
    const registry = await setUp();
    const row = {
      ...harness.vendorInput(SWIM_ACCOUNT),
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    };

    const [result] = await registry.importRows([row], 'cli:test');

    expect(result?.outcome).toBe('failed');
    expect(result?.message).toContain(
      'unknown fields createdAt, updatedAt: remove them or fix their names.',
    );
    expect(result?.message).not.toContain('field "createdAt, updatedAt"');
  });

  it('reports every problem of a new vendor', async () => {
    const registry = await setUp();
    const input = {
      ...harness.vendorInput(SWIM_ACCOUNT),
      connector: 'nope',
      timeZone: 'Mars/Olympus',
    };

    const error = await registryError(registry.add(input, 'cli:test'));

    expect(error.code).toBe('invalid');
    expect(error.message).toContain('field "timeZone" is not an IANA time zone');
    expect(error.message).toContain('connector "nope", which is not installed');
    expect(await registry.list()).toEqual([]);
  });

  it('rejects a __proto__ capability override', async () => {
    const registry = await setUp();
    const row = JSON.parse(
      JSON.stringify({
        ...harness.vendorInput(SWIM_ACCOUNT),
        capabilityOverrides: { placeholder: 'absent' },
      }).replace('"placeholder"', '"__proto__"'),
    ) as unknown;

    const [result] = await registry.importRows([row], 'cli:test');

    expect(result?.outcome).toBe('failed');
    expect(result?.message).toContain('field "capabilityOverrides"');
    expect(result?.message).toContain('"__proto__", which is not a capability name');
    expect(await registry.list()).toEqual([]);
  });

  it.each(['foo', 'constructor'])('names unknown capability "%s"', async (name) => {
    const registry = await setUp();
    const input = {
      ...harness.vendorInput(SWIM_ACCOUNT),
      capabilityOverrides: JSON.parse(`{"${name}": "absent"}`) as Record<string, string>,
    };

    const error = await registryError(registry.add(input as VendorInput, 'cli:test'));

    expect(error.code).toBe('invalid');
    expect(error.field).toBe(`capabilityOverrides.${name}`);
    expect(error.message).toContain(`unknown field capabilityOverrides.${name}:`);
    expect(error.message).toContain('map capability names to');
    expect(error.message).not.toContain('native code');
    expect(await registry.list()).toEqual([]);
  });
});
