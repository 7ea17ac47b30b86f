import type { AnyConnector, Clock, CredentialCheck } from '@signupassist/contract';
import { newRequestId } from '../ids.js';
import { silentLogger, type HubLogger } from '../logging.js';
import { ProviderRouter } from '../router/provider-router.js';
import type { SealedCredentials, StoredVendor, VendorStore } from '../storage/types.js';
import { credentialFingerprint, type CredentialVault, type SealedValue } from '../vault/vault.js';
import { diffFields, SETTING_FIELDS, settingsPatch } from './registry-audit.js';
import { removeCredentialsAfterChange } from './registry-credential-removal.js';
import {
  compareCredentials,
  undecryptableReplacement,
  type CredentialComparison,
} from './registry-credential-comparison.js';
import { RegistryError } from './registry-error.js';
import { importRows, type ImportContext } from './registry-import.js';
import { checkGoLive, statusAfterChange, statusAfterVerification } from './registry-status.js';
import type {
  AuditEntry,
  ImportRowResult,
  RegistryVendorStatus,
  VendorInput,
  VendorCredentialsResult,
  VendorRegistry,
  VendorUpdate,
  VendorUpdateResult,
  VendorView,
} from './registry-types.js';
import {
  checkActor,
  checkCredentials,
  checkForConnector,
  checkNewVendor,
  checkVendorId,
  checkVendorPatch,
} from './registry-validation.js';
import { checkWithProvider, credentialsOfVersion } from './registry-verify.js';
import { normalizeOverrides, toVendorView } from './registry-views.js';
import { translateError, writeTransaction, type AuditWriter } from './registry-writes.js';

/** Options of a {@link StoredVendorRegistry}. */
export interface VendorRegistryOptions {
  /** Vendor rows, sealed credentials and the audit log, e.g. `HubStorage.vendors`. */
  store: VendorStore;
  /** Seals credentials before they are stored and opens them for `verify`. */
  vault: CredentialVault;
  /** Installed connectors; a vendor may only use one of these. */
  connectors: readonly AnyConnector[];
  /** Receives one entry per committed change and per verification; never a secret value. */
  logger?: HubLogger;
  /** Source of audit and verification times; the system clock when absent. */
  clock?: Clock;
  /** Time limit of one HTTP request of `verify`, in milliseconds; default 10,000. */
  requestTimeoutMs?: number;
  /** HTTP dispatcher passed to connectors during `verify`, e.g. an undici Agent. */
  dispatcher?: unknown;
}

/**
 * The vendor registry over a {@link VendorStore}: validates input against the installed
 * connectors, seals credentials with the vault, moves vendors through their statuses and
 * writes every change in one transaction with its audit entry.
 *
 * Status rules: `add` creates a `draft`. A valid `verify` makes a vendor `verified` (a `live`
 * one stays `live`), and an invalid one returns `verified` to `draft`. `goLive` needs
 * `verified`. `suspend` works from any other status, and a suspended vendor must be verified
 * again before it goes live. A change of connector, config or credentials returns a `verified`
 * or `live` vendor to `draft`, and a change of connector or config also removes the stored
 * credentials unless the same import row brings new ones. Repeating `goLive` on a live vendor, `suspend` on a suspended
 * one, or setting equal credentials or settings changes nothing and writes no audit entry.
 */
export class StoredVendorRegistry implements VendorRegistry {
  private readonly store: VendorStore;
  private readonly vault: CredentialVault;
  private readonly router: ProviderRouter;
  private readonly logger: HubLogger;
  private readonly clock: Clock;

  /** Checks every connector against the contract, as the hub does at start. */
  constructor(options: VendorRegistryOptions) {
    this.store = options.store;
    this.vault = options.vault;
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? { now: () => new Date() };
    this.router = new ProviderRouter({
      connectors: options.connectors,
      logger: this.logger,
      clock: this.clock,
      ...(options.requestTimeoutMs === undefined
        ? {}
        : { requestTimeoutMs: options.requestTimeoutMs }),
      dispatcher: options.dispatcher,
    });
  }

