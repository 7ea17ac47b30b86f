import { UsageError } from './arguments.js';
import type { CommandContext } from './command-context.js';
import { parseObject, readInput } from './input-files.js';

function parseJsonFlag(value: string, flag: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new UsageError(
      `${flag} is not valid JSON: quote it, e.g. --config '{"baseUrl": "..."}'.`,
    );
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
