import { describe, expect, it } from 'vitest';
import {
  CredentialVault,
  isRegistryError,
  KeyRing,
  RegistryVendorSource,
  type HubStorage,
  type RegistryError,
  type StoredVendorRegistry,
} from '../src/index.js';
import type { VendorPaymentsInput } from '../src/payments/config.js';
import {
  newKey,
  REGISTRY_ENGINES,
  storedState,
  SWIM_ACCOUNT,
  useRegistryHarness,
} from './registry-harness.js';

const CONNECT_PAYMENTS: VendorPaymentsInput = {
  successFee: { type: 'percent', percent: 5, minMinor: 200, currency: 'USD' },
  successFeeByProgram: { 'prog-trial': { type: 'none' } },
  connect: { accountId: 'acct_1Nv0FGQ9RKHgCVdK' },
};

/** CONNECT_PAYMENTS as stored: the default refund policy filled in. */
const CONNECT_STORED = {
  ...CONNECT_PAYMENTS,
  connect: { accountId: 'acct_1Nv0FGQ9RKHgCVdK', refundPolicy: 'full' },
};

const FIXED_PAYMENTS: VendorPaymentsInput = {
  successFee: { type: 'fixed', amountMinor: 300, currency: 'USD' },
};

/** Bad payment settings, the field path each error names and a part of its fix. */
const BAD_PAYMENTS: [label: string, payments: unknown, field: string, fix: string][] = [
  [
    'zero fixed fee',
    { successFee: { type: 'fixed', amountMinor: 0, currency: 'USD' } },
    'payments.successFee.amountMinor',
    'integer above 0 in minor units',
  ],
  [
    'unknown policy type',
    { successFee: { type: 'flat', amountMinor: 300 } },
    'payments.successFee.type',
    'use "none", "fixed"',
  ],
  [
    'lower-case currency',
    { successFee: { type: 'fixed', amountMinor: 300, currency: 'usd' } },
    'payments.successFee.currency',
    'ISO 4217 code in capitals',
  ],
  [
    'percent above 100',
    { successFee: { type: 'percent', percent: 120, currency: 'USD' } },
    'payments.successFee.percent',
    'at most 100',
  ],
  [
    'floor above cap',
    { successFee: { type: 'percent', percent: 5, minMinor: 900, maxMinor: 100, currency: 'USD' } },
    'payments.successFee.minMinor',
    'not above maxMinor',
  ],
  [
    'bad account id',
    { successFee: { type: 'none' }, connect: { accountId: 'acct-42' } },
    'payments.connect.accountId',
    'connected Stripe account id',
  ],
  [
    'unknown refund policy',
    { successFee: { type: 'none' }, connect: { accountId: 'acct_42', refundPolicy: 'some' } },
    'payments.connect.refundPolicy',
    '"before_start"',
  ],
  [
    'program policy without amount',
    {
      successFee: { type: 'none' },
      successFeeByProgram: { p1: { type: 'fixed', currency: 'USD' } },
    },
    'payments.successFeeByProgram.p1.amountMinor',
    'integer above 0 in minor units',
  ],
  [
    'unknown payments field',
    { successFee: { type: 'none' }, programFees: {} },
    'payments.programFees',
    'successFee, successFeeByProgram and connect only',
  ],
  [
    'field of another policy type',
    { successFee: { type: 'fixed', amountMinor: 300, currency: 'USD', percent: 5 } },
    'payments.successFee.percent',
    'a "fixed" policy takes amountMinor and currency',
  ],
  ['missing success fee', {}, 'payments.successFee', 'give a fee policy'],
  ['text instead of object', 'five percent', 'payments', 'give an object with successFee'],
];

async function registryError(promise: Promise<unknown>): Promise<RegistryError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isRegistryError(error)) throw new Error(`expected a RegistryError, got ${String(error)}`);
  return error;
}

