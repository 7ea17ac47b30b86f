import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command-line mistake; the CLI prints the message with the command's help and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Option names that would carry a secret. Secrets on the command line end up in shell history
 * and in every user's process list, so these are rejected before parsing, without echoing the
 * value.
 */
const SECRET_OPTION =
  /^--?(api[-_]?key|secret|secret[-_]?key|client[-_]?secret|password|passwd|token|access[-_]?token|auth|authorization|credentials?|key)(=|$)/i;

/** Rejects options that look like credential values; the message names the option only. */
export function rejectSecretOptions(args: readonly string[]): void {
  for (const arg of args) {
    const match = SECRET_OPTION.exec(arg);
    if (!match) continue;
    throw new UsageError(
      `${arg.split('=')[0]} is not accepted: credentials are never read from the command line, ` +
        'where shell history and process lists would keep them. Write them to a file readable ' +
        `only by you and run "vendors set-credentials ID --file FILE", or pipe ` +
        `them in with "vendors set-credentials ID --file -".`,
    );
  }
}

/**
 * Parses a subcommand's arguments strictly; errors become `UsageError`s. An option without
 * `multiple` that is given twice is an error, because which value wins is unclear.
 */
export function parseCommandArgs<Options extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: Options,
) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true, tokens: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || options[token.name]?.multiple) continue;
    if (seen.has(token.name)) {
      throw new UsageError(`Option --${token.name} is given more than once: give it once.`);
    }
    seen.add(token.name);
  }
  return parsed;
}

/** Returns the single positional argument, such as a vendor id, or raises a `UsageError`. */
export function onePositional(positionals: string[], name: string): string {
  if (positionals.length === 0) throw new UsageError(`Missing ${name}.`);
  if (positionals.length > 1) {
    // Only the count is shown: an extra argument may be a pasted secret.
    throw new UsageError(
      `Expected one ${name}, got ${positionals.length} arguments: remove the extra ones.`,
    );
  }
  return positionals[0]!;
}
