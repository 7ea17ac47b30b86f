import type { ConnectorLogger } from '@signupassist/contract';

/** Structured logger the hub writes to; a pino logger fits, and so does any object with these methods. */
export type HubLogger = ConnectorLogger;

/** A logger that drops every entry, for callers that do not want hub logs. */
export const silentLogger: HubLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

interface ChildCapable {
  child(bindings: Record<string, unknown>): HubLogger;
}

function hasChild(logger: HubLogger): logger is HubLogger & ChildCapable {
  return typeof (logger as Partial<ChildCapable>).child === 'function';
}

/**
 * Creates a logger that adds `bindings` to every entry. Uses the logger's own `child` when it
 * has one (pino does), and otherwise merges the fields into each call.
 */
export function childLogger(logger: HubLogger, bindings: Record<string, unknown>): HubLogger {
  if (hasChild(logger)) return logger.child(bindings);
  return {
    debug: (fields, message) => logger.debug({ ...bindings, ...fields }, message),
    info: (fields, message) => logger.info({ ...bindings, ...fields }, message),
    warn: (fields, message) => logger.warn({ ...bindings, ...fields }, message),
    error: (fields, message) => logger.error({ ...bindings, ...fields }, message),
  };
}