  /** Adds a vendor as `draft`; an existing id is a `conflict`. */
  async add(input: VendorInput, actor: string): Promise<VendorView> {
    const changedBy = checkActor(actor);
    const checked = checkNewVendor(input, {
      checkConnector: (vendorId, fields) => this.checkConnector(vendorId, fields),
      manifestOf: (vendorId, connector) => this.manifestOf(vendorId, connector),
    });
    const overrides = normalizeOverrides(checked.capabilityOverrides);
    return this.write(async (store, audit) => {
      const stored = await store.insertVendor({
        id: checked.id,
        displayName: checked.displayName,
        connector: checked.connector,
        timeZone: checked.timeZone,
        config: checked.config,
        ...(overrides ? { capabilityOverrides: overrides } : {}),
        ...(checked.payments ? { payments: checked.payments } : {}),
        status: 'draft',
      });
      const details = diffFields({}, { ...stored }, SETTING_FIELDS);
      await audit(store, { vendorId: checked.id, actor: changedBy, action: 'created', details });
      return toVendorView(stored);
    });
  }

  /**
   * Changes the given settings. A change of connector or config removes the stored
   * credentials (see {@link removeCredentialsAfterChange}) and returns a `verified` or `live`
   * vendor to `draft`. A change of payment settings keeps both credentials and status, and
   * `payments: null` removes the settings. A patch that changes nothing writes nothing.
   */
  async update(id: string, patch: VendorUpdate, actor: string): Promise<VendorUpdateResult> {
    const changedBy = checkActor(actor);
    const checked = checkVendorPatch(checkVendorId(id), patch);
    return this.write(async (store, audit) => {
      const current = await requireVendor(store, id);
      const next = {
        displayName: checked.displayName ?? current.displayName,
        connector: checked.connector ?? current.connector,
        timeZone: checked.timeZone ?? current.timeZone,
        config: checked.config === undefined ? current.config : checked.config,
        capabilityOverrides: normalizeOverrides(
          'capabilityOverrides' in checked
            ? checked.capabilityOverrides
            : current.capabilityOverrides,
        ),
        payments:
          checked.payments === undefined ? current.payments : (checked.payments ?? undefined),
      };
      this.checkConnector(id, next);
      const sealed = await store.getCredentials(id);
      const before = {
        ...current,
        capabilityOverrides: normalizeOverrides(current.capabilityOverrides),
      };
      const changes = diffFields(before, next, SETTING_FIELDS);
      if (Object.keys(changes).length === 0) return toVendorView(current, sealed);

      const vendorPatch = settingsPatch(changes, next);
      const status = statusAfterChange(current.status, Object.keys(changes));
      const details: Record<string, unknown> = { ...changes };
      if (status !== current.status) {
        vendorPatch.status = status;
        details.status = { old: current.status, new: status };
      }
      const updated = await store.updateVendor(id, vendorPatch, current.version);
      await audit(store, { vendorId: id, actor: changedBy, action: 'updated', details });
      const removed = await removeCredentialsAfterChange(store, audit, {
        vendorId: id,
        actor: changedBy,
        changedFields: Object.keys(changes),
        sealed,
      });
      if (!removed) return toVendorView(updated, sealed);
      return { ...toVendorView(updated), credentialsRemoved: removed };
    });
  }

