/** Exit code of a run whose checks all passed or failed as the baseline expects. */
export const EXIT_PASSED = 0;

/** Exit code of a run with a failed check or a baseline entry for a check that passes. */
export const EXIT_CHECKS_FAILED = 1;

/** Exit code of a bad command line, a bad file or a connector package that cannot be loaded. */
export const EXIT_USAGE = 2;

/**
 * A usage or configuration problem the user must fix before checks can run. The message names
 * the bad flag, value or file and the fix. The CLI builds these messages without credential
 * values.
 */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}
