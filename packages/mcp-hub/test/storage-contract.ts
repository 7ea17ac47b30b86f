import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isStorageError,
  MIGRATIONS,
  type HubStorage,
  type NewSealedCredentials,
  type NewVendor,
  type StorageErrorCode,
  type VendorStore,
} from '../src/index.js';
import { FakeClock } from './helpers.js';
import type { StorageHarness } from './storage-harness.js';

const START = new Date('2026-07-01T10:00:00.000Z');

function vendor(id: string, overrides: Partial<NewVendor> = {}): NewVendor {
  return {
    id,
    displayName: `Vendor ${id}`,
    connector: 'bookeo',
    config: { apiKeyHint: 'none', sessionsPerPage: 50, nested: { tags: ['swim', 'kids'] } },
    timeZone: 'America/New_York',
    ...overrides,
  };
}

function sealed(vendorId: string, keyId = 'key-2026-01', seed = 1): NewSealedCredentials {
  return {
    vendorId,
    keyId,
    iv: new Uint8Array(12).fill(seed),
    authTag: new Uint8Array(16).fill(seed + 1),
    ciphertext: Uint8Array.from([0, 255, seed, 10, 13, 0, 92]),
    fingerprint: `fp-${vendorId}-${seed}`,
  };
}

/** Resolves to the storage error code `promise` rejects with, or fails the test. */
async function rejectionCode(promise: Promise<unknown>): Promise<StorageErrorCode> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isStorageError(error)) throw new Error(`expected a StorageError, got ${String(error)}`);
  return error.code;
}

/**
 * Registers the schema and vendor store tests that every engine must pass. Each test gets an
 * empty database; `open` opens new connections to it, as another hub process would.
 */
