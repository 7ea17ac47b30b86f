import type { StartConformanceSandbox } from '@signupassist/contract/testing';

/** Wraps a sandbox start function so that the sandbox drops every fault it is asked to inject. */
export function faultIgnoringSandbox(start: StartConformanceSandbox): StartConformanceSandbox {
  return async (options) => {
    const sandbox = await start(options);
    return { ...sandbox, injectFault: () => {} };
  };
}

/**
 * Wraps a sandbox start function so that its scenario's `bookingRequest` repeats the base path
 * (`/v1/bookings`), a prefix no logged path starts with, so booking faults never fire.
 */
export function wrongBookingPathSandbox(start: StartConformanceSandbox): StartConformanceSandbox {
  return async (options) => {
    const sandbox = await start(options);
    return {
      ...sandbox,
      scenario: () => ({
        ...sandbox.scenario(),
        bookingRequest: { method: 'POST', pathPrefix: '/v1/bookings' },
      }),
    };
  };
}
