import { createServer } from 'node:net';
import type { BookeoSandbox } from '@signupassist/connector-bookeo/sandbox';
import type { PrepareRegistrationInput, VendorRecord } from '../src/index.js';

/** Sandbox account of the swim school in the demo seed. */
export const SWIM_ACCOUNT = 'RIVERSIDESWIM';

/** Builds a live vendor record for one sandbox business. */
export function sandboxVendor(
  sandbox: BookeoSandbox,
  accountId: string,
  overrides: Partial<VendorRecord> = {},
): VendorRecord {
  const business = sandbox.businesses.find((candidate) => candidate.accountId === accountId);
  if (!business) throw new Error(`The sandbox has no business ${accountId}.`);
  return {
    id: accountId.toLowerCase(),
    displayName: business.name,
    connector: 'bookeo',
    timeZone: business.timeZone,
    status: 'live',
    config: { baseUrl: sandbox.url },
    credentials: sandbox.credentials(accountId),
    ...overrides,
  };
}

/** Returns a loopback port that nothing listens on: bound once, then released. */
export async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('No port was bound.');
  return address.port;
}

/** Answers that satisfy the swim school's form for one child. */
export function swimAnswers(): Pick<
  PrepareRegistrationInput,
  'guardian' | 'participants' | 'booking'
> {
  return {
    guardian: {
      firstName: 'Dana',
      lastName: 'Whitfield',
      email: 'dana.whitfield@example.com',
      custom_EMERGENCYPHONE: '+1 555 010 0199',
    },
    participants: [{ category: 'Cchildren', answers: { firstName: 'Sam', lastName: 'Whitfield' } }],
    booking: { option_SWIMLEVEL: 'Beginner' },
  };
}

/** Personal values of {@link swimAnswers} that must never reach a log. */
export const PERSONAL_VALUES = ['Dana', 'Whitfield', 'dana.whitfield@example.com', '555 010 0199'];
