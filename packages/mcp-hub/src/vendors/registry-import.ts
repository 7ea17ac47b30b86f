import { isConnectorError, type CredentialCheck } from '@signupassist/contract';
import { isStorageError } from '../storage/errors.js';
import type { SealedCredentials, VendorStore } from '../storage/types.js';
import { diffFields, SETTING_FIELDS, settingsPatch } from './registry-audit.js';
import { isRegistryError } from './registry-error.js';
import { statusAfterChange } from './registry-status.js';
import {
  undecryptableReplacement,
  type CredentialComparison,
} from './registry-credential-comparison.js';
import { removeCredentialsAfterChange } from './registry-credential-removal.js';
import type {
  CredentialRemoval,
  UndecryptableReplacement,
  ImportRowResult,
  RegistryVendorStatus,
  VendorInput,
  VendorView,
} from './registry-types.js';
import { checkImportRow, type CheckedImportRow } from './registry-validation.js';
import { normalizeOverrides } from './registry-views.js';
import type { AuditWriter } from './registry-writes.js';

/** The registry operations an import uses. */
export interface ImportContext {
  write<T>(work: (store: VendorStore, audit: AuditWriter) => Promise<T>): Promise<T>;
  checkConnector(
    vendorId: string,
    fields: Pick<VendorInput, 'connector' | 'config' | 'capabilityOverrides'>,
  ): void;
  parseCredentials(vendorId: string, connector: string, credentials: unknown): unknown;
  compareCredentials(
    vendorId: string,
    stored: SealedCredentials,
    parsed: unknown,
  ): CredentialComparison;
  putCredentials(store: VendorStore, vendorId: string, parsed: unknown): Promise<SealedCredentials>;
  verify(vendorId: string): Promise<{ vendor: VendorView; check: CredentialCheck }>;
  goLive(vendorId: string): Promise<VendorView>;
}

type SavedOutcome = {
  outcome: 'created' | 'updated' | 'unchanged';
  status: RegistryVendorStatus;
  credentialsRemoved?: CredentialRemoval;
  undecryptableReplaced?: UndecryptableReplacement;
};

/**
 * Upserts import rows in order, each in its own transaction with one `imported` audit entry.
 * A row equal to the stored vendor (settings by canonical JSON, credentials by fingerprint and
 * decrypted value) is `unchanged` and writes nothing. A row without credentials that changes
 * the connector or config removes the stored credentials and says so in its message. A row with `status: "live"` is verified
 * and made live after it is saved, unless the vendor is suspended. A row that fails validation or saving is `failed` and writes
 * nothing; the rows after it are still imported. Rows that share an id all fail unwritten.
 */
export async function importRows(
  context: ImportContext,
  rows: readonly unknown[],
  actor: string,
  onRow?: (result: ImportRowResult, index: number) => void,
): Promise<ImportRowResult[]> {
  const duplicates = duplicateRows(rows);
  const results: ImportRowResult[] = [];
  for (const [index, row] of rows.entries()) {
    const repeated = duplicates.get(index);
    const result = repeated
      ? { id: rowLabel(row, index), outcome: 'failed' as const, message: repeated }
      : await importRow(context, row, index, actor);
    results.push(result);
    onRow?.(result, index);
  }
  return results;
}

/**
 * Finds rows whose id appears more than once in the import and returns, by row index, the
 * message of their failure. Which of the rows the file means is unclear, so none is imported.
 */
