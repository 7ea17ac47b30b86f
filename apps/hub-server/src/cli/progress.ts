import type { ImportRowResult } from '@signupassist/mcp-hub';

/** A stream the progress display writes to; `isTTY` selects the bar. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Reports import progress row by row. */
export interface ImportProgress {
  row(result: ImportRowResult, index: number): void;
  done(): void;
}

const BAR_WIDTH = 30;

/**
 * Creates the import progress display. On a terminal it is one bar redrawn in place. Elsewhere
 * it is one plain line per row, so logs and CI output stay readable.
 */
export function createImportProgress(total: number, stream: ProgressStream): ImportProgress {
  let finished = 0;
  let failed = 0;
  if (!stream.isTTY) {
    return {
      row(result) {
        finished += 1;
        stream.write(`import ${finished}/${total}: ${result.id} ${result.outcome}\n`);
      },
      done() {},
    };
  }
  const draw = (label: string) => {
    const filled = total === 0 ? BAR_WIDTH : Math.round((finished / total) * BAR_WIDTH);
    const bar = '#'.repeat(filled).padEnd(BAR_WIDTH, '.');
    const failures = failed ? `, ${failed} failed` : '';
    const text = `[${bar}] ${finished}/${total}${failures} ${label}`;
    const width = Math.max(20, (stream.columns || 80) - 1);
    // \r and the erase-line sequence redraw the bar on the same line.
    stream.write(`\r\u001b[2K${text.slice(0, width)}`);
  };
  draw('');
  return {
    row(result) {
      finished += 1;
      if (result.outcome === 'failed') failed += 1;
      draw(result.id);
    },
    done() {
      draw('done');
      stream.write('\n');
    },
  };
}
