import type { CredentialCheck } from '@signupassist/contract';
import { bookeoApiKeyInfoSchema } from './bookeo-api.js';
import type { BookeoClient } from './http-client.js';

// NOTE: Bookeo publishes no full permission list, so the `*_rw_*` names are assumed to include
// the matching read permission.
/**
 * Bookeo permissions the connector needs, each met by any one of its alternatives: reading
 * availability for sessions, and writing bookings, which includes reading them back.
 */
export const REQUIRED_PERMISSIONS: readonly { need: string; anyOf: readonly string[] }[] = [
  { need: 'read availability', anyOf: ['availability_r', 'availability_rw'] },
  { need: 'write bookings', anyOf: ['bookings_rw_all', 'bookings_rw_own'] },
];

/**
 * Checks a vendor's keys with `GET /settings/apikeyinfo`. Wrong keys throw `auth_failed`. Keys
 * that work but lack a permission the connector needs return `valid: false` with the problems.
 */
export async function verifyCredentials(client: BookeoClient): Promise<CredentialCheck> {
  const info = await client.send({
    method: 'GET',
    path: '/settings/apikeyinfo',
    endpoint: 'GET /settings/apikeyinfo',
    schema: bookeoApiKeyInfoSchema,
    retry: { kind: 'repeatable' },
  });

  const granted = new Set(info.permissions);
  const problems = REQUIRED_PERMISSIONS.filter(
    (requirement) => !requirement.anyOf.some((permission) => granted.has(permission)),
  ).map(
    (requirement) =>
      `The API key cannot ${requirement.need}: grant one of ${requirement.anyOf.join(', ')}.`,
  );

  client.context.logger.info(
    { ...client.logFields, accountId: info.accountId, problems: problems.length },
    'Bookeo credentials checked',
  );
  return {
    valid: problems.length === 0,
    accountId: info.accountId,
    permissions: info.permissions,
    problems,
  };
}