  /** Lists vendors ordered by id, optionally of one status. */
  async list(filter: { status?: RegistryVendorStatus } = {}): Promise<VendorView[]> {
    const statuses: readonly string[] = ['draft', 'verified', 'live', 'suspended'];
    if (filter.status !== undefined && !statuses.includes(filter.status)) {
      throw new RegistryError(
        'invalid',
        `Status filter "${String(filter.status)}" is not a status; use draft, verified, live or suspended.`,
        { field: 'status' },
      );
    }
    return this.read(async () => {
      const vendors = await this.store.listVendors(filter.status ? { status: filter.status } : {});
      const credentials = new Map(
        (await this.store.listAllCredentials()).map((sealed) => [sealed.vendorId, sealed]),
      );
      return vendors.map((vendor) => toVendorView(vendor, credentials.get(vendor.id)));
    });
  }

  /** Returns one vendor; an unknown id is `not_found`. */
  async show(id: string): Promise<VendorView> {
    checkVendorId(id);
    return this.read(async () => {
      const vendor = await requireVendor(this.store, id);
      return toVendorView(vendor, await this.store.getCredentials(id));
    });
  }

  /**
   * Validates the credentials with the connector's schema, then seals and stores them. New
   * credentials return a `verified` or `live` vendor to `draft`; equal ones change nothing.
   * Stored credentials that no longer decrypt are replaced, and the result and the audit entry
   * name their key id.
   */
  async setCredentials(
    id: string,
    credentials: unknown,
    actor: string,
  ): Promise<VendorCredentialsResult> {
    const changedBy = checkActor(actor);
    checkVendorId(id);
    return this.write(async (store, audit) => {
      const current = await requireVendor(store, id);
      const parsed = checkCredentials(id, this.manifestOf(id, current.connector), credentials);
      const previous = await store.getCredentials(id);
      const comparison = previous && this.compareCredentials(id, previous, parsed);
      if (previous && comparison === 'same') return toVendorView(current, previous);

      // The vendor row is updated first, even when its status stays, so its version moves and
      // its row lock is taken before the credentials change. A verification that read the old
      // credentials then fails its version check instead of marking the new ones verified.
      const status = statusAfterChange(current.status, ['credentials']);
      const patch = status === current.status ? {} : { status };
      const vendor = await store.updateVendor(id, patch, current.version);
      const sealed = await this.putCredentials(store, id, parsed);
      const details: Record<string, unknown> = {
        credentials: { old: previous?.fingerprint ?? null, new: sealed.fingerprint },
        keyId: sealed.keyId,
      };
      if (status !== current.status) details.status = { old: current.status, new: status };
      const replaced =
        previous && comparison === 'undecryptable' ? undecryptableReplacement(previous) : undefined;
      if (replaced) details.undecryptable = { keyId: replaced.keyId, message: replaced.message };
      await audit(store, { vendorId: id, actor: changedBy, action: 'credentials_set', details });
      const view = toVendorView(vendor, sealed);
      return replaced ? { ...view, undecryptableReplaced: replaced } : view;
    });
  }

  /**
   * Calls the connector's `verifyCredentials` with the decrypted credentials and records the
   * result. A provider that rejects the credentials (`auth_failed`, `permission_denied`) gives an
   * invalid result; other connector errors (timeout, provider unavailable) are rethrown and
   * nothing is recorded. Credentials that do not decrypt raise `decryption_failed`.
   */
  async verify(id: string, actor: string): Promise<{ vendor: VendorView; check: CredentialCheck }> {
    const changedBy = checkActor(actor);
    checkVendorId(id);
    const { vendor, sealed } = await this.read(async () => {
      const read = await requireVendor(this.store, id);
      return { vendor: read, sealed: await credentialsOfVersion(this.store, read) };
    });
    if (!sealed) {
      throw new RegistryError(
        'invalid',
        `Vendor "${id}" has no credentials; set them before verifying.`,
        { field: 'credentials' },
      );
    }
    const manifest = this.manifestOf(id, vendor.connector);
    const credentials = checkCredentials(id, manifest, this.open(id, sealed));
    const check = await checkWithProvider(this.router, vendor, credentials, newRequestId());

    return this.write(async (store, audit) => {
      const current = await requireVendor(store, id);
      const currentSealed = await store.getCredentials(id);
      if (current.version !== vendor.version || currentSealed?.fingerprint !== sealed.fingerprint) {
        throw new RegistryError(
          'conflict',
          `Vendor "${id}" changed while its credentials were being verified; verify it again.`,
        );
      }
      const status = statusAfterVerification(current.status, check.valid);
      const lastVerification = {
        at: this.clock.now(),
        valid: check.valid,
        ...(check.accountId === undefined ? {} : { accountId: check.accountId }),
        ...(check.problems?.length ? { problems: check.problems } : {}),
      };
      const updated = await store.updateVendor(id, { status, lastVerification }, current.version);
      const details: Record<string, unknown> = {
        valid: check.valid,
        credentials: sealed.fingerprint,
        ...(check.accountId === undefined ? {} : { accountId: check.accountId }),
        ...(check.problems?.length ? { problems: check.problems } : {}),
      };
      if (status !== current.status) details.status = { old: current.status, new: status };
      const action = check.valid ? 'verified' : 'verification_failed';
      await audit(store, { vendorId: id, actor: changedBy, action, details });
      return { vendor: toVendorView(updated, currentSealed), check };
    });
  }

