import { z } from 'zod';
import { createSession, expireSession } from './checkout.js';
import { sessionCreateSchema } from './checkout-params.js';
import { pathParam, type RequestContext } from './context.js';
import type { CheckoutSessionObject, LineItemObject, ListObject } from './objects.js';
import { expand, integer, parseParams } from './params.js';
import { listPage } from './lists.js';

const retrieveSchema = z.object({ expand }).strict();
const listSchema = z
  .object({
    payment_intent: z.string().optional(),
    status: z.enum(['open', 'complete', 'expired']).optional(),
    limit: integer.optional(),
    starting_after: z.string().optional(),
    ending_before: z.string().optional(),
    expand,
  })
  .strict();

/** `POST /v1/checkout/sessions`. */
export function createCheckoutSession(context: RequestContext): CheckoutSessionObject {
  const params = parseParams(sessionCreateSchema, context.params);
  return createSession(context.state, context.scope, params);
}

/** `GET /v1/checkout/sessions/:id`. */
export function retrieveCheckoutSession(context: RequestContext): CheckoutSessionObject {
  parseParams(retrieveSchema, context.params);
  return context.state.sessions.get(pathParam(context, 'id'), context.scope);
}

/** `POST /v1/checkout/sessions/:id/expire`. */
export function expireCheckoutSession(context: RequestContext): CheckoutSessionObject {
  parseParams(retrieveSchema, context.params);
  const session = context.state.sessions.get(pathParam(context, 'id'), context.scope);
  return expireSession(context.state, context.scope, session);
}

/** `GET /v1/checkout/sessions`, newest first, filtered by `payment_intent` or `status`. */
export function listCheckoutSessions(context: RequestContext): ListObject<CheckoutSessionObject> {
  const params = parseParams(listSchema, context.params);
  const sessions = context.state.sessions
    .list(context.scope)
    .filter(
      (session) =>
        params.payment_intent === undefined || session.payment_intent === params.payment_intent,
    )
    .filter((session) => params.status === undefined || session.status === params.status)
    .reverse();
  return listPage(sessions, params, '/v1/checkout/sessions');
}

/** `GET /v1/checkout/sessions/:id/line_items`. */
export function listSessionLineItems(context: RequestContext): ListObject<LineItemObject> {
  const params = parseParams(
    listSchema.pick({ limit: true, starting_after: true, ending_before: true, expand: true }),
    context.params,
  );
  const session = context.state.sessions.get(pathParam(context, 'id'), context.scope);
  const items = context.state.lineItems.get(session.id) ?? [];
  return listPage(items, params, `/v1/checkout/sessions/${session.id}/line_items`);
}
