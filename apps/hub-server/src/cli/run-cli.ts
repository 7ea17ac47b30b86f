import { userInfo } from 'node:os';
import type { VendorRegistry } from '@signupassist/mcp-hub';
import { ConfigError } from '../config-error.js';
import { describeRegistryError } from '../registry-errors.js';
import { rejectSecretOptions, UsageError } from './arguments.js';
import type { Command, CommandContext, PaymentsAccess } from './command-context.js';
import { importCommand } from './import-command.js';
import { rotateCommand } from './keys-command.js';
import { reconcileCommand } from './payments-command.js';
import type { ProgressStream } from './progress.js';
import { VENDOR_COMMANDS } from './vendor-commands.js';

/** Command groups of the CLI: `vendors ...`, `keys ...` and `payments ...`. */
const GROUPS: Record<string, Record<string, Command>> = {
  vendors: { ...VENDOR_COMMANDS, import: importCommand },
  keys: { rotate: rotateCommand },
  payments: { reconcile: reconcileCommand },
};

/** Checks whether the arguments start with a CLI command group rather than server options. */
export function isCliCommand(argv: readonly string[]): boolean {
  return argv[0] !== undefined && argv[0] in GROUPS;
}

/** An opened registry, with the warning to print when a command uses credentials. */
export interface OpenedRegistry {
  registry: VendorRegistry;
  /** Warning about a development key, when credentials are sealed with one. */
  developmentKeyWarning?: string | undefined;
  close(): Promise<void>;
}

/** Streams, environment and registry opener of one CLI run. */
export interface CliEnvironment {
  stdout: ProgressStream;
  stderr: ProgressStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  /** Opens the registry and returns it with a function that closes it. */
  openRegistry(): Promise<OpenedRegistry>;
  /** Opens the hub with Stripe and the registry, with a function that closes them. */
  openPayments(): Promise<PaymentsAccess & { close(): Promise<void> }>;
}

function groupHelp(group: string): string {
  const commands = GROUPS[group]!;
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(
    ([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`,
  );
  return (
    `Usage: signupassist-hub ${group} COMMAND [OPTIONS]\n\nCommands:\n${lines.join('\n')}\n\n` +
    `Run "signupassist-hub ${group} COMMAND --help" for a command's options. The database,\n` +
    'keys and Stripe settings come from the same environment variables as for the server.\n'
  );
}

/** Returns the audit actor of a CLI user: `cli:` and the login name, such as `cli:alice`. */
export function cliActor(env: NodeJS.ProcessEnv): string {
  let name = env.USER || env.LOGNAME;
  if (!name) {
    try {
      name = userInfo().username;
    } catch {
      name = 'unknown';
    }
  }
  return `cli:${name}`;
}

/**
 * Runs `vendors ...`, `keys ...` or `payments ...` and returns the exit code. It is 0 on
 * success and 2 on a usage or configuration error. It is 1 when the operation failed: a
 * registry error, an invalid credential check, a failed import row, or findings that a
 * reconcile left.
 */
export async function runCli(argv: string[], environment: CliEnvironment): Promise<number> {
  const [group, name, ...args] = argv;
  const commands = GROUPS[group!]!;
  const { stderr } = environment;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? stderr : environment.stdout).write(groupHelp(group!));
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  const prefix = `signupassist-hub ${group} ${name}`;
  if (!command) {
    stderr.write(`signupassist-hub ${group}: unknown command "${name}".\n\n${groupHelp(group!)}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    environment.stdout.write(command.usage);
    return 0;
  }

  let opened: OpenedRegistry | undefined;
  let openedPayments: (PaymentsAccess & { close(): Promise<void> }) | undefined;
  let warned = false;
  const context: CommandContext = {
    stdout: environment.stdout,
    stderr,
    stdin: environment.stdin,
    actor: cliActor(environment.env),
    registry: async (use = {}) => {
      opened ??= await environment.openRegistry();
      if (use.credentials && opened.developmentKeyWarning && !warned) {
        stderr.write(`${opened.developmentKeyWarning}\n`);
        warned = true;
      }
      return opened.registry;
    },
    payments: async () => {
      openedPayments ??= await environment.openPayments();
      return openedPayments;
    },
  };
  try {
    rejectSecretOptions(args);
    return await command.run(args, context);
  } catch (error) {
    return reportError(error, prefix, command, stderr);
  } finally {
    await opened?.close();
    await openedPayments?.close();
  }
}

function reportError(
  error: unknown,
  prefix: string,
  command: Command,
  stderr: ProgressStream,
): number {
  if (error instanceof UsageError) {
    stderr.write(`${prefix}: ${error.message}\n\n${command.usage}`);
    return 2;
  }
  if (error instanceof ConfigError) {
    stderr.write(`${prefix}: ${error.message}\n`);
    return 2;
  }
  const described = describeRegistryError(error);
  if (described) {
    // A refused status change names no field the operator could fix.
    const field =
      described.field &&
      described.code !== 'invalid_transition' &&
      !described.message.includes(described.field)
        ? ` (field ${described.field})`
        : '';
    stderr.write(`${prefix}: ${described.message}${field}\n`);
    return 1;
  }
  // Unexpected errors keep their message (a bug report needs it) but not their stack.
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  stderr.write(`${prefix} failed: ${message}\n`);
  return 1;
}
