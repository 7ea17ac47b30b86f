import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import packageJson from '../../package.json' with { type: 'json' };
import type { Hub } from '../hub.js';
import { registerHubTools, type HubToolOptions } from './tools.js';

/** Options of {@link createHubMcpServer}. */
export interface HubMcpServerOptions extends HubToolOptions {
  /** Server name reported to clients; default `signupassist-hub`. */
  name?: string;
  /** Server version reported to clients; default this package's version. */
  version?: string;
}

const INSTRUCTIONS =
  "Finds children's classes and camps and registers families with the vendors. Search with " +
  'search_programs, read the form with get_registration_form, then prepare_registration and, ' +
  'after the family agrees to the quote, confirm_registration.';

/**
 * Creates a new `McpServer` with the hub's tools. Stateless Streamable HTTP needs a fresh
 * server per request, because an SDK server that is connected to one transport throws when
 * connected to another. The hub itself is shared.
 */
export function createHubMcpServer(hub: Hub, options: HubMcpServerOptions = {}): McpServer {
  const server = new McpServer(
    { name: options.name ?? 'signupassist-hub', version: options.version ?? packageJson.version },
    { instructions: INSTRUCTIONS },
  );
  registerHubTools(server, hub, options);
  return server;
}
