import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { describe, expect, it } from 'vitest';
import {
  isRegistryError,
  KeyRing,
  type HubStorage,
  type RegistryError,
  type StoredVendorRegistry,
} from '../src/index.js';
import {
  CAMP_ACCOUNT,
  newKey,
  storedState,
  SWIM_ACCOUNT,
  REGISTRY_ENGINES,
  useRegistryHarness,
} from './registry-harness.js';

describe.each(REGISTRY_ENGINES)('StoredVendorRegistry on $kind', ({ create }) => {
  const harness = useRegistryHarness(create);

  async function registryError(promise: Promise<unknown>): Promise<RegistryError> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (!isRegistryError(error)) throw new Error(`Expected a RegistryError, got ${String(error)}`);
    return error;
  }

  async function setUp(): Promise<{
    storage: HubStorage;
    registry: StoredVendorRegistry;
    keys: KeyRing;
  }> {
    const storage = await harness.openStorage();
    const keys = new KeyRing([newKey('k1')]);
    return { storage, registry: harness.registryWith(storage, keys), keys };
  }

  /** Adds the swim school with its sandbox credentials and verifies it. */
  async function verifiedSwimSchool(registry: StoredVendorRegistry) {
    await registry.add(harness.vendorInput(SWIM_ACCOUNT), 'cli:test');
    await registry.setCredentials(
      'riversideswim',
      harness.sandbox.credentials(SWIM_ACCOUNT),
      'cli:test',
    );
    return registry.verify('riversideswim', 'cli:test');
  }

  describe('StoredVendorRegistry flow', () => {
    it('takes a vendor from draft to live and back', async () => {
      const { registry } = await setUp();
      const added = await registry.add(harness.vendorInput(SWIM_ACCOUNT), 'cli:alice');
      expect(added.status).toBe('draft');
      expect(added.credentials).toBeUndefined();

      const withKeys = await registry.setCredentials(
        'riversideswim',
        harness.sandbox.credentials(SWIM_ACCOUNT),
        'cli:alice',
      );
      expect(withKeys.credentials?.keyId).toBe('k1');
      expect(withKeys.credentials?.fingerprint).toMatch(/^[0-9a-f]{8}$/);

      const { vendor: verified, check } = await registry.verify('riversideswim', 'cli:alice');
      expect(check.valid).toBe(true);
      expect(check.accountId).toBe(SWIM_ACCOUNT);
      expect(verified.status).toBe('verified');
      expect(verified.lastVerification?.valid).toBe(true);
      const apiKey = harness.sandbox.credentials(SWIM_ACCOUNT).apiKey;
      expect(harness.sandbox.requests({ apiKey, pathPrefix: '/settings/apikeyinfo' })).toHaveLength(
        1,
      );

      expect((await registry.goLive('riversideswim', 'cli:alice')).status).toBe('live');
      const suspended = await registry.suspend('riversideswim', 'cli:alice', 'contract paused');
      expect(suspended.status).toBe('suspended');
      await expect(registry.goLive('riversideswim', 'cli:alice')).rejects.toMatchObject({
        code: 'invalid_transition',
      });
      expect((await registry.verify('riversideswim', 'cli:alice')).vendor.status).toBe('verified');
      expect((await registry.goLive('riversideswim', 'cli:alice')).status).toBe('live');

      const actions = (await registry.audit('riversideswim')).map((entry) => entry.action);
      expect(actions).toEqual([
        'created',
        'credentials_set',
        'verified',
        'went_live',
        'suspended',
        'verified',
        'went_live',
      ]);
    });

    it('records field changes in the audit log', async () => {
      const { registry } = await setUp();
      await registry.add(harness.vendorInput(SWIM_ACCOUNT), 'cli:alice');
      await registry.update('riversideswim', { displayName: 'Riverside Swim' }, 'admin-api');

      const entries = await registry.audit('riversideswim');
      const update = entries.at(-1);
      expect(update?.action).toBe('updated');
      expect(update?.actor).toBe('admin-api');
      expect(update?.details).toEqual({
        displayName: { old: 'Riverside Swim School', new: 'Riverside Swim' },
      });
      const suspension = await registry.suspend('riversideswim', 'cli:bob', 'overdue');
      expect(suspension.status).toBe('suspended');
      expect((await registry.audit('riversideswim')).at(-1)?.details).toEqual({
        status: { old: 'draft', new: 'suspended' },
        reason: 'overdue',
      });
    });

    it('returns a live vendor to draft on new credentials', async () => {
      const { registry } = await setUp();
      await verifiedSwimSchool(registry);
      await registry.goLive('riversideswim', 'cli:test');
      const before = (await registry.show('riversideswim')).credentials?.fingerprint;

      const changed = await registry.setCredentials(
        'riversideswim',
        { apiKey: 'ROTATED-APIKEY-0002', secretKey: harness.sandbox.secretKey },
        'cli:test',
      );
      expect(changed.status).toBe('draft');
      expect(changed.credentials?.fingerprint).not.toBe(before);
      expect((await registry.audit('riversideswim')).at(-1)?.details).toEqual({
        credentials: { old: before, new: changed.credentials?.fingerprint },
        keyId: 'k1',
        status: { old: 'live', new: 'draft' },
      });
    });

    it('returns a live vendor to draft on a config change', async () => {
      const { registry } = await setUp();
      await verifiedSwimSchool(registry);
      await registry.goLive('riversideswim', 'cli:test');

      const config = { baseUrl: harness.sandbox.url, holdDurationSeconds: 300 };
      expect((await registry.update('riversideswim', { config }, 'cli:test')).status).toBe('draft');
    });

    it('keeps a live vendor live on a name change', async () => {
      const { registry } = await setUp();
      await verifiedSwimSchool(registry);
      await registry.goLive('riversideswim', 'cli:test');

      const renamed = await registry.update('riversideswim', { displayName: 'Riverside' }, 'cli:t');
      expect(renamed.status).toBe('live');
    });

    it('writes nothing for repeated settings and credentials', async () => {
      const { storage, registry } = await setUp();
      await verifiedSwimSchool(registry);
      await registry.goLive('riversideswim', 'cli:test');
      const before = await storedState(storage, ['riversideswim']);

      const input = harness.vendorInput(SWIM_ACCOUNT);
      await registry.update('riversideswim', { displayName: input.displayName }, 'cli:test');
      const { apiKey, secretKey } = harness.sandbox.credentials(SWIM_ACCOUNT);
      await registry.setCredentials('riversideswim', { secretKey, apiKey }, 'cli:test');
      await registry.goLive('riversideswim', 'cli:test');

      expect(await storedState(storage, ['riversideswim'])).toEqual(before);
    });

    it('records a rejected verification', async () => {
      const { registry } = await setUp();
      await verifiedSwimSchool(registry);
      await registry.setCredentials(
        'riversideswim',
        { apiKey: 'UNKNOWN-APIKEY', secretKey: harness.sandbox.secretKey },
        'cli:test',
      );

      const { vendor, check } = await registry.verify('riversideswim', 'cli:test');
      expect(check.valid).toBe(false);
      expect(check.problems?.length).toBeGreaterThan(0);
      expect(vendor.status).toBe('draft');
      expect(vendor.lastVerification?.valid).toBe(false);
      expect((await registry.audit('riversideswim')).at(-1)?.action).toBe('verification_failed');
      await expect(registry.goLive('riversideswim', 'cli:test')).rejects.toMatchObject({
        code: 'invalid_transition',
      });
    });

    it('lists vendors by status', async () => {
      const { registry } = await setUp();
      await verifiedSwimSchool(registry);
      await registry.add(harness.vendorInput(CAMP_ACCOUNT), 'cli:test');

      expect((await registry.list()).map((vendor) => vendor.id)).toEqual([
        'prairiecamp',
        'riversideswim',
      ]);
      const verified = await registry.list({ status: 'verified' });
      expect(verified.map((vendor) => vendor.id)).toEqual(['riversideswim']);
      expect(verified[0]?.credentials?.keyId).toBe('k1');
    });
  });

  describe('StoredVendorRegistry errors', () => {
    /** Runs a failing operation and checks that it wrote nothing. */
    async function expectNothingWritten(
      storage: HubStorage,
      operation: () => Promise<unknown>,
    ): Promise<RegistryError> {
      const before = await storedState(storage, ['riversideswim', 'prairiecamp']);
      const error = await registryError(operation());
      expect(await storedState(storage, ['riversideswim', 'prairiecamp'])).toEqual(before);
      return error;
    }

    it.each([
      ['id', { id: 'Bad_Id' }],
      ['id', { id: '-edge' }],
      ['displayName', { displayName: '   ' }],
      ['timeZone', { timeZone: 'Mars/Olympus' }],
      ['config.baseUrl', { config: { baseUrl: 'not a url' } }],
      ['config', { config: { baseUrl: 'http://127.0.0.1:1/v2', unknownSetting: 1 } }],
      ['capabilityOverrides.idempotency', { capabilityOverrides: { idempotency: 'native' } }],
      ['extra', { extra: true }],
    ])('rejects an invalid %s on add', async (field, change) => {
      const { storage, registry } = await setUp();
      // Invalid on purpose, so the input is not typed as a VendorInput.
      const input = { ...harness.vendorInput(SWIM_ACCOUNT), ...change } as never;

      const error = await expectNothingWritten(storage, () => registry.add(input, 'cli:test'));
      expect(error.code).toBe('invalid');
      expect(error.field).toBe(field);
      const named = field === 'extra' ? 'unknown field extra:' : `"${field}"`;
      expect(error.message).toContain(named);
    });

    it('names a widened capability', async () => {
      const { registry } = await setUp();
      await registry.add(
        { ...harness.vendorInput(SWIM_ACCOUNT), capabilityOverrides: { holds: 'absent' } },
        'cli:test',
      );
      const error = await registryError(
        registry.update('riversideswim', { capabilityOverrides: { waitlist: 'native' } }, 'cli:t'),
      );
      expect(error.field).toBe('capabilityOverrides.waitlist');
      expect(error.message).toMatch(/Capability "waitlist" cannot be widened/);
    });

    it('rejects an unknown connector', async () => {
      const { storage, registry } = await setUp();
      const input = { ...harness.vendorInput(SWIM_ACCOUNT), connector: 'campminder' };

      const error = await expectNothingWritten(storage, () => registry.add(input, 'cli:test'));
      expect(error.code).toBe('unknown_connector');
      expect(error.field).toBe('connector');
      expect(error.message).toContain('installed: bookeo');
    });

    it('rejects a duplicate id', async () => {
      const { storage, registry } = await setUp();
      await registry.add(harness.vendorInput(SWIM_ACCOUNT), 'cli:test');

      const input = harness.vendorInput(SWIM_ACCOUNT);
      const error = await expectNothingWritten(storage, () => registry.add(input, 'cli:test'));
      expect(error.code).toBe('conflict');
    });

    it('rejects invalid credentials without echoing them', async () => {
      const { storage, registry } = await setUp();
      await registry.add(harness.vendorInput(SWIM_ACCOUNT), 'cli:test');
      const secret = 'SECRET-VALUE-NOT-TO-ECHO';

      const error = await expectNothingWritten(storage, () =>
        registry.setCredentials('riversideswim', { apiKey: secret, surplus: secret }, 'cli:t'),
      );
      expect(error.code).toBe('invalid');
      expect(error.field).toMatch(/^credentials/);
      expect(error.message).toContain('credentials.secretKey');
      expect(error.message).not.toContain(secret);
    });

    it.each([
      ['show', (registry: StoredVendorRegistry) => registry.show('nobody')],
      ['update', (registry: StoredVendorRegistry) => registry.update('nobody', {}, 'cli:t')],
      [
        'setCredentials',
        (registry: StoredVendorRegistry) => registry.setCredentials('nobody', {}, 'cli:t'),
      ],
      ['verify', (registry: StoredVendorRegistry) => registry.verify('nobody', 'cli:t')],
      ['goLive', (registry: StoredVendorRegistry) => registry.goLive('nobody', 'cli:t')],
      ['suspend', (registry: StoredVendorRegistry) => registry.suspend('nobody', 'cli:t')],
      ['audit', (registry: StoredVendorRegistry) => registry.audit('nobody')],
    ])('reports an unknown vendor in %s', async (_name, operation) => {
      const { storage, registry } = await setUp();
      const error = await expectNothingWritten(storage, () => operation(registry));
      expect(error.code).toBe('not_found');
      expect(error.message).toContain('"nobody"');
    });

    it('rejects going live from draft', async () => {
      const { storage, registry } = await setUp();
      await registry.add(harness.vendorInput(SWIM_ACCOUNT), 'cli:test');

      const error = await expectNothingWritten(storage, () =>
        registry.goLive('riversideswim', 'cli:test'),
      );
      expect(error.code).toBe('invalid_transition');
      expect(error.message).toMatch(/is draft and cannot go live: set its credentials/);
    });

    it('rejects verifying without credentials', async () => {
      const { storage, registry } = await setUp();
      await registry.add(harness.vendorInput(SWIM_ACCOUNT), 'cli:test');

      const error = await expectNothingWritten(storage, () =>
        registry.verify('riversideswim', 'cli:test'),
      );
      expect(error.code).toBe('invalid');
      expect(error.field).toBe('credentials');
    });

    it('rejects an empty actor', async () => {
      const { storage, registry } = await setUp();
      const input = harness.vendorInput(SWIM_ACCOUNT);
      const error = await expectNothingWritten(storage, () => registry.add(input, ' '));
      expect(error.field).toBe('actor');
    });

    it('rejects a verification raced by new credentials', async () => {
      const { storage, registry, keys } = await setUp();
      await registry.add(harness.vendorInput(SWIM_ACCOUNT), 'cli:test');
      const credentials = harness.sandbox.credentials(SWIM_ACCOUNT);
      await registry.setCredentials('riversideswim', credentials, 'cli:test');
      let enter!: () => void;
      let release!: () => void;
      const entered = new Promise<void>((resolve) => (enter = resolve));
      const gate = new Promise<void>((resolve) => (release = resolve));
      const bookeo = createBookeoConnector();
      const gated = Object.create(bookeo) as typeof bookeo;
      gated.verifyCredentials = async (context) => {
        enter();
        await gate;
        return bookeo.verifyCredentials(context);
      };
      const verifying = harness
        .registryWith(storage, keys, { connectors: [gated] })
        .verify('riversideswim', 'cli:test');

      await entered;
      const other = harness.registryWith(await harness.openStorage(), keys);
      await other.setCredentials('riversideswim', { ...credentials, apiKey: 'NEWER-KEY' }, 'cli:b');
      const before = await storedState(storage, ['riversideswim']);
      release();

      const error = await registryError(verifying);
      expect(error.code).toBe('conflict');
      expect(error.message).toMatch(/changed while its credentials were being verified/);
      expect(await storedState(storage, ['riversideswim'])).toEqual(before);
    });

    it('rethrows an unreachable provider without recording', async () => {
      const { storage, registry } = await setUp();
      await verifiedSwimSchool(registry);
      harness.sandbox.injectFault({ kind: 'serverError', times: 20 });

      const before = await storedState(storage, ['riversideswim']);
      await expect(registry.verify('riversideswim', 'cli:test')).rejects.toMatchObject({
        code: 'provider_unavailable',
      });
      expect(await storedState(storage, ['riversideswim'])).toEqual(before);
    });
  });
});
