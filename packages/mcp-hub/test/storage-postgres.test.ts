import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStorageError, MIGRATIONS, openPostgresStorage } from '../src/index.js';
import { describeLedgerContract } from './ledger-contract.js';
import { describeStorageContract } from './storage-contract.js';
import { postgresHarness, postgresUnavailableReason } from './storage-harness.js';

// With CI=true an unreachable server raises here and fails the file; elsewhere the suites are
// skipped with the printed reason.
const unavailable = await postgresUnavailableReason();
if (unavailable) console.warn(`Skipping the PostgreSQL storage tests: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('PostgreSQL storage', () => {
  describeStorageContract(postgresHarness());
  describeLedgerContract(postgresHarness());

  describe('openPostgresStorage', () => {
    const harness = postgresHarness();

    beforeEach(() => harness.create());
    afterEach(() => harness.destroy());

    it('migrates once when processes start together', async () => {
      const opened = await Promise.all(Array.from({ length: 6 }, () => harness.open()));

      expect(opened.every((storage) => storage.kind === 'postgres')).toBe(true);
      expect(await harness.schemaVersions()).toEqual(MIGRATIONS.map((entry) => entry.version));
    });

    it('stores times as timestamptz and JSON as jsonb', async () => {
      await harness.open();
      const columns = await harness.query(`
        SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public'
      `);
      const typeOf = (suffix: string) =>
        new Set(
          columns
            .filter((column) => String(column.column_name).endsWith(suffix))
            .map((column) => column.data_type),
        );

      expect(typeOf('_at')).toEqual(new Set(['timestamp with time zone']));
      expect(typeOf('_json')).toEqual(new Set(['jsonb']));
      expect(typeOf('_before')).toEqual(new Set(['timestamp with time zone']));
      expect(columns.filter((column) => String(column.column_name).endsWith('_json'))).toHaveLength(
        10,
      );
    });

    it('rejects a database newer than the code', async () => {
      await (await harness.open()).close();
      await harness.query("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01')");

      const error = await harness.open().catch((caught: unknown) => caught);

      expect(isStorageError(error, 'schema_too_new')).toBe(true);
      expect((error as Error).message).toMatch(/schema version 999/);
    });
  });

  describe('PostgreSQL connection errors', () => {
    it('names DATABASE_URL without the password', async () => {
      const error = await openPostgresStorage({
        connectionString: 'postgres://hub:s3cret-Pa55@127.0.0.1:1/hub',
        connectTimeoutMs: 2_000,
      }).catch((caught: unknown) => caught);

      expect(isStorageError(error, 'connection_failed')).toBe(true);
      const message = (error as Error).message;
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('postgres://hub:***@127.0.0.1:1/hub');
      expect(message).not.toContain('s3cret-Pa55');
    });

    it('rejects a URL of another scheme', async () => {
      const error = await openPostgresStorage({
        connectionString: 'mysql://hub:s3cret-Pa55@127.0.0.1/hub',
      }).catch((caught: unknown) => caught);

      expect(isStorageError(error, 'invalid')).toBe(true);
      expect((error as Error).message).toContain('DATABASE_URL');
      expect((error as Error).message).not.toContain('s3cret-Pa55');
    });
  });
});
