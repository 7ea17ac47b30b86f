import type Database from 'better-sqlite3';
import type { Clock } from '@signupassist/contract';
import { parseJsonText } from '../../ledger/rows.js';
import type { AuditEntry } from '../../vendors/registry-types.js';
import {
  credentialsConflict,
  credentialsNotFound,
  duplicateVendor,
  vendorNotFound,
  versionConflict,
} from '../vendor-errors.js';
import type {
  CredentialReplacement,
  NewSealedCredentials,
  NewVendor,
  SealedCredentials,
  StoredAuditEntry,
  StoredVendor,
  VendorFilter,
  VendorPatch,
  VendorStore,
} from '../types.js';
import {
  checkAudit,
  checkCredentials,
  checkNewVendor,
  checkPatch,
  toJsonText,
} from '../vendor-checks.js';
import {
  auditFromRow,
  createVendor,
  credentialsFromRow,
  patchVendor,
  toBuffer,
  vendorColumns,
  vendorFromRow,
  type AuditRow,
  type CredentialsRow,
  type VendorRow,
} from '../vendor-rows.js';
import type { SqliteDatabase } from './database.js';
import {
  BUMP_CHANGES_SQL,
  INSERT_AUDIT_SQL,
  INSERT_VENDOR_SQL,
  REPLACE_EXPECTED_CREDENTIALS_SQL,
  UPDATE_VENDOR_SQL,
  UPSERT_CREDENTIALS_SQL,
} from './vendor-sql.js';

/**
 * The vendor store on the SQLite connection the ledger uses. Each write is one synchronous
 * transaction (a savepoint inside `transaction`), and every operation waits behind an open
 * asynchronous transaction of another caller.
 */
export class SqliteVendorStore implements VendorStore {
  constructor(
    private readonly database: SqliteDatabase,
    private readonly clock: Clock,
  ) {}

  private get db(): Database.Database {
    return this.database.db;
  }

  /** Returns a vendor by id. */
  async getVendor(id: string): Promise<StoredVendor | undefined> {
    return this.database.exclusive(() => this.selectVendor(id));
  }

  /** Lists vendors ordered by id, optionally filtered by status and connector. */
  async listVendors(filter: VendorFilter = {}): Promise<StoredVendor[]> {
    const rows = await this.database.exclusive(
      () =>
        this.database
          .statement(
            `SELECT * FROM vendors
               WHERE (@status IS NULL OR status = @status)
                 AND (@connector IS NULL OR connector_id = @connector)
               ORDER BY id`,
          )
          .all({
            status: filter.status ?? null,
            connector: filter.connector ?? null,
          }) as VendorRow[],
    );
    return rows.map((row) => vendorFromRow(row, parseJsonText));
  }

  /** Inserts a vendor; an existing id raises `conflict`. */
  async insertVendor(input: NewVendor): Promise<StoredVendor> {
    checkNewVendor(input);
    const vendor = createVendor(input, this.clock.now());
    const columns = sqliteColumns(vendor);
    const insert = this.db.transaction(() => {
      const changes = this.database.statement(INSERT_VENDOR_SQL).run(columns).changes;
      if (changes !== 1) {
        throw duplicateVendor(vendor.id);
      }
      this.bumpChanges();
    });
    await this.database.exclusive(() => insert.immediate());
    return vendor;
  }

