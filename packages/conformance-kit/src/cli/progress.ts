import type { CheckInfo, CheckResult, CheckVerdict, RunListener } from '../types.js';

/** A writable text stream, such as `process.stdout`. */
export interface TextOutput {
  write(text: string): unknown;
  /** True on a terminal, where the running check is shown and then overwritten. */
  isTTY?: boolean;
}

/** Mark printed before a check id for each verdict. */
export const VERDICT_MARKS: Readonly<Record<CheckVerdict, string>> = {
  passed: '✓',
  failed: '✗',
  skipped: '-',
  expected_failure: '~',
  unexpected_pass: '!',
};

/** Word printed after the duration for verdicts other than `passed`. */
const VERDICT_NOTES: Readonly<Record<CheckVerdict, string>> = {
  passed: '',
  failed: 'failed',
  skipped: 'skipped',
  expected_failure: 'expected failure (baseline)',
  unexpected_pass: 'passed, but the baseline expects a failure',
};

/** Formats milliseconds for people: `12 ms` below a second, `3.4 s` above. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  return `${(milliseconds / 1000).toFixed(1)} s`;
}

/**
 * Formats one finished check as a progress line, without the line break. The id is padded to
 * `idWidth` characters so that durations line up.
 */
export function formatCheckLine(result: CheckResult, idWidth = 0): string {
  const note = VERDICT_NOTES[result.verdict];
  const parts = [
    `${VERDICT_MARKS[result.verdict]} ${result.id.padEnd(idWidth)}`,
    formatDuration(result.durationMs).padStart(7),
  ];
  const reason = result.verdict === 'skipped' && result.message ? `: ${result.message}` : '';
  if (note) parts.push(` ${note}${reason}`);
  return parts.join(' ');
}

/**
 * Returns runner callbacks that print one line per finished check, with ids padded to
 * `idWidth`. On a terminal the running check's id is shown until its line replaces it.
 */
export function createProgressListener(output: TextOutput, idWidth: number): Required<RunListener> {
  const terminal = output.isTTY === true;
  return {
    onCheckStart(check: CheckInfo) {
      if (terminal) output.write(`  … ${check.id}`);
    },
    onCheckEnd(result: CheckResult) {
      // \r and "erase line" (ESC [2K) remove the running check's line on a terminal.
      const clear = terminal ? '\r\u001b[2K' : '';
      output.write(`${clear}${formatCheckLine(result, idWidth)}\n`);
    },
  };
}
