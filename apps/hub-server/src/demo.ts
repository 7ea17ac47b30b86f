import type { VendorPaymentsInput } from '@signupassist/mcp-hub';
import type { Logger } from 'pino';
import type { DiscoveredConnector } from './discovery.js';

/** A vendor entry as the hub's vendor sources take it. */
export interface DemoVendor {
  id: string;
  displayName: string;
  connector: string;
  timeZone: string;
  status: 'live';
  config: Record<string, unknown>;
  credentials: Record<string, unknown>;
  /** Success fee settings; the server adds them to the demo vendors while payments are on. */
  payments?: VendorPaymentsInput;
}

/** Result of the `startDemo` export of a connector's sandbox module. */
interface SandboxDemo {
  url: string;
  vendors: DemoVendor[];
  stop(): Promise<void>;
}

/** The demo sandboxes of the installed connectors, running on loopback ports. */
export interface RunningDemo {
  vendors: DemoVendor[];
  stop(): Promise<void>;
}

/**
 * Starts the sandbox of every discovered connector that ships one with a `startDemo` export,
 * and collects the demo vendors each sandbox seeds.
 */
export async function startDemoSandboxes(
  connectors: DiscoveredConnector[],
  logger: Logger,
): Promise<RunningDemo> {
  const running: SandboxDemo[] = [];
  for (const { packageName, sandboxModule } of connectors) {
    if (!sandboxModule) continue;
    const module = (await import(sandboxModule)) as { startDemo?: () => Promise<SandboxDemo> };
    if (typeof module.startDemo !== 'function') {
      logger.warn({ package: packageName }, 'Sandbox module has no startDemo export; skipped');
      continue;
    }
    const demo = await module.startDemo();
    logger.info(
      { package: packageName, url: demo.url, vendors: demo.vendors.map((vendor) => vendor.id) },
      'Started provider sandbox',
    );
    running.push(demo);
  }
  return {
    vendors: running.flatMap((demo) => demo.vendors),
    stop: async () => {
      await Promise.all(running.map((demo) => demo.stop()));
    },
  };
}
