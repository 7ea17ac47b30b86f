import type pg from 'pg';
import type { Clock } from '@signupassist/contract';
import type { AuditEntry } from '../../vendors/registry-types.js';
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
  credentialsConflict,
  credentialsNotFound,
  duplicateVendor,
  vendorNotFound,
  versionConflict,
} from '../vendor-errors.js';
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
import type { PostgresPool, Queryable } from './pool.js';
import {
  PG_BUMP_CHANGES_SQL,
  PG_INSERT_AUDIT_SQL,
  PG_INSERT_VENDOR_SQL,
  PG_LOCK_CHANGES_SQL,
  PG_REPLACE_EXPECTED_CREDENTIALS_SQL,
  PG_UPDATE_VENDOR_SQL,
  PG_UPSERT_CREDENTIALS_SQL,
} from './vendor-sql.js';

/** `jsonb` columns arrive parsed from `pg`. */
const jsonb = (value: unknown): unknown => value;

/**
 * The vendor store on PostgreSQL. Outside `transaction`, each write runs in its own
 * transaction on a pooled client. Inside, writes run on the transaction's client, each under a
 * savepoint, so a failed write undoes only itself, as on SQLite.
 */
export class PostgresVendorStore implements VendorStore {
  private savepoints = 0;
  private queue: Promise<void> = Promise.resolve();

  /** Creates the store on the pool, or bound to `client` inside an open transaction. */
  constructor(
    private readonly database: PostgresPool,
    private readonly clock: Clock,
    private readonly client?: pg.PoolClient,
  ) {}

  /** Returns a vendor by id. */
  async getVendor(id: string): Promise<StoredVendor | undefined> {
    return this.read((client) => selectVendor(client, id, false));
  }

  /** Lists vendors ordered by id, optionally filtered by status and connector. */
  async listVendors(filter: VendorFilter = {}): Promise<StoredVendor[]> {
    const result = await this.read((client) =>
      client.query<VendorRow>(
        `SELECT * FROM vendors
           WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR connector_id = $2)
           ORDER BY id`,
        [filter.status ?? null, filter.connector ?? null],
      ),
    );
    return result.rows.map((row) => vendorFromRow(row, jsonb));
  }

  /** Inserts a vendor; an existing id raises `conflict`. */
  async insertVendor(input: NewVendor): Promise<StoredVendor> {
    checkNewVendor(input);
    const vendor = createVendor(input, this.clock.now());
    const values = vendorValues(vendor);
    await this.write(async (client) => {
      const inserted = await client.query(PG_INSERT_VENDOR_SQL, values);
      if (inserted.rowCount !== 1) throw duplicateVendor(vendor.id);
      await client.query(PG_BUMP_CHANGES_SQL);
    });
    return vendor;
  }