function duplicateRows(rows: readonly unknown[]): Map<number, string> {
  const indexesById = new Map<string, number[]>();
  for (const [index, row] of rows.entries()) {
    const id = (row as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') continue;
    indexesById.set(id, [...(indexesById.get(id) ?? []), index]);
  }
  const messages = new Map<number, string>();
  for (const [id, indexes] of indexesById) {
    if (indexes.length < 2) continue;
    const rowNumbers = indexes.map((index) => index + 1).join(', ');
    const message =
      `Vendor "${id.slice(0, 100)}" appears in rows ${rowNumbers} of the import, so none of ` +
      'them was imported: keep one row per vendor id.';
    for (const index of indexes) messages.set(index, message);
  }
  return messages;
}

async function importRow(
  context: ImportContext,
  row: unknown,
  index: number,
  actor: string,
): Promise<ImportRowResult> {
  let checked: CheckedImportRow;
  let saved: SavedOutcome;
  try {
    checked = checkImportRow(row);
    context.checkConnector(checked.id, checked);
    const parsed =
      checked.credentials === undefined
        ? undefined
        : context.parseCredentials(checked.id, checked.connector, checked.credentials);
    saved = await context.write((store, audit) =>
      upsert(context, store, audit, checked, parsed, actor),
    );
  } catch (error) {
    return { id: rowLabel(row, index), outcome: 'failed', message: failureMessage(error) };
  }

  if (saved.credentialsRemoved) {
    // Without credentials the vendor cannot be verified, so a live row stops here.
    return {
      id: checked.id,
      outcome: saved.outcome,
      status: saved.status,
      message: `Vendor "${checked.id}": ${saved.credentialsRemoved.reason}`,
    };
  }
  const replacedNote = saved.undecryptableReplaced?.message;
  if (checked.status !== 'live' || saved.status === 'live') {
    return {
      id: checked.id,
      outcome: saved.outcome,
      status: saved.status,
      ...(replacedNote ? { message: replacedNote } : {}),
    };
  }
  // A suspension is an operator's decision, so a file that lists the vendor as live (as a
  // vendors file at start does by default) does not lift it.
  if (saved.status === 'suspended') {
    return {
      id: checked.id,
      outcome: saved.outcome,
      status: saved.status,
      message:
        (replacedNote ? `${replacedNote} ` : '') +
        `Vendor "${checked.id}" is suspended, so the import did not make it live: verify it ` +
        'and make it live to serve it again.',
    };
  }
  return makeLive(context, checked.id, saved);
}

async function upsert(
  context: ImportContext,
  store: VendorStore,
  audit: AuditWriter,
  row: CheckedImportRow,
  parsed: unknown,
  actor: string,
): Promise<SavedOutcome> {
  const next = {
    displayName: row.displayName,
    connector: row.connector,
    timeZone: row.timeZone,
    config: row.config,
    capabilityOverrides: normalizeOverrides(row.capabilityOverrides),
    payments: row.payments,
  };
  const current = await store.getVendor(row.id);
  const previous = current ? await store.getCredentials(row.id) : undefined;
  const comparison =
    parsed !== undefined && previous
      ? context.compareCredentials(row.id, previous, parsed)
      : undefined;
  const credentialsChanged = parsed !== undefined && comparison !== 'same';

  if (!current) {
    const stored = await store.insertVendor({
      id: row.id,
      displayName: next.displayName,
      connector: next.connector,
      timeZone: next.timeZone,
      config: next.config,
      ...(next.capabilityOverrides ? { capabilityOverrides: next.capabilityOverrides } : {}),
      ...(next.payments ? { payments: next.payments } : {}),
      status: 'draft',
    });
    const details: Record<string, unknown> = {
      outcome: 'created',
      ...diffFields({}, next, SETTING_FIELDS),
    };
    if (parsed !== undefined) {
      const sealed = await context.putCredentials(store, row.id, parsed);
      details.credentials = { old: null, new: sealed.fingerprint };
    }
    await audit(store, { vendorId: row.id, actor, action: 'imported', details });
    return { outcome: 'created', status: stored.status };
  }

  const before = {
    ...current,
    capabilityOverrides: normalizeOverrides(current.capabilityOverrides),
  };
  const changes = diffFields(before, next, SETTING_FIELDS);
  const changed = [...Object.keys(changes), ...(credentialsChanged ? ['credentials'] : [])];
  if (changed.length === 0) return { outcome: 'unchanged', status: current.status };

  const patch = settingsPatch(changes, next);
  const details: Record<string, unknown> = { outcome: 'updated', ...changes };
  const status = statusAfterChange(current.status, changed);
  if (status !== current.status) patch.status = status;
  // The vendor row is updated before the credentials, as in setCredentials, so a verification
  // that read the old credentials fails its version check.
  await store.updateVendor(row.id, patch, current.version);
  if (credentialsChanged) {
    const sealed = await context.putCredentials(store, row.id, parsed);
    details.credentials = { old: previous?.fingerprint ?? null, new: sealed.fingerprint };
  }
  const replaced =
    previous && comparison === 'undecryptable' ? undecryptableReplacement(previous) : undefined;
  if (replaced) details.undecryptable = { keyId: replaced.keyId, message: replaced.message };
  if (status !== current.status) details.status = { old: current.status, new: status };
  await audit(store, { vendorId: row.id, actor, action: 'imported', details });
  // Credentials in the row replace the stored ones, so only a row without them removes them.
  const removed =
    parsed === undefined
      ? await removeCredentialsAfterChange(store, audit, {
          vendorId: row.id,
          actor,
          changedFields: Object.keys(changes),
          sealed: previous,
        })
      : undefined;
  return {
    outcome: 'updated',
    status,
    ...(removed ? { credentialsRemoved: removed } : {}),
    ...(replaced ? { undecryptableReplaced: replaced } : {}),
  };
}

/** Verifies a saved row's vendor and makes it live; a failure keeps what was saved. */
async function makeLive(
  context: ImportContext,
  id: string,
  saved: SavedOutcome,
): Promise<ImportRowResult> {
  const outcome = saved.outcome === 'unchanged' ? 'updated' : saved.outcome;
  let status = saved.status;
  let reason: string;
  try {
    const { vendor, check } = await context.verify(id);
    status = vendor.status;
    if (check.valid) {
      const live = await context.goLive(id);
      const note = saved.undecryptableReplaced?.message;
      return { id, outcome, status: live.status, ...(note ? { message: note } : {}) };
    }
    reason = `the provider rejected the credentials: ${(check.problems ?? []).join(' ') || 'no reason given.'}`;
  } catch (error) {
    reason = failureMessage(error);
  }
  return {
    id,
    outcome: 'failed',
    status,
    message:
      (saved.undecryptableReplaced ? `${saved.undecryptableReplaced.message} ` : '') +
      `Saved as ${status}, but not made live: ${reason} ` +
      'Fix the cause, then verify the vendor and make it live.',
  };
}

function rowLabel(row: unknown, index: number): string {
  const id = (row as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id !== '' ? id.slice(0, 100) : `(row ${index + 1})`;
}

/**
 * Returns the message of an expected error. Registry, storage and connector messages name
 * no secret value; any other error is described by its name only.
 */
function failureMessage(error: unknown): string {
  if (isRegistryError(error) || isStorageError(error) || isConnectorError(error)) {
    return error.message;
  }
  const name = error instanceof Error ? error.name : typeof error;
  return `The row could not be imported because of an unexpected ${name}.`;
}
