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

/**
 * Field names a connector may use for the values the host already binds, mapped to the bound
 * name they repeat: `vendor` repeats `vendorId`, `connector` repeats `connectorId`.
 */
const BOUND_ALIASES: Readonly<Record<string, string>> = {
  vendor: 'vendorId',
  vendorId: 'vendorId',
  connector: 'connectorId',
  connectorId: 'connectorId',
  operation: 'operation',
  requestId: 'requestId',
};

/**
 * Creates the logger a connector receives: a child of `logger` with `bindings` that leaves out
 * connector fields repeating a bound value, so that no entry carries a key twice. A connector
 * field with the same name and another value is kept under `connector` + the capitalized name,
 * such as `connectorOperation`.
 */
export function connectorLogger(logger: HubLogger, bindings: Record<string, unknown>): HubLogger {
  const child = childLogger(logger, bindings);
  const clean = (fields: Record<string, unknown>): Record<string, unknown> => {
    const kept: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      const bound = BOUND_ALIASES[key];
      if (bound === undefined || !(bound in bindings)) {
        kept[key] = value;
      } else if (bindings[bound] !== value) {
        kept[`connector${key[0]!.toUpperCase()}${key.slice(1)}`] = value;
      }
    }
    return kept;
  };
  return {
    debug: (fields, message) => child.debug(clean(fields), message),
    info: (fields, message) => child.info(clean(fields), message),
    warn: (fields, message) => child.warn(clean(fields), message),
    error: (fields, message) => child.error(clean(fields), message),
  };
}
