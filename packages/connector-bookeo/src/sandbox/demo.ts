import { createLiveClock } from './clock.js';
import { startBookeoSandbox, type BookeoSandbox } from './index.js';

/** A vendor entry for the hub, pointing at a business of the demo sandbox. */
export interface BookeoDemoVendor {
  id: string;
  displayName: string;
  connector: 'bookeo';
  timeZone: string;
  status: 'live';
  config: { baseUrl: string };
  credentials: { apiKey: string; secretKey: string };
}

/** A running demo sandbox and the vendors that use it. */
export interface BookeoDemo {
  url: string;
  vendors: BookeoDemoVendor[];
  sandbox: BookeoSandbox;
  stop(): Promise<void>;
}

/** Turns "Riverside Swim School" into "riverside-swim-school". */
function vendorId(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * Starts the sandbox on the demo seed with a clock that follows real time, and describes one
 * hub vendor per business: two businesses sharing one application secret key. Hosts find this
 * export through the `sandbox` entry of the package's `signupassist` field.
 */
export async function startDemo(
  options: { port?: number; host?: string } = {},
): Promise<BookeoDemo> {
  // The demo sandbox forgets its bookings when it stops, while a hub's ledger keeps them:
  // numbering from the start time keeps a restarted demo from reusing earlier booking numbers.
  const sandbox = await startBookeoSandbox({
    ...options,
    clock: createLiveClock(),
    firstBookingNumber: Date.now(),
  });
  const vendors = sandbox.businesses.map((business): BookeoDemoVendor => ({
    id: vendorId(business.name),
    displayName: business.name,
    connector: 'bookeo',
    timeZone: business.timeZone,
    status: 'live',
    config: { baseUrl: sandbox.url },
    credentials: sandbox.credentials(business.accountId),
  }));
  return { url: sandbox.url, vendors, sandbox, stop: () => sandbox.stop() };
}
