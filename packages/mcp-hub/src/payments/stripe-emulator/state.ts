import { resourceMissing } from './errors.js';
import { newId } from './ids.js';
import {
  copyObject,
  type AccountObject,
  type ApplicationFeeObject,
  type ChargeObject,
  type CheckoutSessionObject,
  type EventObject,
  type LineItemObject,
  type Metadata,
  type PaymentIntentObject,
  type RefundObject,
  type StripeObject,
} from './objects.js';

/** The account a request acts for: a connected account id, or `null` for the platform. */
export type Scope = string | null;

/** A stored object with the account that owns it. */
export interface Owned<T> {
  owner: Scope;
  object: T;
}

/** Settings of the PaymentIntent that a Checkout Session creates on completion. */
export interface SessionPaymentData {
  captureMethod: PaymentIntentObject['capture_method'];
  applicationFeeAmount: number | null;
  metadata: Metadata;
  description: string | null;
  receiptEmail: string | null;
  statementDescriptor: string | null;
  statementDescriptorSuffix: string | null;
}

/** Request that caused the events being emitted, for the event's `request` field. */
export interface RequestOrigin {
  id: string | null;
  idempotencyKey: string | null;
}

type EventListener = (event: EventObject) => void;

/** Objects of one kind, owned by the platform or a connected account. */
export class ObjectTable<T extends { id: string }> {
  private readonly rows = new Map<string, Owned<T>>();

  constructor(private readonly objectName: string) {}

  insert(owner: Scope, object: T): T {
    this.rows.set(object.id, { owner, object });
    return object;
  }

  /** Returns the object when `scope` owns it; throws Stripe's 404 otherwise. */
  get(id: string, scope: Scope, param = 'id'): T {
    const row = this.rows.get(id);
    if (!row || row.owner !== scope) throw resourceMissing(this.objectName, id, param);
    return row.object;
  }

  /** Returns the object and its owner whatever the scope, for test helpers and the hosted page. */
  find(id: string): Owned<T> | undefined {
    return this.rows.get(id);
  }

  list(scope: Scope): T[] {
    return [...this.rows.values()].filter((row) => row.owner === scope).map((row) => row.object);
  }

  all(): Owned<T>[] {
    return [...this.rows.values()];
  }
}

/** Settings fixed when the emulator starts. */
export interface StateSettings {
  origin: string;
  apiVersion: string;
  now: () => number;
}

/** All data of one emulator instance. */
export class EmulatorState {
  readonly accounts = new Map<string, AccountObject>();
  readonly sessions = new ObjectTable<CheckoutSessionObject>('checkout.session');
  readonly paymentIntents = new ObjectTable<PaymentIntentObject>('payment_intent');
  readonly charges = new ObjectTable<ChargeObject>('charge');
  readonly refunds = new ObjectTable<RefundObject>('refund');
  readonly applicationFees = new ObjectTable<ApplicationFeeObject>('application_fee');
  readonly events = new ObjectTable<EventObject>('event');
  readonly lineItems = new Map<string, LineItemObject[]>();
  readonly sessionPaymentData = new Map<string, SessionPaymentData>();
  /** Checkout Session of each PaymentIntent that Checkout created. */
  readonly sessionOfPaymentIntent = new Map<string, string>();
  /** Connect application id of the platform, the `application` of its direct charges. */
  readonly applicationId = newId('ca', 24);
  /** Request whose handling is under way; events emitted meanwhile name it. */
  requestOrigin: RequestOrigin = { id: null, idempotencyKey: null };

  private readonly listeners: EventListener[] = [];
  private readonly eventOrder: string[] = [];

  constructor(readonly settings: StateSettings) {}

  /** Current time of the emulator clock, in Unix seconds as Stripe's timestamps are. */
  nowSeconds(): number {
    return Math.floor(this.settings.now() / 1000);
  }

  onEvent(listener: EventListener): void {
    this.listeners.push(listener);
  }

  /**
   * Records an event with a snapshot of `object` and hands it to the listeners. An event of
   * an object on a connected account carries `account`, so that it goes to Connect endpoints.
   */
  emit(
    type: string,
    object: StripeObject,
    owner: Scope,
    previousAttributes?: Record<string, unknown>,
  ): EventObject {
    const event: EventObject = {
      id: newId('evt', 24),
      object: 'event',
      ...(owner === null ? {} : { account: owner }),
      api_version: this.settings.apiVersion,
      created: this.nowSeconds(),
      data: {
        object: copyObject(object),
        ...(previousAttributes === undefined ? {} : { previous_attributes: previousAttributes }),
      },
      livemode: false,
      pending_webhooks: 0,
      request: { id: this.requestOrigin.id, idempotency_key: this.requestOrigin.idempotencyKey },
      type,
    };
    this.events.insert(owner, event);
    this.eventOrder.push(event.id);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Events in the order they were emitted. */
  orderedEvents(): EventObject[] {
    return this.eventOrder.map((id) => (this.events.find(id) as Owned<EventObject>).object);
  }

  /** Runs `action` with events naming `origin` as their request. */
  withRequestOrigin<T>(origin: RequestOrigin, action: () => T): T {
    const previous = this.requestOrigin;
    this.requestOrigin = origin;
    try {
      return action();
    } finally {
      this.requestOrigin = previous;
    }
  }
}
