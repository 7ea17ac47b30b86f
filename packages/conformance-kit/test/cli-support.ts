import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';
import { runCli } from '../src/cli/run-cli.js';

/** Root of the repository, where `@signupassist/connector-bookeo` is installed. */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Throws unless the Bookeo connector is built. The CLI imports a connector package's built
 * JavaScript, as it would from npm; `npm test` builds every package first.
 */
export function requireBuiltBookeo(): void {
  const entry = fileURLToPath(new URL('../../connector-bookeo/dist/index.js', import.meta.url));
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing: run "npm run build" first.`);
  }
}

/** One element of a parsed XML document. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Text directly inside the element, entities decoded. */
  text: string;
}

/**
 * Parses XML with saxes, which enforces XML 1.0 well-formedness: it throws on a raw `<` or `&`,
 * an undefined entity, a control character or a mismatched tag.
 */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser();
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    const element: XmlElement = {
      name: tag.name,
      attributes: tag.attributes as Record<string, string>,
      children: [],
      text: '',
    };
    stack.at(-1)?.children.push(element);
    root ??= element;
    stack.push(element);
  });
  parser.on('text', (text) => {
    const current = stack.at(-1);
    if (current) current.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();

  if (!root) throw new Error('The document has no root element.');
  return root;
}

/** Output of one in-process CLI run. */
export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function runCapturedCli(
  argv: string[],
  cwd: string,
  options: { isTTY?: boolean } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const exitCode = await runCli(argv, {
    stdout: {
      write: (text: string) => (stdout += text),
      isTTY: options.isTTY ?? false,
    },
    stderr: { write: (text: string) => (stderr += text) },
    cwd,
  });
  return { exitCode, stdout, stderr };
}
