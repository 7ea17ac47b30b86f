import type { ImportRowResult, VendorRegistry } from '@signupassist/mcp-hub';
import type { Logger } from 'pino';
import type { DemoVendor } from './demo.js';
import { readImportFile } from './vendor-import-file.js';

/** Audit actor of the vendors the demo sandbox seeds. */
export const DEMO_ACTOR = 'startup:demo';

/** Audit actor of the vendors imported with `--vendors FILE`. */
export const VENDORS_FILE_ACTOR = 'startup:vendors-file';

/**
 * Logs each failed row as an error and each saved row with a message as a warning. A saved
 * row's message says why the vendor may be out of service: its credentials were removed, it
 * stays suspended, or undecryptable credentials were replaced.
 */
function logResults(logger: Logger, source: string, results: ImportRowResult[]): void {
  for (const result of results) {
    if (result.outcome === 'failed') {
      logger.error(
        { vendorId: result.id, source, problem: result.message },
        'Vendor import row failed; the vendor is not served',
      );
    } else if (result.message !== undefined) {
      logger.warn(
        {
          vendorId: result.id,
          source,
          outcome: result.outcome,
          status: result.status,
          problem: result.message,
        },
        'Vendor import row was saved with a problem; check the vendor',
      );
    }
  }
  const counts: Record<string, number> = {};
  for (const result of results) counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
  logger.info({ source, ...counts }, 'Imported vendors');
}

/**
 * Imports the demo sandbox's vendors through the same path as `vendors import`: credentials
 * are sealed, verified against the sandbox, and the vendors go live.
 */
export async function importDemoVendors(
  registry: VendorRegistry,
  vendors: readonly DemoVendor[],
  logger: Logger,
): Promise<ImportRowResult[]> {
  const rows = vendors.map((vendor) => ({ ...vendor, status: 'live' as const }));
  const results = await registry.importRows(rows, DEMO_ACTOR);
  logResults(logger, 'demo sandbox', results);
  return results;
}

/**
 * Fills the defaults of the vendors files read before the registry existed: a missing `status`
 * is `live` and a missing `timeZone` is `UTC`.
 */
function withFileDefaults(row: unknown): unknown {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return row;
  return { status: 'live', timeZone: 'UTC', ...row };
}

/**
 * Imports a vendors file at start with the defaults of {@link withFileDefaults}. A row with
 * `"status": "draft"` stays out of service.
 */
export async function importVendorsFile(
  registry: VendorRegistry,
  path: string,
  logger: Logger,
): Promise<ImportRowResult[]> {
  const rows = (await readImportFile(path)).map(withFileDefaults);
  const results = await registry.importRows(rows, VENDORS_FILE_ACTOR);
  logResults(logger, path, results);
  return results;
}
