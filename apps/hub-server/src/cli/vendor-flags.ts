import { UsageError } from './arguments.js';
import type { CommandContext } from './command-context.js';
import { parseObject, readInput } from './input-files.js';

/** Example value of each flag that takes JSON, for its error message. */
const JSON_EXAMPLES: Record<string, string> = {
  '--config': `--config '{"baseUrl": "..."}'`,
  '--payments': `--payments '{"successFee": {"type": "fixed", "amountMinor": 300, "currency": "USD"}}'`,
};

function parseJsonFlag(value: string, flag: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new UsageError(`${flag} is not valid JSON: quote it, e.g. ${JSON_EXAMPLES[flag]}.`);
  }
}

/** Parses repeated `--capability name=value` flags into capability overrides. */
export function parseCapabilities(
  values: string[] | undefined,
): Record<string, string> | undefined {
  if (!values?.length) return undefined;
  const overrides: Record<string, string> = {};
  for (const value of values) {
    const [name, setting, extra] = value.split('=');
    if (!name || !setting || extra !== undefined) {
      throw new UsageError(
        `--capability ${value} is not NAME=VALUE, e.g. --capability holds=absent.`,
      );
    }
    // defineProperty keeps a "__proto__" name as a key, so the registry rejects it by name.
    Object.defineProperty(overrides, name, {
      value: setting,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return overrides;
}

/**
 * Reads the connector config from `--config JSON` or `--config-file FILE`; returns `undefined`
 * when neither is given.
 */
export async function readConfigFlags(
  values: Record<string, string | string[] | boolean | undefined>,
  context: CommandContext,
): Promise<unknown> {
  if (values.config !== undefined && values['config-file'] !== undefined) {
    throw new UsageError('Give --config or --config-file, not both.');
  }
  if (typeof values.config === 'string') return parseJsonFlag(values.config, '--config');
  if (typeof values['config-file'] === 'string') {
    const input = await readInput(values['config-file'], context.stdin);
    return parseObject(input.text, input.source);
  }
  return undefined;
}

/**
 * Reads `--payments FILE_OR_JSON`: a JSON object given inline (it starts with `{`), a JSON or
 * YAML file, or `-` for standard input. Returns `undefined` when the flag is absent; the
 * registry validates the settings and names the field and the fix of any error.
 */
export async function readPaymentsFlag(
  value: string | undefined,
  context: CommandContext,
): Promise<Record<string, unknown> | undefined> {
  if (value === undefined) return undefined;
  // Text that starts with "{" parses to an object or fails, so no other shape gets through.
  if (value.trim().startsWith('{')) {
    return parseJsonFlag(value, '--payments') as Record<string, unknown>;
  }
  try {
    const input = await readInput(value, context.stdin);
    return parseObject(input.text, input.source);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(
      `--payments: ${error.message} Give the settings as a file, "-" for stdin, or inline ` +
        'JSON that starts with "{".',
    );
  }
}
