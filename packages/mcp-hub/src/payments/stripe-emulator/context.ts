import type { FormObject } from './form.js';
import type { StripeObject, ListObject } from './objects.js';
import type { EmulatorState, Scope } from './state.js';

/** One API request as an endpoint receives it. */
export interface RequestContext {
  state: EmulatorState;
  /** Connected account of the `Stripe-Account` header, or `null` for the platform. */
  scope: Scope;
  /** Decoded body (POST) or query (GET) parameters. */
  params: FormObject;
  /** Values of the route's `:name` segments. */
  pathParams: Record<string, string>;
  /** The secret key with all but its last four characters hidden, for error messages. */
  maskedKey: string;
}

/** Result of an endpoint: one object or a list, before `expand` is applied. */
export type EndpointResult = StripeObject | ListObject<unknown>;

/** An API endpoint of the emulator. Throws `StripeApiError` for Stripe's error responses. */
export type Endpoint = (context: RequestContext) => EndpointResult;

/** Returns the `:name` segment of a route, which the router always fills. */
export function pathParam(context: RequestContext, name: string): string {
  return context.pathParams[name] ?? '';
}
