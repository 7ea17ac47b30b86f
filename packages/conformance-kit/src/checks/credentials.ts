import { z } from 'zod';
import type { CheckContext } from '../check-context.js';
import { ensure, skip, type ConformanceCheck } from '../check.js';

const CredentialCheckSchema = z.object({
  valid: z.boolean(),
  accountId: z.string().optional(),
  permissions: z.array(z.string()).optional(),
  problems: z.array(z.string()).optional(),
});

const validCredentials: ConformanceCheck = {
  id: 'credentials.valid-accepted',
  title: "verifyCredentials accepts the test vendor's credentials",
  level: 'catalog',
  writes: false,
  async run(context) {
    const result = await context.expectSuccess('verifyCredentials', (connectorContext) =>
      context.connector.verifyCredentials(connectorContext),
    );
    const check = context.parse(CredentialCheckSchema, result, 'The credential check result');
    ensure(
      check.valid,
      `verifyCredentials returned valid: false for working credentials (problems: ` +
        `${(check.problems ?? []).join('; ') || 'none given'}).`,
    );
  },
};

const badCredentials: ConformanceCheck = {
  id: 'credentials.bad-auth-failed',
  title: 'Rejected credentials fail with auth_failed',
  level: 'catalog',
  writes: false,
  async run(context) {
    const { badCredentials } = context.environment;
    if (badCredentials === undefined) skip('the run has no rejected credentials to try');
    const overrides = { credentials: badCredentials };
    const situation = 'with credentials the provider rejects';

    await context.expectError(
      'verifyCredentials',
      (connectorContext) => context.connector.verifyCredentials(connectorContext),
      ['auth_failed'],
      situation,
      overrides,
    );
    await context.expectError(
      'listPrograms',
      (connectorContext) => context.connector.listPrograms(connectorContext),
      ['auth_failed'],
      situation,
      overrides,
    );
    expectRejectedAtProvider(context);
  },
};

/**
 * Fails unless the provider received the rejected credentials and rejected them, so that the
 * `auth_failed` came from the provider and not from a check inside the connector.
 */
function expectRejectedAtProvider(context: CheckContext): void {
  const sandbox = context.environment.sandbox;
  if (!sandbox) return;
  const goodId = sandbox.vendor().credentialId;
  const rejected = sandbox
    .requests()
    .filter((request) => request.credentialId !== goodId && request.status !== undefined);
  ensure(
    rejected.length > 0,
    'The connector reported auth_failed without sending the rejected credentials to the provider.',
  );
  ensure(
    rejected.every((request) => request.status === 401 || request.status === 403),
    'The provider accepted a request with the rejected credentials, yet the connector failed.',
  );
}

/** Checks of credential verification. */
export const credentialChecks: ConformanceCheck[] = [validCredentials, badCredentials];