  /** Makes a `verified` vendor `live`; other statuses are an `invalid_transition`. */
  async goLive(id: string, actor: string): Promise<VendorView> {
    return this.changeStatus(id, actor, 'live', 'went_live');
  }

  /** Suspends a vendor: it is no longer routed, and must be verified again to go live. */
  async suspend(id: string, actor: string, reason?: string): Promise<VendorView> {
    if (reason !== undefined && (typeof reason !== 'string' || reason.length > 500)) {
      throw new RegistryError('invalid', 'field "reason" must be text of at most 500 characters.', {
        field: 'reason',
      });
    }
    return this.changeStatus(id, actor, 'suspended', 'suspended', reason?.trim() || undefined);
  }

  /**
   * Upserts import rows one by one, each in its own transaction; see {@link importRows}. A bad
   * row is reported in its result and does not stop the others.
   */
  async importRows(
    rows: readonly unknown[],
    actor: string,
    onRow?: (result: ImportRowResult, index: number) => void,
  ): Promise<ImportRowResult[]> {
    const changedBy = checkActor(actor);
    if (!Array.isArray(rows)) {
      throw new RegistryError('invalid', 'Import rows must be a JSON array of vendors.', {
        field: 'rows',
      });
    }
    const context: ImportContext = {
      write: (work) => this.write(work),
      checkConnector: (vendorId, fields) => this.checkConnector(vendorId, fields),
      parseCredentials: (vendorId, connector, credentials) =>
        checkCredentials(vendorId, this.manifestOf(vendorId, connector), credentials),
      compareCredentials: (vendorId, stored, parsed) =>
        this.compareCredentials(vendorId, stored, parsed),
      putCredentials: (store, vendorId, parsed) => this.putCredentials(store, vendorId, parsed),
      verify: (vendorId) => this.verify(vendorId, changedBy),
      goLive: (vendorId) => this.goLive(vendorId, changedBy),
    };
    return importRows(context, rows, changedBy, onRow);
  }

  /**
   * Re-seals every credential row that is not under the active key, in one transaction with
   * one `keys_rotated` audit entry per vendor. Each row keeps the time its credentials were set. A row that does not decrypt aborts the rotation
   * with `decryption_failed` naming the vendor and key, and nothing is written.
   */
  async rotateKeys(actor: string): Promise<{ resealed: number; keyId: string }> {
    const changedBy = checkActor(actor);
    const keyId = this.vault.activeKeyId;
    return this.write(async (store, audit) => {
      const rows = (await store.listAllCredentials()).filter((row) => this.vault.needsReseal(row));
      const replacements = rows.map((row) => ({
        vendorId: row.vendorId,
        ...this.reseal(row),
        fingerprint: row.fingerprint,
        // The credentials stay the ones set then; the audit log records the rotation time.
        updatedAt: row.updatedAt,
        expected: { keyId: row.keyId, fingerprint: row.fingerprint },
      }));
      if (replacements.length > 0) await store.replaceCredentials(replacements);
      for (const row of rows) {
        const details = { keyId: { old: row.keyId, new: keyId }, credentials: row.fingerprint };
        await audit(store, {
          vendorId: row.vendorId,
          actor: changedBy,
          action: 'keys_rotated',
          details,
        });
      }
      return { resealed: rows.length, keyId };
    });
  }

