import { stat } from 'node:fs/promises';
import { MAX_IMPORT_FILE_BYTES, parseImportText, readImportFile } from '../vendor-import-file.js';
import { onePositional, parseCommandArgs } from './arguments.js';
import type { Command } from './command-context.js';
import { formatTable } from './format.js';
import { readStream } from './input-files.js';
import { createImportProgress } from './progress.js';

/** `vendors import FILE`: idempotent upsert of a JSON or YAML vendor list. */
export const importCommand: Command = {
  summary: 'add or update vendors from a JSON or YAML file',
  usage: `Usage: vendors import FILE [--json]
       vendors import - [--json]      (reads standard input)

Adds or updates every vendor in FILE, a JSON or YAML list of vendors (or an object with a
"vendors" list). Each row has the fields of "vendors add", plus optional "credentials" and
"status" ("draft", the default, or "live", which verifies the credentials and goes live;
a suspended vendor stays suspended). Importing the same file again changes nothing and reports every row unchanged.

Progress goes to stderr, then a table of id, outcome and message to stdout. Exits 1 when any
row failed; the other rows are still imported.

Options:
  --json    print the results as JSON instead of a table
`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, {
      json: { type: 'boolean', default: false },
    });
    const path = onePositional(positionals, 'import file');
    const rows =
      path === '-'
        ? parseImportText(await readStream(context.stdin, MAX_IMPORT_FILE_BYTES), 'Standard input')
        : await readImportFile(path);
    if (path !== '-' && rows.some(hasCredentials) && (await readableByOthers(path))) {
      context.stderr.write(
        `warning: ${path} contains credentials and is readable by other users; run ` +
          `"chmod 600 ${path}".\n`,
      );
    }
    const registry = await context.registry({ credentials: rows.some(hasCredentials) });
    const progress = createImportProgress(rows.length, context.stderr);
    const results = await registry.importRows(rows, context.actor, (result, index) =>
      progress.row(result, index),
    );
    progress.done();

    const failed = results.filter((result) => result.outcome === 'failed').length;
    if (values.json) {
      context.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    } else {
      context.stdout.write(
        formatTable(
          ['ID', 'OUTCOME', 'MESSAGE'],
          results.map((result) => [result.id, result.outcome, result.message ?? '']),
        ),
      );
    }
    const counts = new Map<string, number>();
    for (const result of results) counts.set(result.outcome, (counts.get(result.outcome) ?? 0) + 1);
    const summary = [...counts].map(([outcome, count]) => `${count} ${outcome}`).join(', ');
    const source = path === '-' ? 'standard input' : path;
    const rowsText = `${results.length} row${results.length === 1 ? '' : 's'}`;
    context.stderr.write(`Imported ${rowsText} from ${source}: ${summary || 'none'}.\n`);
    return failed ? 1 : 0;
  },
};

function hasCredentials(row: unknown): boolean {
  return typeof row === 'object' && row !== null && 'credentials' in row;
}

/** Checks whether users other than the owner may read or write the file. */
async function readableByOthers(path: string): Promise<boolean> {
  if (process.platform === 'win32') return false;
  return ((await stat(path)).mode & 0o077) !== 0;
}
