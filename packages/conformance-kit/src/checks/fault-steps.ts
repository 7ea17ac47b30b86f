import type { SandboxFaultMatch, SandboxRequest } from '@signupassist/contract/testing';
import type { CheckContext } from '../check-context.js';

/** Returns a program with sessions to read under faults: the bookable one when there is one. */
export function readProgram(context: CheckContext): string {
  const scenario = context.scenario();
  const withSessions = Object.entries(scenario.sessionIds).find(([, ids]) => ids.length > 0);
  return scenario.bookable?.programId ?? withSessions?.[0] ?? scenario.programIds[0] ?? '';
}

/** Lists the sessions of the read program in the scenario's window. */
export function listReadSessions(context: CheckContext, signal?: AbortSignal) {
  const programId = readProgram(context);
  const window = context.scenario().sessionWindow;
  return context.attempt(
    'listSessions',
    (connectorContext) =>
      context.connector.listSessions(connectorContext, { programId, ...window }),
    signal ? { signal } : {},
  );
}

/** Returns the requests that create a booking: the scenario's match, else every POST. */
export function bookingMatch(context: CheckContext): SandboxFaultMatch {
  return context.scenario().bookingRequest ?? { method: 'POST' };
}

/** Tells whether a logged request matches a fault match, as the sandbox matches faults. */
export function matches(request: SandboxRequest, match: SandboxFaultMatch): boolean {
  if (match.method && match.method.toUpperCase() !== request.method.toUpperCase()) return false;
  return !match.pathPrefix || request.path.startsWith(match.pathPrefix);
}
