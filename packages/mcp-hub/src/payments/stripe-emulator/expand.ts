import { invalidRequest } from './errors.js';
import { copyObject } from './objects.js';
import type { EmulatorState, Scope } from './state.js';

type Json = Record<string, unknown>;
type Resolver = (state: EmulatorState, scope: Scope, owner: Json) => unknown;

const byId =
  (
    pick: (state: EmulatorState) => { get(id: string, scope: Scope): object },
    field: string,
  ): Resolver =>
  (state, scope, owner) => {
    const id = owner[field];
    return typeof id === 'string' ? copyObject(pick(state).get(id, scope)) : id;
  };

/** Fields each object type can expand, and how to load the object the id names. */
const EXPANDABLE: Readonly<Record<string, Readonly<Record<string, Resolver>>>> = {
  'checkout.session': {
    payment_intent: byId((state) => state.paymentIntents, 'payment_intent'),
    line_items: (state, _scope, owner) => ({
      object: 'list',
      data: copyObject(state.lineItems.get(owner.id as string) ?? []),
      has_more: false,
      url: `/v1/checkout/sessions/${String(owner.id)}/line_items`,
    }),
  },
  payment_intent: {
    latest_charge: byId((state) => state.charges, 'latest_charge'),
  },
  charge: {
    payment_intent: byId((state) => state.paymentIntents, 'payment_intent'),
    // Application fees belong to the platform whatever the request's account.
    application_fee: (state, _scope, owner) =>
      typeof owner.application_fee === 'string'
        ? copyObject(state.applicationFees.get(owner.application_fee, null))
        : owner.application_fee,
  },
  refund: {
    charge: byId((state) => state.charges, 'charge'),
    payment_intent: byId((state) => state.paymentIntents, 'payment_intent'),
  },
  application_fee: {
    charge: (state, _scope, owner) =>
      copyObject(state.charges.get(owner.charge as string, owner.account as string)),
  },
};

/**
 * Replaces ids in a response copy with the objects they name, for each dotted `expand` path
 * (`payment_intent.latest_charge`, `data.payment_intent` on lists), up to four levels as Stripe
 * allows. A path the emulator cannot expand is a 400, as in Stripe.
 */
export function applyExpand(
  state: EmulatorState,
  scope: Scope,
  response: Json,
  paths: readonly string[],
): Json {
  for (const path of paths) {
    const parts = path.split('.');
    if (parts.length > 4) {
      throw invalidRequest(`You cannot expand more than 4 levels of a property (${path}).`, {
        param: 'expand',
      });
    }
    expandAt(state, scope, response, parts, path);
  }
  return response;
}

function expandAt(
  state: EmulatorState,
  scope: Scope,
  node: Json,
  parts: string[],
  path: string,
): void {
  const [field, ...rest] = parts as [string, ...string[]];
  if (node.object === 'list' && field === 'data' && Array.isArray(node.data)) {
    for (const item of node.data as Json[])
      if (rest.length > 0) expandAt(state, scope, item, rest, path);
    return;
  }

  const resolver = EXPANDABLE[String(node.object)]?.[field];
  if (!resolver) {
    throw invalidRequest(`This property cannot be expanded (${field}).`, { param: 'expand' });
  }
  const current = node[field];
  const expanded =
    current !== null && typeof current === 'object' ? current : resolver(state, scope, node);
  node[field] = expanded;
  if (rest.length > 0 && expanded !== null && typeof expanded === 'object') {
    expandAt(state, scope, expanded as Json, rest, path);
  }
}