  /** Applies a patch, checking `expectedVersion` when given. */
  async updateVendor(
    id: string,
    patch: VendorPatch,
    expectedVersion?: number,
  ): Promise<StoredVendor> {
    checkPatch(id, patch);
    const update = this.db.transaction(() => {
      const current = this.selectVendor(id);
      if (!current) throw vendorNotFound(id);
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        throw versionConflict(id, expectedVersion, current.version);
      }
      const next = patchVendor(current, patch, this.clock.now());
      this.database
        .statement(UPDATE_VENDOR_SQL)
        .run({ ...sqliteColumns(next), expectedVersion: current.version });
      this.bumpChanges();
      return next;
    });
    return this.database.exclusive(() => update.immediate());
  }

  /** Returns a vendor's sealed credentials. */
  async getCredentials(vendorId: string): Promise<SealedCredentials | undefined> {
    const row = await this.database.exclusive(() =>
      this.database.statement('SELECT * FROM vendor_credentials WHERE vendor_id = ?').get(vendorId),
    );
    return row === undefined ? undefined : credentialsFromRow(row as CredentialsRow);
  }

  /** Stores or replaces a vendor's sealed credentials. */
  async putCredentials(credentials: NewSealedCredentials): Promise<SealedCredentials> {
    checkCredentials(credentials);
    const stored = this.sealed(credentials);
    const put = this.db.transaction(() => {
      this.upsertCredentials(stored);
      this.bumpChanges();
    });
    await this.database.exclusive(() => put.immediate());
    return stored;
  }

  /** Deletes a vendor's sealed credentials; see the interface. */
  async deleteCredentials(vendorId: string): Promise<boolean> {
    const remove = this.db.transaction(() => {
      const deleted = this.database
        .statement('DELETE FROM vendor_credentials WHERE vendor_id = ?')
        .run(vendorId).changes;
      if (deleted > 0) this.bumpChanges();
      return deleted > 0;
    });
    return this.database.exclusive(() => remove.immediate());
  }

  /** Lists every vendor's sealed credentials, ordered by vendor id. */
  async listAllCredentials(): Promise<SealedCredentials[]> {
    const rows = await this.database.exclusive(
      () =>
        this.database
          .statement('SELECT * FROM vendor_credentials ORDER BY vendor_id')
          .all() as CredentialsRow[],
    );
    return rows.map(credentialsFromRow);
  }

  /** Stores every replacement or none; see the interface. */
  async replaceCredentials(replacements: readonly CredentialReplacement[]): Promise<void> {
    for (const replacement of replacements) checkCredentials(replacement);
    const replace = this.db.transaction(() => {
      for (const replacement of replacements) {
        const stored = this.sealed(replacement);
        if (replacement.expected === undefined) {
          this.upsertCredentials(stored);
          continue;
        }
        const changes = this.database.statement(REPLACE_EXPECTED_CREDENTIALS_SQL).run({
          ...credentialColumns(stored),
          expectedKeyId: replacement.expected.keyId,
          expectedFingerprint: replacement.expected.fingerprint,
        }).changes;
        if (changes !== 1) this.explainFailedReplacement(stored.vendorId);
      }
      if (replacements.length > 0) this.bumpChanges();
    });
    await this.database.exclusive(() => replace.immediate());
  }

  /** Appends an audit entry. */
  async appendAudit(entry: AuditEntry): Promise<StoredAuditEntry> {
    checkAudit(entry);
    const details = toJsonText(entry.details, `Details of the audit entry of "${entry.vendorId}"`);
    const sequence = await this.database.exclusive(
      () =>
        this.database.statement(INSERT_AUDIT_SQL).run({
          vendorId: entry.vendorId,
          at: entry.at.toISOString(),
          actor: entry.actor,
          action: entry.action,
          details,
        }).lastInsertRowid,
    );
    return {
      ...entry,
      details: JSON.parse(details) as Record<string, unknown>,
      sequence: Number(sequence),
    };
  }

  /** Lists a vendor's audit entries, oldest first. */
  async listAudit(vendorId: string): Promise<StoredAuditEntry[]> {
    const rows = await this.database.exclusive(
      () =>
        this.database
          .statement('SELECT * FROM vendor_audit WHERE vendor_id = ? ORDER BY sequence')
          .all(vendorId) as AuditRow[],
    );
    return rows.map((row) => auditFromRow(row, parseJsonText));
  }

  /** Returns the counter that vendor and credential writes increment. */
  async changeStamp(): Promise<number> {
    const counter = await this.database.exclusive(() =>
      this.database.statement('SELECT counter FROM vendor_changes WHERE id = 1').pluck().get(),
    );
    return Number(counter);
  }

  /** Runs `fn` in one `BEGIN IMMEDIATE` transaction with this store. */
  transaction<T>(fn: (store: VendorStore) => Promise<T>): Promise<T> {
    return this.database.transaction(() => fn(this));
  }

  private selectVendor(id: string): StoredVendor | undefined {
    const row = this.database.statement('SELECT * FROM vendors WHERE id = ?').get(id);
    return row === undefined ? undefined : vendorFromRow(row as VendorRow, parseJsonText);
  }

  private sealed(credentials: NewSealedCredentials): SealedCredentials {
    return {
      vendorId: credentials.vendorId,
      keyId: credentials.keyId,
      iv: toBuffer(credentials.iv),
      authTag: toBuffer(credentials.authTag),
      ciphertext: toBuffer(credentials.ciphertext),
      fingerprint: credentials.fingerprint,
      updatedAt: credentials.updatedAt ?? this.clock.now(),
    };
  }

  private upsertCredentials(credentials: SealedCredentials): void {
    if (!this.database.statement('SELECT 1 FROM vendors WHERE id = ?').get(credentials.vendorId)) {
      throw vendorNotFound(credentials.vendorId);
    }
    this.database.statement(UPSERT_CREDENTIALS_SQL).run(credentialColumns(credentials));
  }

  /** Raises `not_found` or `version_conflict` for a replacement that matched no row. */
  private explainFailedReplacement(vendorId: string): never {
    const exists = this.database
      .statement('SELECT 1 FROM vendor_credentials WHERE vendor_id = ?')
      .get(vendorId);
    if (!exists) throw credentialsNotFound(vendorId);
    throw credentialsConflict(vendorId);
  }

  private bumpChanges(): void {
    this.database.statement(BUMP_CHANGES_SQL).run();
  }
}

/** Binds booleans as 0 or 1, because SQLite has no boolean type. */
function sqliteColumns(vendor: StoredVendor): Record<string, unknown> {
  const columns = vendorColumns(vendor);
  let verificationValid: number | null = null;
  if (columns.verificationValid !== null) verificationValid = columns.verificationValid ? 1 : 0;
  return { ...columns, verificationValid };
}

function credentialColumns(credentials: SealedCredentials): Record<string, unknown> {
  return { ...credentials, updatedAt: credentials.updatedAt.toISOString() };
}