  /** Applies a patch, checking `expectedVersion` when given. */
  async updateVendor(
    id: string,
    patch: VendorPatch,
    expectedVersion?: number,
  ): Promise<StoredVendor> {
    checkPatch(id, patch);
    return this.write(async (client) => {
      const current = await selectVendor(client, id, true);
      if (!current) throw vendorNotFound(id);
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        throw versionConflict(id, expectedVersion, current.version);
      }
      const next = patchVendor(current, patch, this.clock.now());
      const values = vendorValues(next);
      await client.query(PG_UPDATE_VENDOR_SQL, [
        ...values.slice(0, 12),
        next.updatedAt.toISOString(),
        current.version,
        values[14],
      ]);
      await client.query(PG_BUMP_CHANGES_SQL);
      return next;
    });
  }

  /** Returns a vendor's sealed credentials. */
  async getCredentials(vendorId: string): Promise<SealedCredentials | undefined> {
    const result = await this.read((client) =>
      client.query<CredentialsRow>('SELECT * FROM vendor_credentials WHERE vendor_id = $1', [
        vendorId,
      ]),
    );
    const row = result.rows[0];
    return row === undefined ? undefined : credentialsFromRow(row);
  }

  /** Stores or replaces a vendor's sealed credentials. */
  async putCredentials(credentials: NewSealedCredentials): Promise<SealedCredentials> {
    checkCredentials(credentials);
    const stored = this.sealed(credentials);
    await this.write(async (client) => {
      await upsertCredentials(client, stored);
      await client.query(PG_BUMP_CHANGES_SQL);
    });
    return stored;
  }

  /** Deletes a vendor's sealed credentials; see the interface. */
  async deleteCredentials(vendorId: string): Promise<boolean> {
    return this.write(async (client) => {
      const deleted = await client.query('DELETE FROM vendor_credentials WHERE vendor_id = $1', [
        vendorId,
      ]);
      if (deleted.rowCount === 0) return false;
      await client.query(PG_BUMP_CHANGES_SQL);
      return true;
    });
  }

  /** Lists every vendor's sealed credentials, ordered by vendor id. */
  async listAllCredentials(): Promise<SealedCredentials[]> {
    const result = await this.read((client) =>
      client.query<CredentialsRow>('SELECT * FROM vendor_credentials ORDER BY vendor_id'),
    );
    return result.rows.map(credentialsFromRow);
  }

  /** Stores every replacement or none; see the interface. */
  async replaceCredentials(replacements: readonly CredentialReplacement[]): Promise<void> {
    for (const replacement of replacements) checkCredentials(replacement);
    await this.write(async (client) => {
      for (const replacement of replacements) {
        const stored = this.sealed(replacement);
        if (replacement.expected === undefined) {
          await upsertCredentials(client, stored);
          continue;
        }
        const replaced = await client.query(PG_REPLACE_EXPECTED_CREDENTIALS_SQL, [
          ...credentialValues(stored),
          replacement.expected.keyId,
          replacement.expected.fingerprint,
        ]);
        if (replaced.rowCount !== 1) await explainFailedReplacement(client, stored.vendorId);
      }
      if (replacements.length > 0) await client.query(PG_BUMP_CHANGES_SQL);
    });
  }

  /** Appends an audit entry. */
  async appendAudit(entry: AuditEntry): Promise<StoredAuditEntry> {
    checkAudit(entry);
    const details = toJsonText(entry.details, `Details of the audit entry of "${entry.vendorId}"`);
    const result = await this.read((client) =>
      client.query<{ sequence: string }>(PG_INSERT_AUDIT_SQL, [
        entry.vendorId,
        entry.at.toISOString(),
        entry.actor,
        entry.action,
        details,
      ]),
    );
    return {
      ...entry,
      details: JSON.parse(details) as Record<string, unknown>,
      sequence: Number(result.rows[0]!.sequence),
    };
  }

  /** Lists a vendor's audit entries, oldest first. */
  async listAudit(vendorId: string): Promise<StoredAuditEntry[]> {
    const result = await this.read((client) =>
      client.query<AuditRow>('SELECT * FROM vendor_audit WHERE vendor_id = $1 ORDER BY sequence', [
        vendorId,
      ]),
    );
    return result.rows.map((row) => auditFromRow(row, jsonb));
  }

  /** Returns the counter that vendor and credential writes increment. */
  async changeStamp(): Promise<number> {
    const result = await this.read((client) =>
      client.query<{ counter: string }>('SELECT counter FROM vendor_changes WHERE id = 1'),
    );
    return Number(result.rows[0]!.counter);
  }

  /**
   * Runs `fn` in one transaction on one pooled client; inside one, joins it. The transaction
   * first locks the change stamp's row, which every vendor write updates anyway. Transactions
   * thus run one at a time across processes, as under SQLite's `BEGIN IMMEDIATE`: their reads
   * see every earlier change, and rows locked in different orders cannot deadlock.
   */
  transaction<T>(fn: (store: VendorStore) => Promise<T>): Promise<T> {
    if (this.client) return fn(this);
    return this.database.transaction(async (client) => {
      await client.query(PG_LOCK_CHANGES_SQL);
      return fn(new PostgresVendorStore(this.database, this.clock, client));
    });
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

  private read<T>(fn: (client: Queryable) => Promise<T>): Promise<T> {
    if (this.client) return this.serialized(() => fn(this.client!));
    return this.database.withClient(fn);
  }

  /**
   * Runs a multi-statement write atomically: in its own transaction, or under a savepoint of
   * the open transaction.
   */
  private write<T>(fn: (client: Queryable) => Promise<T>): Promise<T> {
    const client = this.client;
    if (!client) return this.database.transaction(fn);
    return this.serialized(async () => {
      const savepoint = `vendor_write_${++this.savepoints}`;
      await client.query(`SAVEPOINT ${savepoint}`);
      try {
        const result = await fn(client);
        await client.query(`RELEASE SAVEPOINT ${savepoint}`);
        return result;
      } catch (error) {
        await client.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
        throw error;
      }
    });
  }

  /** Runs calls on the transaction's client one at a time, so savepoints nest correctly. */
  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

async function selectVendor(
  client: Queryable,
  id: string,
  forUpdate: boolean,
): Promise<StoredVendor | undefined> {
  const lock = forUpdate ? ' FOR UPDATE' : '';
  const result = await client.query<VendorRow>(`SELECT * FROM vendors WHERE id = $1${lock}`, [id]);
  const row = result.rows[0];
  return row === undefined ? undefined : vendorFromRow(row, jsonb);
}

async function upsertCredentials(client: Queryable, credentials: SealedCredentials): Promise<void> {
  const stored = await client.query(PG_UPSERT_CREDENTIALS_SQL, credentialValues(credentials));
  if (stored.rowCount !== 1) throw vendorNotFound(credentials.vendorId);
}

/** Raises `not_found` or `version_conflict` for a replacement that matched no row. */
async function explainFailedReplacement(client: Queryable, vendorId: string): Promise<never> {
  const found = await client.query('SELECT 1 FROM vendor_credentials WHERE vendor_id = $1', [
    vendorId,
  ]);
  if (found.rowCount === 0) throw credentialsNotFound(vendorId);
  throw credentialsConflict(vendorId);
}

function vendorValues(vendor: StoredVendor): unknown[] {
  const columns = vendorColumns(vendor);
  return [
    columns.id,
    columns.displayName,
    columns.connector,
    columns.config,
    columns.capabilityOverrides,
    columns.timeZone,
    columns.status,
    columns.verifiedAt,
    columns.verificationValid,
    columns.verificationAccountId,
    columns.verificationProblems,
    columns.version,
    columns.createdAt,
    columns.updatedAt,
    columns.payments,
  ];
}

function credentialValues(credentials: SealedCredentials): unknown[] {
  return [
    credentials.vendorId,
    credentials.keyId,
    credentials.iv,
    credentials.authTag,
    credentials.ciphertext,
    credentials.fingerprint,
    credentials.updatedAt.toISOString(),
  ];
}
