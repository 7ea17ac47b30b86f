import type { CredentialCheck } from '@signupassist/contract';
import type { CampMinderClient } from './http-client.js';

/**
 * Checks a vendor's keys by fetching a fresh token. Keys CampMinder rejects throw
 * `auth_failed`. Keys that work but do not reach the configured client id return
 * `valid: false` with the problem.
 */
export async function verifyCredentials(client: CampMinderClient): Promise<CredentialCheck> {
  const access = await client.access(true);
  const { clientId } = client.config;
  const valid = access.clientIds.includes(clientId);
  const reachable = access.clientIds.length > 0 ? access.clientIds.join(', ') : 'none';
  const problems = valid
    ? []
    : [
        `The API key does not reach CampMinder client id ${clientId} (it reaches: ${reachable}). ` +
          'Set config.clientId to the camp’s client id, or use an API key issued by that camp.',
      ];

  client.context.logger.info(
    { ...client.logFields, valid, clients: access.clientIds.length },
    'CampMinder credentials checked',
  );
  return {
    valid,
    ...(valid ? { accountId: String(clientId) } : {}),
    permissions: access.clientIds.map((id) => `client:${id}`),
    problems,
  };
}
