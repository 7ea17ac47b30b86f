import { stat } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { readFileWithin } from '../read-limited.js';
import { yamlToJs } from '../vendor-import-file.js';
import { UsageError } from './arguments.js';

/** Largest credentials or vendor file read: 1 MiB. */
const MAX_INPUT_BYTES = 1024 * 1024;

/** Reads a stream as UTF-8 text of at most `maxBytes` bytes. */
export async function readStream(
  stream: NodeJS.ReadableStream,
  maxBytes = MAX_INPUT_BYTES,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBytes) {
      throw new UsageError(`Standard input is larger than ${maxBytes} bytes.`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Text of `path`, or of standard input when `path` is `-`, with the file mode for checks. */
export async function readInput(
  path: string,
  stdin: NodeJS.ReadableStream,
): Promise<{ text: string; source: string; mode?: number }> {
  if (path === '-') return { text: await readStream(stdin), source: 'standard input' };
  let mode: number;
  try {
    const info = await stat(path);
    if (info.size > MAX_INPUT_BYTES) {
      throw new UsageError(`${path} is larger than ${MAX_INPUT_BYTES} bytes.`);
    }
    mode = info.mode;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new UsageError(`Cannot read ${path} (${code}): check the path.`);
  }
  const text = await readFileWithin(path, MAX_INPUT_BYTES);
  if (text === undefined) throw new UsageError(`${path} is larger than ${MAX_INPUT_BYTES} bytes.`);
  return { text, source: path, mode };
}

/**
 * Parses a JSON or YAML object. Errors give the position only, never the text, which may hold
 * credentials.
 */
export function parseObject(text: string, source: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (trimmed === '')
    throw new UsageError(`${source} is empty: it must hold a JSON or YAML object.`);
  let value: unknown;
  if (trimmed.startsWith('{')) {
    try {
      value = JSON.parse(trimmed);
    } catch {
      throw new UsageError(`${source} is not valid JSON: check it with a JSON validator.`);
    }
  } else {
    const document = parseDocument(trimmed, { prettyErrors: false, uniqueKeys: true });
    const [error] = document.errors;
    if (error) {
      throw new UsageError(`${source} is not valid YAML or JSON (${error.code}): fix the syntax.`);
    }
    value = yamlToJs(document, source, UsageError);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${source} must hold one JSON or YAML object, such as {"apiKey": "..."}.`);
  }
  return value as Record<string, unknown>;
}