  /** Lists a vendor's audit entries, oldest first; an unknown id is `not_found`. */
  async audit(id: string): Promise<AuditEntry[]> {
    checkVendorId(id);
    return this.read(async () => {
      await requireVendor(this.store, id);
      return this.store.listAudit(id);
    });
  }

  private async changeStatus(
    id: string,
    actor: string,
    target: 'live' | 'suspended',
    action: string,
    reason?: string,
  ): Promise<VendorView> {
    const changedBy = checkActor(actor);
    checkVendorId(id);
    return this.write(async (store, audit) => {
      const current = await requireVendor(store, id);
      const sealed = await store.getCredentials(id);
      if (target === 'live') checkGoLive(id, current.status);
      if (current.status === target) return toVendorView(current, sealed);

      const updated = await store.updateVendor(id, { status: target }, current.version);
      const details: Record<string, unknown> = { status: { old: current.status, new: target } };
      if (reason) details.reason = reason;
      await audit(store, { vendorId: id, actor: changedBy, action, details });
      return toVendorView(updated, sealed);
    });
  }

  private checkConnector(
    vendorId: string,
    fields: Pick<VendorInput, 'connector' | 'config' | 'capabilityOverrides'>,
  ): void {
    checkForConnector(vendorId, this.manifestOf(vendorId, fields.connector), fields);
  }

  private manifestOf(vendorId: string, connector: string) {
    const manifest = this.router.manifest(connector);
    if (manifest) return manifest;
    const installed = this.router.connectorIds.join(', ') || 'none';
    throw new RegistryError(
      'unknown_connector',
      `Vendor "${vendorId}" uses connector "${connector}", which is not installed ` +
        `(installed: ${installed}). Install the connector package or fix the connector id.`,
      { field: 'connector' },
    );
  }

  private compareCredentials(
    vendorId: string,
    stored: SealedCredentials,
    parsed: unknown,
  ): CredentialComparison {
    return compareCredentials(this.vault, vendorId, stored, parsed);
  }

  private async putCredentials(
    store: VendorStore,
    vendorId: string,
    parsed: unknown,
  ): Promise<SealedCredentials> {
    const sealed = this.vault.seal(vendorId, parsed);
    return store.putCredentials({
      vendorId,
      ...sealed,
      fingerprint: credentialFingerprint(parsed),
    });
  }

  private open(vendorId: string, sealed: SealedValue): unknown {
    try {
      return this.vault.open(vendorId, sealed);
    } catch (error) {
      throw translateError(error);
    }
  }

  private reseal(row: SealedCredentials): SealedValue {
    try {
      return this.vault.reseal(row.vendorId, row);
    } catch (error) {
      throw translateError(error);
    }
  }

  private async read<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw translateError(error);
    }
  }

  private write<T>(work: (store: VendorStore, audit: AuditWriter) => Promise<T>): Promise<T> {
    return writeTransaction(this.store, this.logger, this.clock, work);
  }
}

/** Returns a vendor or raises `not_found`. */
async function requireVendor(store: VendorStore, id: string): Promise<StoredVendor> {
  const vendor = await store.getVendor(id);
  if (vendor) return vendor;
  throw new RegistryError(
    'not_found',
    `No vendor has the id "${id}". List the vendors to see their ids.`,
    { field: 'id' },
  );
}
