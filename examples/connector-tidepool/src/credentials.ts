import type { CredentialCheck } from '@signupassist/contract';
import { tidepoolAccountSchema } from './api.js';
import type { TidepoolClient } from './client.js';

/**
 * Checks a vendor's credentials with `GET /account`. Credentials Tidepool rejects throw
 * `auth_failed`, as every other operation does with them.
 */
export async function verifyCredentials(client: TidepoolClient): Promise<CredentialCheck> {
  const account = await client.send({
    method: 'GET',
    path: '/account',
    endpoint: 'GET /account',
    schema: tidepoolAccountSchema,
    retry: 'safe',
  });
  return { valid: true, accountId: account.id };
}