export function describeStorageContract(harness: StorageHarness): void {
  describe(`HubStorage on ${harness.kind}`, () => {
    let clock: FakeClock;
    const open = (): Promise<HubStorage> => harness.open({ clock });
    const openVendors = async (): Promise<VendorStore> => (await open()).vendors;

    beforeEach(async () => {
      clock = new FakeClock(START);
      await harness.create();
    });

    afterEach(() => harness.destroy());

    it('migrates an empty database once', async () => {
      const first = await open();
      expect(first.kind).toBe(harness.kind);
      await first.close();
      await Promise.all([open(), open(), open()]);

      expect(await harness.schemaVersions()).toEqual(MIGRATIONS.map((entry) => entry.version));
    });

    it('round-trips a vendor', async () => {
      const vendors = await openVendors();
      const input = vendor('aqua-kids', { capabilityOverrides: { holds: 'absent' } });

      const inserted = await vendors.insertVendor(input);
      const stored = await vendors.getVendor('aqua-kids');

      expect(stored).toEqual(inserted);
      expect(stored?.config).toEqual(input.config);
      expect(stored?.capabilityOverrides).toEqual({ holds: 'absent' });
      expect(stored?.status).toBe('draft');
      expect(stored?.version).toBe(1);
      expect(stored?.createdAt).toEqual(START);
      expect(stored?.updatedAt).toEqual(START);
      expect(stored?.lastVerification).toBeUndefined();
      expect(await vendors.getVendor('nobody')).toBeUndefined();
    });

    it('rejects a duplicate vendor id', async () => {
      const vendors = await openVendors();
      await vendors.insertVendor(vendor('aqua-kids'));

      const code = await rejectionCode(
        vendors.insertVendor(vendor('aqua-kids', { displayName: 'Other' })),
      );

      expect(code).toBe('conflict');
      expect((await vendors.getVendor('aqua-kids'))?.displayName).toBe('Vendor aqua-kids');
    });

    it('rejects invalid vendor fields', async () => {
      const vendors = await openVendors();
      const badStatus = vendor('aqua-kids', { status: 'paused' as never });

      expect(await rejectionCode(vendors.insertVendor(badStatus))).toBe('invalid');
      expect(await rejectionCode(vendors.insertVendor(vendor('')))).toBe('invalid');
      expect(await rejectionCode(vendors.insertVendor(vendor('x', { config: undefined })))).toBe(
        'invalid',
      );
      expect(await vendors.listVendors()).toEqual([]);
    });

    it('lists vendors by status and connector', async () => {
      const vendors = await openVendors();
      await vendors.insertVendor(vendor('c-camp', { connector: 'campminder', status: 'live' }));
      await vendors.insertVendor(vendor('a-swim', { status: 'live' }));
      await vendors.insertVendor(vendor('b-draft'));

      const all = await vendors.listVendors();
      const live = await vendors.listVendors({ status: 'live' });
      const liveBookeo = await vendors.listVendors({ status: 'live', connector: 'bookeo' });

      expect(all.map((entry) => entry.id)).toEqual(['a-swim', 'b-draft', 'c-camp']);
      expect(live.map((entry) => entry.id)).toEqual(['a-swim', 'c-camp']);
      expect(liveBookeo.map((entry) => entry.id)).toEqual(['a-swim']);
    });

    it('updates a vendor at the expected version', async () => {
      const vendors = await openVendors();
      await vendors.insertVendor(vendor('aqua-kids', { capabilityOverrides: { holds: 'absent' } }));
      clock.advance(60_000);
      const verifiedAt = new Date('2026-07-01T10:00:30.000Z');

      const updated = await vendors.updateVendor(
        'aqua-kids',
        {
          displayName: 'Aqua Kids Swim',
          status: 'verified',
          capabilityOverrides: null,
          lastVerification: {
            at: verifiedAt,
            valid: true,
            accountId: 'acct-7',
            problems: ['No sessions in the next 30 days.'],
          },
        },
        1,
      );
      const stored = await vendors.getVendor('aqua-kids');

      expect(stored).toEqual(updated);
      expect(stored?.version).toBe(2);
      expect(stored?.displayName).toBe('Aqua Kids Swim');
      expect(stored?.status).toBe('verified');
      expect(stored?.capabilityOverrides).toBeUndefined();
      expect(stored?.connector).toBe('bookeo');
      expect(stored?.lastVerification).toEqual({
        at: verifiedAt,
        valid: true,
        accountId: 'acct-7',
        problems: ['No sessions in the next 30 days.'],
      });
      expect(stored?.createdAt).toEqual(START);
      expect(stored?.updatedAt).toEqual(new Date(START.getTime() + 60_000));
    });

    it('clears the last verification', async () => {
      const vendors = await openVendors();
      await vendors.insertVendor(vendor('aqua-kids'));
      await vendors.updateVendor('aqua-kids', {
        lastVerification: { at: START, valid: false },
      });
      const failed = await vendors.getVendor('aqua-kids');
      await vendors.updateVendor('aqua-kids', { lastVerification: null });

      expect(failed?.lastVerification).toEqual({ at: START, valid: false });
      expect((await vendors.getVendor('aqua-kids'))?.lastVerification).toBeUndefined();
    });

    it('rejects a stale expected version', async () => {
      const vendors = await openVendors();
      await vendors.insertVendor(vendor('aqua-kids'));
      await vendors.updateVendor('aqua-kids', { displayName: 'First' }, 1);

      const code = await rejectionCode(
        vendors.updateVendor('aqua-kids', { displayName: 'Second' }, 1),
      );

      expect(code).toBe('version_conflict');
      const stored = await vendors.getVendor('aqua-kids');
      expect(stored?.displayName).toBe('First');
      expect(stored?.version).toBe(2);
    });

    it('lets one of two racing updates win', async () => {
      const [first, second] = await Promise.all([openVendors(), openVendors()]);
      await first.insertVendor(vendor('aqua-kids'));

      const results = await Promise.allSettled([
        first.updateVendor('aqua-kids', { displayName: 'From first' }, 1),
        second.updateVendor('aqua-kids', { displayName: 'From second' }, 1),
      ]);

      const fulfilled = results.filter((result) => result.status === 'fulfilled');
      const rejected = results.filter((result) => result.status === 'rejected');
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect(isStorageError(rejected[0]!.reason, 'version_conflict')).toBe(true);
      expect((await second.getVendor('aqua-kids'))?.version).toBe(2);
    });

    it('rejects an update of a missing vendor', async () => {
      const vendors = await openVendors();
      expect(await rejectionCode(vendors.updateVendor('nobody', { displayName: 'X' }))).toBe(
        'not_found',
      );
    });

    it('round-trips sealed credentials', async () => {
      const vendors = await openVendors();
      await vendors.insertVendor(vendor('b-vendor'));
      await vendors.insertVendor(vendor('a-vendor'));
      const input = sealed('b-vendor');

      const stored = await vendors.putCredentials(input);
      await vendors.putCredentials({ ...sealed('a-vendor'), updatedAt: new Date(0) });
      const read = await vendors.getCredentials('b-vendor');

      expect(read?.keyId).toBe('key-2026-01');
      expect(Buffer.from(read!.iv).equals(Buffer.from(input.iv))).toBe(true);
      expect(Buffer.from(read!.authTag).equals(Buffer.from(input.authTag))).toBe(true);
      expect(Buffer.from(read!.ciphertext).equals(Buffer.from(input.ciphertext))).toBe(true);
      expect(read?.fingerprint).toBe('fp-b-vendor-1');
      expect(read?.updatedAt).toEqual(START);
      expect(stored.updatedAt).toEqual(START);
      const all = await vendors.listAllCredentials();
      expect(all.map((entry) => entry.vendorId)).toEqual(['a-vendor', 'b-vendor']);
      expect(all[0]?.updatedAt).toEqual(new Date(0));
      expect(await vendors.getCredentials('nobody')).toBeUndefined();
    });

    it('replaces the credentials of a vendor', async () => {
      const vendors = await openVendors();
      await vendors.insertVendor(vendor('aqua-kids'));
      await vendors.putCredentials(sealed('aqua-kids', 'key-old', 1));

      await vendors.putCredentials(sealed('aqua-kids', 'key-new', 7));

      const read = await vendors.getCredentials('aqua-kids');
      expect(read?.keyId).toBe('key-new');
      expect(read?.fingerprint).toBe('fp-aqua-kids-7');
      expect(await vendors.listAllCredentials()).toHaveLength(1);
    });

    it('deletes the credentials of a vendor', async () => {
      const vendors = await openVendors();
      await vendors.insertVendor(vendor('aqua-kids'));
      await vendors.putCredentials(sealed('aqua-kids'));
      const stamp = await vendors.changeStamp();

      expect(await vendors.deleteCredentials('aqua-kids')).toBe(true);
      expect(await vendors.getCredentials('aqua-kids')).toBeUndefined();
      expect(await vendors.changeStamp()).toBe(stamp + 1);
      expect(await vendors.deleteCredentials('aqua-kids')).toBe(false);
      expect(await vendors.changeStamp()).toBe(stamp + 1);
    });

    it('rejects credentials of a missing vendor', async () => {
      const vendors = await openVendors();
      expect(await rejectionCode(vendors.putCredentials(sealed('nobody')))).toBe('not_found');
      const notBytes = { ...sealed('nobody'), iv: 'AAAA' as unknown as Uint8Array };
      expect(await rejectionCode(vendors.putCredentials(notBytes))).toBe('invalid');
    });

    it('replaces many credentials at once', async () => {
      const vendors = await openVendors();
      for (const id of ['a', 'b', 'c']) {
        await vendors.insertVendor(vendor(`vendor-${id}`));
        await vendors.putCredentials(sealed(`vendor-${id}`, 'key-old', 1));
      }

      await vendors.replaceCredentials(
        ['a', 'b', 'c'].map((id) => ({
          ...sealed(`vendor-${id}`, 'key-new', 1),
          expected: { keyId: 'key-old', fingerprint: `fp-vendor-${id}-1` },
        })),
      );

      const all = await vendors.listAllCredentials();
      expect(all.map((entry) => entry.keyId)).toEqual(['key-new', 'key-new', 'key-new']);
    });

    it('rolls back every replacement on a failure', async () => {
      const vendors = await openVendors();
      for (const id of ['a', 'b', 'c']) {
        await vendors.insertVendor(vendor(`vendor-${id}`));
        await vendors.putCredentials(sealed(`vendor-${id}`, 'key-old', 1));
      }
      const stampBefore = await vendors.changeStamp();
      const rotate = (id: string, fingerprint: string) => ({
        ...sealed(`vendor-${id}`, 'key-new', 2),
        expected: { keyId: 'key-old', fingerprint },
      });

      const stale = await rejectionCode(
        vendors.replaceCredentials([
          rotate('a', 'fp-vendor-a-1'),
          rotate('b', 'fp-vendor-b-1'),
          rotate('c', 'fp-set-after-the-read'),
        ]),
      );
      const missing = await rejectionCode(
        vendors.replaceCredentials([rotate('a', 'fp-vendor-a-1'), sealed('vendor-x', 'key-new')]),
      );

      expect(stale).toBe('version_conflict');
      expect(missing).toBe('not_found');
      const all = await vendors.listAllCredentials();
      expect(all.map((entry) => entry.keyId)).toEqual(['key-old', 'key-old', 'key-old']);
      expect(all.map((entry) => entry.fingerprint)).toEqual([
        'fp-vendor-a-1',
        'fp-vendor-b-1',
        'fp-vendor-c-1',
      ]);
      expect(await vendors.changeStamp()).toBe(stampBefore);
    });

    it('appends audit entries in order', async () => {
      const vendors = await openVendors();
      const at = (seconds: number) => new Date(START.getTime() + seconds * 1_000);

      const first = await vendors.appendAudit({
        vendorId: 'aqua-kids',
        at: at(0),
        actor: 'cli:alice',
        action: 'created',
        details: { displayName: { old: null, new: 'Aqua Kids' } },
      });
      await vendors.appendAudit({
        vendorId: 'camp-pine',
        at: at(1),
        actor: 'admin-api',
        action: 'created',
        details: {},
      });
      // An entry with an earlier timestamp still lists after the ones appended before it.
      await vendors.appendAudit({
        vendorId: 'aqua-kids',
        at: at(-5),
        actor: 'cli:bob',
        action: 'credentials_set',
        details: { fingerprint: 'fp-1' },
      });

      const entries = await vendors.listAudit('aqua-kids');
      expect(entries.map((entry) => entry.action)).toEqual(['created', 'credentials_set']);
      expect(entries[0]).toEqual(first);
      expect(entries[0]?.details).toEqual({ displayName: { old: null, new: 'Aqua Kids' } });
      expect(entries[1]?.at).toEqual(at(-5));
      expect(entries[1]!.sequence).toBeGreaterThan(entries[0]!.sequence);
      expect(await vendors.listAudit('nobody')).toEqual([]);
    });

    it('rejects audit updates and deletes in the schema', async () => {
      const vendors = await openVendors();
      await vendors.appendAudit({
        vendorId: 'aqua-kids',
        at: START,
        actor: 'cli:alice',
        action: 'created',
        details: {},
      });

      await expect(harness.query("UPDATE vendor_audit SET actor = 'mallory'")).rejects.toThrow(
        /append-only/,
      );
      await expect(harness.query('DELETE FROM vendor_audit')).rejects.toThrow(/append-only/);
      expect((await vendors.listAudit('aqua-kids'))[0]?.actor).toBe('cli:alice');
    });

    it('moves the change stamp on every write', async () => {
      const vendors = await openVendors();
      const stamps = [await vendors.changeStamp()];
      const record = async () => stamps.push(await vendors.changeStamp());

      await vendors.insertVendor(vendor('aqua-kids'));
      await record();
      await vendors.updateVendor('aqua-kids', { status: 'verified' });
      await record();
      await vendors.putCredentials(sealed('aqua-kids'));
      await record();
      await vendors.replaceCredentials([sealed('aqua-kids', 'key-new')]);
      await record();
      await vendors.appendAudit({
        vendorId: 'aqua-kids',
        at: START,
        actor: 'cli:alice',
        action: 'verified',
        details: {},
      });
      await vendors.insertVendor(vendor('aqua-kids')).catch(() => undefined);
      await vendors.getVendor('aqua-kids');
      await record();

      expect(stamps).toEqual([0, 1, 2, 3, 4, 4]);
    });

    it('shares writes between connections', async () => {
      const [writer, reader] = await Promise.all([openVendors(), openVendors()]);
      const before = await reader.changeStamp();

      await writer.insertVendor(vendor('aqua-kids', { status: 'live' }));
      await writer.putCredentials(sealed('aqua-kids'));

      expect((await reader.getVendor('aqua-kids'))?.status).toBe('live');
      expect((await reader.getCredentials('aqua-kids'))?.fingerprint).toBe('fp-aqua-kids-1');
      expect(await reader.changeStamp()).toBe(before + 2);
    });

    it('commits a transaction with its audit entry', async () => {
      const [vendors, other] = await Promise.all([openVendors(), openVendors()]);

      const result = await vendors.transaction(async (store) => {
        const created = await store.insertVendor(vendor('aqua-kids'));
        await store.appendAudit({
          vendorId: created.id,
          at: START,
          actor: 'cli:alice',
          action: 'created',
          details: {},
        });
        return created.id;
      });

      expect(result).toBe('aqua-kids');
      expect(await other.getVendor('aqua-kids')).toBeDefined();
      expect(await other.listAudit('aqua-kids')).toHaveLength(1);
    });

    it('rolls back a transaction that throws', async () => {
      const vendors = await openVendors();
      await vendors.insertVendor(vendor('aqua-kids'));
      const stampBefore = await vendors.changeStamp();

      const outcome = vendors.transaction(async (store) => {
        await store.updateVendor('aqua-kids', { status: 'live' }, 1);
        await store.putCredentials(sealed('aqua-kids'));
        await store.appendAudit({
          vendorId: 'aqua-kids',
          at: START,
          actor: 'cli:alice',
          action: 'went_live',
          details: {},
        });
        throw new Error('verification failed');
      });

      await expect(outcome).rejects.toThrow('verification failed');
      const stored = await vendors.getVendor('aqua-kids');
      expect(stored?.status).toBe('draft');
      expect(stored?.version).toBe(1);
      expect(await vendors.getCredentials('aqua-kids')).toBeUndefined();
      expect(await vendors.listAudit('aqua-kids')).toEqual([]);
      expect(await vendors.changeStamp()).toBe(stampBefore);
    });

    it('undoes a failed write inside a transaction', async () => {
      const vendors = await openVendors();
      await vendors.insertVendor(vendor('vendor-a'));
      await vendors.putCredentials(sealed('vendor-a', 'key-old', 1));

      await vendors.transaction(async (store) => {
        const failed = await rejectionCode(
          store.replaceCredentials([sealed('vendor-a', 'key-new', 2), sealed('vendor-x')]),
        );
        expect(failed).toBe('not_found');
        await store.updateVendor('vendor-a', { status: 'verified' });
      });

      expect((await vendors.getCredentials('vendor-a'))?.keyId).toBe('key-old');
      expect((await vendors.getVendor('vendor-a'))?.status).toBe('verified');
    });

    it('keeps a transaction going after a caught conflict', async () => {
      const vendors = await openVendors();
      await vendors.insertVendor(vendor('aqua-kids'));

      await vendors.transaction(async (store) => {
        const duplicate = await rejectionCode(store.insertVendor(vendor('aqua-kids')));
        expect(duplicate).toBe('conflict');
        const stale = await rejectionCode(store.updateVendor('aqua-kids', { status: 'live' }, 9));
        expect(stale).toBe('version_conflict');
        await store.insertVendor(vendor('camp-pine'));
        // A nested transaction joins the open one.
        await store.transaction((inner) => inner.updateVendor('camp-pine', { status: 'live' }));
      });

      expect((await vendors.listVendors()).map((entry) => entry.id)).toEqual([
        'aqua-kids',
        'camp-pine',
      ]);
      expect((await vendors.getVendor('camp-pine'))?.status).toBe('live');
      expect((await vendors.getVendor('aqua-kids'))?.status).toBe('draft');
    });
  });
}
