import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isStorageError, openPostgresStorage } from '../src/index.js';
import { databaseUrl, postgresUnavailableReason } from './storage-harness.js';

const postgresUnavailable = await postgresUnavailableReason();

describe.skipIf(postgresUnavailable)('PostgreSQL connection errors', () => {
  it.each(['password', 'sslpassword'])('hide a %s query parameter', async (parameter) => {
    const secret = `QUERY-SECRET-${randomBytes(4).toString('hex')}`;
    const url = new URL(databaseUrl(`missing_${randomBytes(6).toString('hex')}`));
    url.searchParams.set(parameter, secret);

    const error = await openPostgresStorage({ connectionString: url.toString() }).then(
      async (storage) => {
        await storage.close();
        return undefined;
      },
      (caught: unknown) => caught,
    );

    expect(isStorageError(error, 'connection_failed')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain(`${parameter}=***`);
    expect(message).not.toContain(secret);
  });
});
