import { z } from 'zod';
import { retrieveAccount, retrieveOwnAccount } from './accounts.js';
import { pathParam, type RequestContext } from './context.js';
import { resourceMissing } from './errors.js';
import { listPage } from './lists.js';
import type { AccountObject, ApplicationFeeObject, EventObject, ListObject } from './objects.js';
import { expand, integer, parseParams } from './params.js';

const retrieveSchema = z.object({ expand }).strict();
const eventListSchema = z
  .object({
    type: z.string().optional(),
    types: z.array(z.string()).optional(),
    limit: integer.optional(),
    starting_after: z.string().optional(),
    ending_before: z.string().optional(),
    expand,
  })
  .strict();

/** `GET /v1/accounts/:id`. */
export function retrieveAccountEndpoint(context: RequestContext): AccountObject {
  parseParams(retrieveSchema, context.params);
  return retrieveAccount(context.state, pathParam(context, 'id'), context.scope, context.maskedKey);
}

/** `GET /v1/account`. */
export function retrieveOwnAccountEndpoint(context: RequestContext): AccountObject {
  parseParams(retrieveSchema, context.params);
  return retrieveOwnAccount(context.state, context.scope);
}

/** `GET /v1/application_fees/:id`: fees belong to the platform, so no Stripe-Account header. */
export function retrieveApplicationFee(context: RequestContext): ApplicationFeeObject {
  parseParams(retrieveSchema, context.params);
  return context.state.applicationFees.get(pathParam(context, 'id'), context.scope);
}

/** `GET /v1/events/:id`: an event of a connected account needs its Stripe-Account header. */
export function retrieveEvent(context: RequestContext): EventObject {
  parseParams(retrieveSchema, context.params);
  const id = pathParam(context, 'id');
  const event = context.state.events.find(id);
  if (!event || event.owner !== context.scope) throw resourceMissing('event', id);
  return event.object;
}

/** `GET /v1/events`, newest first, filtered by `type` (a `*` matches any suffix) or `types`. */
export function listEvents(context: RequestContext): ListObject<EventObject> {
  const params = parseParams(eventListSchema, context.params);
  const patterns = params.types ?? (params.type === undefined ? undefined : [params.type]);
  const events = context.state
    .orderedEvents()
    .filter((event) => (event.account ?? null) === context.scope)
    .filter(
      (event) =>
        patterns === undefined || patterns.some((pattern) => typeMatches(pattern, event.type)),
    )
    .reverse();
  return listPage(events, params, '/v1/events');
}

function typeMatches(pattern: string, type: string): boolean {
  return pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type;
}
