import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseDocument, type Document } from 'yaml';
import { ConfigError } from './config-error.js';
import { readFileWithin } from './read-limited.js';

/** Largest import file read: 10 MiB, far above thousands of vendor rows. */
export const MAX_IMPORT_FILE_BYTES = 10 * 1024 * 1024;

/** Describes where a syntax error is without quoting the text, which may contain credentials. */
function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const offset = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    const where = offset ? ` at ${position(text, Number(offset[1]))}` : '';
    throw new ConfigError(`${source} is not valid JSON${where}: fix the syntax there.`);
  }
}

function parseYaml(text: string, source: string): unknown {
  // Pretty errors quote the offending line, which may hold a credential, so only the
  // position is reported.
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const [error] = document.errors;
  if (error) {
    throw new ConfigError(
      `${source} is not valid YAML at ${position(text, error.pos[0])} (${error.code}): fix the ` +
        'syntax there.',
    );
  }
  return yamlToJs(document, source, ConfigError);
}

/** Maximum alias expansions per anchor, as the `yaml` package counts them (its default). */
export const MAX_YAML_ALIAS_COUNT = 100;

/**
 * Converts a parsed YAML document to plain values. Raises `ErrorType` (a configuration or
 * usage error) for an alias without an earlier anchor, and when aliases expand more than
 * {@link MAX_YAML_ALIAS_COUNT} times, as in a "billion laughs" document. The `yaml` package
 * raises a bare ReferenceError in both cases.
 */
export function yamlToJs(
  document: Document,
  source: string,
  ErrorType: new (message: string) => Error,
): unknown {
  try {
    return document.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    if (error.message.startsWith('Unresolved alias')) {
      throw new ErrorType(
        `${source} has a YAML alias (*name) without an earlier anchor (&name): define the ` +
          'anchor before the alias, or write the value out.',
      );
    }
    throw new ErrorType(
      `${source} expands YAML aliases (*name) more than ${MAX_YAML_ALIAS_COUNT} times: ` +
        'write the repeated values out, or use JSON.',
    );
  }
}

/**
 * Returns the rows of an import document: a JSON or YAML list of vendors, or an object with a
 * `vendors` list. JSON is chosen by a `.json` extension or a leading `[` or `{`, YAML otherwise.
 */
export function parseImportText(text: string, source: string, extension = ''): unknown[] {
  const trimmed = text.trimStart();
  const json =
    extension === '.json' ||
    (extension !== '.yaml' && extension !== '.yml' && /^[[{]/.test(trimmed));
  const document = json ? parseJson(text, source) : parseYaml(text, source);
  if (Array.isArray(document)) return document;
  if (typeof document === 'object' && document !== null && 'vendors' in document) {
    const vendors = (document as { vendors: unknown }).vendors;
    if (Array.isArray(vendors)) return vendors;
  }
  throw new ConfigError(
    `${source} must contain a list of vendors, or an object with a "vendors" list.`,
  );
}

/** Reads and parses an import file; errors name the file and the fix, never its content. */
export async function readImportFile(path: string): Promise<unknown[]> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      `Cannot read the import file ${path} (${code ?? 'unknown error'}): check the path.`,
    );
  }
  if (size > MAX_IMPORT_FILE_BYTES) {
    throw new ConfigError(
      `The import file ${path} is ${size} bytes, above the limit of ${MAX_IMPORT_FILE_BYTES}: ` +
        'split it into several files.',
    );
  }
  const text = await readFileWithin(path, MAX_IMPORT_FILE_BYTES);
  if (text === undefined) {
    throw new ConfigError(
      `The import file ${path} is above the limit of ${MAX_IMPORT_FILE_BYTES} bytes: split it ` +
        'into several files.',
    );
  }
  return parseImportText(text, `The import file ${path}`, extname(path).toLowerCase());
}
