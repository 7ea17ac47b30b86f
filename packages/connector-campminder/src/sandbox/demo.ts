import { createLiveClock } from './clock.js';
import { startCampMinderSandbox, type CampMinderSandbox } from './index.js';
import { upcomingSeason } from './season.js';
import type { CampMinderSandboxVendorConfig } from './vendor-config.js';

/** A vendor entry for the hub, pointing at a camp of the demo sandbox. */
export interface CampMinderDemoVendor {
  id: string;
  displayName: string;
  connector: 'campminder';
  timeZone: string;
  status: 'live';
  config: CampMinderSandboxVendorConfig;
  credentials: { apiKey: string; subscriptionKey: string };
}

/** A running demo sandbox and the vendors that use it. */
export interface CampMinderDemo {
  url: string;
  vendors: CampMinderDemoVendor[];
  sandbox: CampMinderSandbox;
  stop(): Promise<void>;
}

/** Turns "Pine Lake Camp" into "pine-lake-camp". */
function vendorId(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * Starts the sandbox on the demo seed, moved to the coming summer season, with a clock that
 * follows real time, and describes one hub vendor per camp, each with its own keys. Hand-off
 * links open the sandbox's portal page, whose form registers the family as Applied. The camp
 * office step at `/portal/office` then marks the registration Enrolled or Withdrawn. Hosts find
 * this export through the `sandbox` entry of the package's `signupassist` field.
 */
export async function startDemo(
  options: { port?: number; host?: string } = {},
): Promise<CampMinderDemo> {
  const clock = createLiveClock();
  const sandbox = await startCampMinderSandbox({
    ...options,
    clock,
    season: upcomingSeason(clock.now()),
  });
  const vendors = sandbox.camps.map((camp): CampMinderDemoVendor => ({
    id: vendorId(camp.name),
    displayName: camp.name,
    connector: 'campminder',
    timeZone: camp.timeZone,
    status: 'live',
    config: sandbox.vendorConfig(camp.clientId),
    credentials: sandbox.credentials(camp.clientId),
  }));
  return { url: sandbox.url, vendors, sandbox, stop: () => sandbox.stop() };
}
