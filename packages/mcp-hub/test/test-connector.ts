import { defineConnector, type AnyConnector, type ConnectorContext } from '@signupassist/contract';
import { z } from 'zod';

/** Credentials of the in-test connector. */
export const TestCredentialsSchema = z.object({ apiKey: z.string().min(8) }).strict();

/** Config of the in-test connector, with a default to show that parsing applies it. */
export const TestConfigSchema = z.object({ region: z.enum(['us', 'eu']).default('us') }).strict();

/**
 * Builds a small connector for router tests. `listPrograms` runs `behaviour`, so a test can
 * make it throw, hang or inspect the context it was given.
 */
export function testConnector(
  behaviour: (context: ConnectorContext) => Promise<unknown> = async () => [],
  overrides: { contractVersion?: string; id?: string } = {},
): AnyConnector {
  const unused = async (): Promise<never> => {
    throw new Error('not used in these tests');
  };
  return defineConnector({
    manifest: {
      id: overrides.id ?? 'testkit',
      displayName: 'Test kit',
      version: '0.0.1',
      contractVersion: overrides.contractVersion ?? '^1.0.0',
      capabilities: {
        catalog: 'native',
        fields: 'native',
        book: 'native',
        cancel: 'native',
        idempotency: 'emulated',
        holds: 'native',
      },
      credentialsSchema: TestCredentialsSchema,
      secretFields: ['apiKey'],
      configSchema: TestConfigSchema,
    },
    verifyCredentials: async () => ({ valid: true }),
    listPrograms: async (context) => (await behaviour(context)) as never,
    listSessions: async () => [],
    getRegistrationForm: unused,
    book: unused,
    cancel: unused,
    getBooking: unused,
    hold: unused,
    releaseHold: unused,
  }) as AnyConnector;
}
