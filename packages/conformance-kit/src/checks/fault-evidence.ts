import type { SandboxFaultMatch, SandboxRequest } from '@signupassist/contract/testing';
import { fail } from '../check.js';
import { matches } from './fault-steps.js';

/** Logged requests a message lists at most, so that a long log stays readable. */
const LISTED_REQUESTS = 5;

/** Describes logged requests as `GET /path (200)`, `(no response)` for a destroyed connection. */
export function describeRequests(requests: readonly SandboxRequest[]): string {
  const listed = requests.slice(0, LISTED_REQUESTS).map((request) => {
    const status = request.status === undefined ? 'no response' : String(request.status);
    return `${request.method} ${request.path} (${status})`;
  });
  const more = requests.length - listed.length;
  return more > 0 ? `${listed.join(', ')} and ${more} more` : listed.join(', ');
}

/** Describes a fault match as `POST /bookings*`, the way `scenario().bookingRequest` reads. */
export function describeMatch(match: SandboxFaultMatch): string {
  return `${match.method?.toUpperCase() ?? 'any method'} ${match.pathPrefix ?? ''}*`;
}

/**
 * Fails unless the sandbox's request log shows that an injected fault applied to a request of
 * `operation`. An empty log means the connector sent nothing, so that message names the
 * connector. Requests without the fault's trace mean the sandbox ignored `injectFault`, so that
 * message names the sandbox: a check must not pass, or blame the connector, for a fault that
 * never fired.
 */
export function expectFaultFired(
  logged: readonly SandboxRequest[],
  fired: (request: SandboxRequest) => boolean,
  operation: string,
  fault: string,
): void {
  if (logged.length === 0) {
    fail(`${operation} made no provider request, so no ${fault} was answered.`);
  }
  if (logged.some(fired)) return;
  fail(
    `The sandbox answered none of the ${logged.length} ` +
      `${logged.length === 1 ? 'request' : 'requests'} of ${operation} with the ` +
      `injected ${fault} (it logged ${describeRequests(logged)}), so the fault never fired. ` +
      "Fix the sandbox's injectFault() or its requests() log.",
  );
}

/**
 * Fails unless the sandbox's request log shows an injected fault on the booking write that
 * `match` (the scenario's `bookingRequest`) selects. With no matching request in a non-empty
 * log, the message names `scenario().bookingRequest`, which most likely names the wrong method
 * or path, since the connector did talk to the provider.
 */
export function expectBookingFaultFired(
  logged: readonly SandboxRequest[],
  match: SandboxFaultMatch,
  fired: (request: SandboxRequest) => boolean,
  fault: string,
): void {
  if (logged.length === 0) {
    fail(`book made no provider request, so no ${fault} was answered.`);
  }
  const writes = logged.filter((request) => matches(request, match));
  if (writes.length === 0) {
    fail(
      `No request of book matches the sandbox's scenario().bookingRequest ` +
        `(${describeMatch(match)}), so the injected ${fault} never fired; the sandbox logged ` +
        `${describeRequests(logged)}. Fix bookingRequest to select the booking write, with a ` +
        "pathPrefix relative to the sandbox's url, or fix its requests() log.",
    );
  }
  if (writes.some(fired)) return;
  fail(
    `The sandbox answered every booking request of book without the injected ${fault} ` +
      `(it logged ${describeRequests(writes)}), so the fault never fired. Fix the sandbox's ` +
      'injectFault() or its requests() log.',
  );
}