describe.each(REGISTRY_ENGINES)('vendor payment settings on $kind', ({ create }) => {
  const harness = useRegistryHarness(create);
  const keys = new KeyRing([newKey('k1')]);

  async function open(): Promise<{ storage: HubStorage; registry: StoredVendorRegistry }> {
    const storage = await harness.openStorage();
    return { storage, registry: harness.registryWith(storage, keys) };
  }

  async function liveSwimSchool(payments?: VendorPaymentsInput) {
    const { storage, registry } = await open();
    const input = harness.vendorInput(SWIM_ACCOUNT);
    await registry.add(payments ? { ...input, payments } : input, 'cli:test');
    const withKeys = await registry.setCredentials(
      'riversideswim',
      harness.sandbox.credentials(SWIM_ACCOUNT),
      'cli:test',
    );
    await registry.verify('riversideswim', 'cli:test');
    await registry.goLive('riversideswim', 'cli:test');
    return { storage, registry, fingerprint: withKeys.credentials!.fingerprint };
  }

  it('adds a vendor with defaults filled in', async () => {
    const { registry } = await open();
    const input = { ...harness.vendorInput(SWIM_ACCOUNT), payments: CONNECT_PAYMENTS };

    const added = await registry.add(input, 'cli:test');

    expect(added.payments).toEqual(CONNECT_STORED);
    expect((await registry.show('riversideswim')).payments).toEqual(CONNECT_STORED);
    const [created] = await registry.audit('riversideswim');
    expect(created?.details.payments).toEqual({ old: null, new: CONNECT_STORED });
  });

  it('adds a vendor without payment settings', async () => {
    const { registry } = await open();

    const added = await registry.add(
      { ...harness.vendorInput(SWIM_ACCOUNT), payments: null as never },
      'cli:test',
    );

    expect(added).not.toHaveProperty('payments');
    expect((await registry.audit('riversideswim'))[0]?.details).not.toHaveProperty('payments');
  });

  it.each(BAD_PAYMENTS)('rejects %s on add', async (_label, payments, field, fix) => {
    const { storage, registry } = await open();
    const input = { ...harness.vendorInput(SWIM_ACCOUNT), payments };

    const error = await registryError(registry.add(input as never, 'cli:test'));

    expect(error.code).toBe('invalid');
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
    expect(error.message).toContain(fix);
    expect(await storage.vendors.listVendors()).toEqual([]);
  });

  it.each(BAD_PAYMENTS)('rejects %s on update', async (_label, payments, field, fix) => {
    const { storage, registry } = await liveSwimSchool(FIXED_PAYMENTS);
    const before = await storedState(storage, ['riversideswim']);

    const error = await registryError(
      registry.update('riversideswim', { payments } as never, 'cli:test'),
    );

    expect(error.field).toBe(field);
    expect(error.message).toContain(`Vendor "riversideswim": `);
    expect(error.message).toContain(fix);
    expect(await storedState(storage, ['riversideswim'])).toEqual(before);
  });

  it('changes payments of a live vendor and keeps its credentials', async () => {
    const { storage, registry, fingerprint } = await liveSwimSchool(FIXED_PAYMENTS);

    const updated = await registry.update(
      'riversideswim',
      { payments: CONNECT_PAYMENTS },
      'admin-api',
    );

    expect(updated.payments).toEqual(CONNECT_STORED);
    expect(updated.status).toBe('live');
    expect(updated.credentials?.fingerprint).toBe(fingerprint);
    expect(updated.credentialsRemoved).toBeUndefined();
    expect((await storage.vendors.getCredentials('riversideswim'))?.fingerprint).toBe(fingerprint);
    const entries = await registry.audit('riversideswim');
    expect(entries.map((entry) => entry.action)).not.toContain('credentials_removed');
    expect(entries.at(-1)?.action).toBe('updated');
    expect(entries.at(-1)?.details).toEqual({
      payments: {
        old: { successFee: { type: 'fixed', amountMinor: 300, currency: 'USD' } },
        new: CONNECT_STORED,
      },
    });
  });

  it('removes payment settings with null', async () => {
    const { storage, registry } = await liveSwimSchool(CONNECT_PAYMENTS);

    const cleared = await registry.update('riversideswim', { payments: null }, 'cli:test');
    const auditLength = (await registry.audit('riversideswim')).length;
    const again = await registry.update('riversideswim', { payments: null }, 'cli:test');

    expect(cleared).not.toHaveProperty('payments');
    expect(cleared.status).toBe('live');
    expect((await storage.vendors.getVendor('riversideswim'))?.payments).toBeUndefined();
    const entries = await registry.audit('riversideswim');
    expect(entries.at(-1)?.details).toEqual({ payments: { old: CONNECT_STORED, new: null } });
    expect(again).not.toHaveProperty('payments');
    expect(entries).toHaveLength(auditLength);
  });

  it('keeps payments an update leaves out', async () => {
    const { registry } = await liveSwimSchool(CONNECT_PAYMENTS);
    const auditLength = (await registry.audit('riversideswim')).length;

    const same = await registry.update('riversideswim', { payments: CONNECT_PAYMENTS }, 'cli:test');
    const renamed = await registry.update('riversideswim', { displayName: 'Pool' }, 'cli:test');

    expect(same.payments).toEqual(CONNECT_STORED);
    expect(renamed.payments).toEqual(CONNECT_STORED);
    const entries = await registry.audit('riversideswim');
    expect(entries).toHaveLength(auditLength + 1);
    expect(entries.at(-1)?.details).toEqual({
      displayName: { old: expect.any(String), new: 'Pool' },
    });
  });

  it('imports rows with payment settings', async () => {
    const { registry } = await open();
    const row = {
      ...harness.vendorInput(SWIM_ACCOUNT),
      credentials: harness.sandbox.credentials(SWIM_ACCOUNT),
      status: 'live' as const,
      payments: CONNECT_PAYMENTS,
    };

    const [created] = await registry.importRows([row], 'cli:import');
    const [repeated] = await registry.importRows([row], 'cli:import');
    const [changed] = await registry.importRows(
      [{ ...row, payments: FIXED_PAYMENTS }],
      'cli:import',
    );

    expect(created).toMatchObject({ outcome: 'created', status: 'live' });
    expect(repeated).toMatchObject({ outcome: 'unchanged', status: 'live' });
    expect(changed).toMatchObject({ outcome: 'updated', status: 'live' });
    expect(changed?.message).toBeUndefined();
    const view = await registry.show('riversideswim');
    expect(view.payments).toEqual(FIXED_PAYMENTS);
    expect(view.credentials).toBeDefined();
    const imports = (await registry.audit('riversideswim')).filter(
      (entry) => entry.action === 'imported',
    );
    expect(imports[0]?.details.payments).toEqual({ old: null, new: CONNECT_STORED });
    expect(imports.at(-1)?.details).toEqual({
      outcome: 'updated',
      payments: { old: CONNECT_STORED, new: FIXED_PAYMENTS },
    });
  });

  it('clears payments on an import row without them', async () => {
    const { registry } = await liveSwimSchool(FIXED_PAYMENTS);

    const [result] = await registry.importRows([harness.vendorInput(SWIM_ACCOUNT)], 'cli:import');

    expect(result).toMatchObject({ outcome: 'updated', status: 'live' });
    const view = await registry.show('riversideswim');
    expect(view).not.toHaveProperty('payments');
    expect(view.credentials).toBeDefined();
  });

  it('fails an import row with bad payments', async () => {
    const { storage, registry } = await open();
    const row = {
      ...harness.vendorInput(SWIM_ACCOUNT),
      payments: { successFee: { type: 'fixed', amountMinor: -5, currency: 'USD' } },
    };

    const [result] = await registry.importRows([row], 'cli:import');

    expect(result?.outcome).toBe('failed');
    expect(result?.message).toContain('field "payments.successFee.amountMinor"');
    expect(result?.message).toContain('integer above 0 in minor units');
    expect(await storage.vendors.listVendors()).toEqual([]);
  });

  it('serves payments on the vendor record', async () => {
    const { storage, registry } = await liveSwimSchool(CONNECT_PAYMENTS);
    const source = new RegistryVendorSource({
      store: storage.vendors,
      vault: new CredentialVault(keys),
      refreshMs: 0,
    });

    const first = await source.getVendor('riversideswim');
    await registry.update('riversideswim', { payments: null }, 'cli:test');
    const second = await source.getVendor('riversideswim');

    expect(first?.payments).toEqual(CONNECT_STORED);
    expect(first?.problems).toBeUndefined();
    expect(second?.status).toBe('live');
    expect(second).not.toHaveProperty('payments');
  });
});
