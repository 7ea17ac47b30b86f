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

const EXPANDABLE_FIELDS = new Set([
  'data',
  ...Object.values(EXPANDABLE).flatMap((fields) => Object.keys(fields)),
]);

/**
 * Checks `expand` paths before the request runs, so that a typo does not leave a created
 * object behind a 400: at most four levels, each a field some object can expand.
 */
export function checkExpandPaths(paths: readonly string[]): void {
  for (const path of paths) {
    const parts = path.split('.');
    if (parts.length > 4) {
      throw invalidRequest(`You cannot expand more than 4 levels of a property (${path}).`, {
        param: 'expand',
      });
    }
    const unknown = parts.find((part) => !EXPANDABLE_FIELDS.has(part));
    if (unknown !== undefined) {
      throw invalidRequest(`This property cannot be expanded (${unknown}).`, { param: 'expand' });
    }
  }
}

/**
 * Replaces ids in a response copy with the objects they name, for each dotted `expand` path
 * (`payment_intent.latest_charge`, or `data.payment_intent` on lists). A field the object at
 * that point cannot expand is a 400, as in Stripe.
 */
export function applyExpand(
  state: EmulatorState,
  scope: Scope,
  response: Json,
  paths: readonly string[],
): Json {
  for (const path of paths) expandAt(state, scope, response, path.split('.'));
  return response;
}

function expandAt(state: EmulatorState, scope: Scope, node: Json, parts: string[]): void {
  const [field, ...rest] = parts as [string, ...string[]];
  if (node.object === 'list' && field === 'data' && Array.isArray(node.data)) {
    if (rest.length === 0) return;
    for (const item of node.data as Json[]) expandAt(state, scope, item, rest);
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
    expandAt(state, scope, expanded as Json, rest);
  }
}
