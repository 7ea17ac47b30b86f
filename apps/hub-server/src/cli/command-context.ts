import type { HubPayments, VendorRegistry } from '@signupassist/mcp-hub';
import type { ProgressStream } from './progress.js';

/** Context of a CLI command: its streams, the audit actor and the registry, opened on demand. */
export interface CommandContext {
  stdout: ProgressStream;
  stderr: ProgressStream;
  stdin: NodeJS.ReadableStream;
  /** Actor recorded in the audit log, such as `cli:alice`. */
  actor: string;
  /**
   * Opens the registry on first use, so `--help` and usage errors need no database. A command
   * that seals or opens credentials passes `{ credentials: true }`, which prints the warning
   * about a development key, if one is in use.
   */
  registry(use?: { credentials?: boolean }): Promise<VendorRegistry>;
  /**
   * Opens the hub with Stripe on first use, for commands about payments. Raises a
   * `ConfigError` when payments are off.
   */
  payments(): Promise<PaymentsAccess>;
}

/** The hub's payment operations and the registry, opened together on one database. */
export interface PaymentsAccess {
  payments: HubPayments;
  registry: VendorRegistry;
}

/** A CLI command: its help text and a run function that returns the exit code. */
export interface Command {
  summary: string;
  usage: string;
  run(args: string[], context: CommandContext): Promise<number>;
}
