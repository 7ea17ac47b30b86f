import { describe, expect, it } from 'vitest';
import { rejectSecretOptions, UsageError } from '../src/cli/arguments.js';
import { formatTable } from '../src/cli/format.js';
import { createImportProgress } from '../src/cli/progress.js';

function recorder(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 120, write: (text: string) => chunks.push(text) } };
}

describe('import progress', () => {
  it('draws a bar on a terminal', () => {
    const { chunks, stream } = recorder(true);
    const progress = createImportProgress(4, stream);
    progress.row({ id: 'a', outcome: 'created' }, 0);
    progress.row({ id: 'b', outcome: 'failed', message: 'bad' }, 1);
    progress.done();
    const last = chunks.at(-2)!;
    expect(last.startsWith('\r\u001b[2K')).toBe(true);
    expect(last).toContain('[###############...............] 2/4, 1 failed done');
    expect(chunks.at(-1)).toBe('\n');
    expect(chunks.join('')).not.toContain('import 1/4');
  });

  it('writes one line per row elsewhere', () => {
    const { chunks, stream } = recorder(false);
    const progress = createImportProgress(2, stream);
    progress.row({ id: 'a', outcome: 'created' }, 0);
    progress.row({ id: 'b', outcome: 'unchanged' }, 1);
    progress.done();
    expect(chunks).toEqual(['import 1/2: a created\n', 'import 2/2: b unchanged\n']);
  });
});

describe('table layout', () => {
  it('pads columns to the widest cell', () => {
    const table = formatTable(
      ['ID', 'OUTCOME'],
      [
        ['swim-school-01', 'created'],
        ['x', 'failed'],
      ],
    );
    expect(table).toBe(
      'ID              OUTCOME\nswim-school-01  created\nx               failed\n',
    );
  });
});

describe('secret options', () => {
  it('rejects credential-like options', () => {
    for (const option of ['--api-key=abc', '--apiKey', '--secret', '--password=x', '--token']) {
      expect(() => rejectSecretOptions(['riverside', option]), option).toThrow(UsageError);
    }
  });

  it('keeps other options', () => {
    expect(() => rejectSecretOptions(['--file', '-', '--json', '--reason', 'key'])).not.toThrow();
  });

  it('never echoes the value', () => {
    expect(() => rejectSecretOptions(['--api-key=VALUE-123'])).toThrow(/^--api-key is not/);
    expect(() => rejectSecretOptions(['--api-key=VALUE-123'])).not.toThrow(/VALUE-123/);
  });
});
