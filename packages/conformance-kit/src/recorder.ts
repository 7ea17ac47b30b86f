import type { ConnectorLogger } from '@signupassist/contract';

/** One call to the logger the kit hands to the connector. */
export interface CapturedLogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message: string;
  /** Check that was running. */
  check: string;
}

/** One error a connector operation threw during the run. */
export interface CapturedError {
  check: string;
  operation: string;
  error: unknown;
}

/** One value a connector operation returned during the run. */
export interface CapturedResult {
  check: string;
  operation: string;
  value: unknown;
}

/**
 * Everything the connector logged and threw during one run, for the checks that read the whole
 * run: errors must be contract errors, and no credential may appear in any of it.
 */
export class RunRecorder {
  readonly logLines: CapturedLogLine[] = [];
  readonly errors: CapturedError[] = [];
  /** Values the operations returned, which hosts show to families and vendors. */
  readonly results: CapturedResult[] = [];
  #requestNumber = 0;

  /** Creates a logger that appends to {@link logLines}, tagged with the running check. */
  logger(check: string): ConnectorLogger {
    const log =
      (level: CapturedLogLine['level']) => (fields: Record<string, unknown>, message: string) => {
        // An Error keeps its message and stack in properties a spread copy drops, and pino-style
        // loggers print them when an Error is passed in place of the fields.
        const copy = fields instanceof Error ? fields : { ...fields };
        this.logLines.push({ level, fields: copy, message: String(message), check });
      };
    return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  }

  /** Returns a new request id for a connector context. */
  nextRequestId(): string {
    this.#requestNumber += 1;
    return `conformance-${this.#requestNumber}`;
  }
}
