import type {
  BookingReceipt,
  Money,
  RegistrationRequest,
  ResolvedManifest,
} from '@signupassist/contract';
import type { CheckContext } from '../check-context.js';
import { ensure, type ConformanceCheck } from '../check.js';
import { bookRequest, expectBookings, readBooking } from './booking-steps.js';

// These checks record payments that were never taken, so they run against the sandbox only. A
// live run would leave those records in the vendor's real accounts.

function declaresConnectPayments(manifest: ResolvedManifest): boolean {
  return manifest.capabilities.connectPayments !== 'absent';
}

function describeMoney(money: Money | undefined): string {
  return money === undefined ? 'none' : `${money.amountMinor} ${money.currency}`;
}

/**
 * Returns the program fee of a request: the scenario's price per participant of its session
 * times the participants. A scenario without that price fails the check, naming `prices`.
 */
function programFee(context: CheckContext, request: RegistrationRequest): Money {
  const price = context.scenario().prices?.[request.sessionId];
  if (!price) {
    context.missingScenario(
      `The sandbox scenario gives no price for session "${request.sessionId}", which the ` +
        'connectPayments checks pay for',
      'List the bookable session in scenario().prices.',
    );
  }
  return {
    amountMinor: price.amountMinor * request.participants.length,
    currency: price.currency,
  };
}

/** Builds a registration of the bookable session that carries its program fee as `payment`. */
async function paidRegistration(
  context: CheckContext,
  label: string,
): Promise<{ request: RegistrationRequest; amount: Money }> {
  const key = context.newKey(label);
  const request = await context.registration(context.target('bookable'), key);
  const amount = programFee(context, request);
  return { request: { ...request, payment: { amount, reference: `ref-${key}` } }, amount };
}

/** Fails unless a receipt's `price.paid` equals the payment sent with the booking. */
function expectPaid(receipt: BookingReceipt, amount: Money, source: string): void {
  const paid = receipt.price.paid;
  ensure(
    paid?.amountMinor === amount.amountMinor && paid.currency === amount.currency,
    `${source} reports price.paid ${describeMoney(paid)} for booking "${receipt.bookingId}" ` +
      `made with a payment of ${describeMoney(amount)}; the provider must record the payment ` +
      'on the booking, and the receipt must report what the provider recorded.',
  );
}

const recorded: ConformanceCheck = {
  id: 'payments.recorded-on-booking',
  title: 'A booking with a payment reports the payment in the receipt',
  level: 'full',
  capability: 'connectPayments',
  writes: true,
  needsSandbox: true,
  appliesTo: declaresConnectPayments,
  async run(context) {
    const { request, amount } = await paidRegistration(context, 'payment');
    const receipt = await bookRequest(context, request);

    expectPaid(receipt, amount, 'book');
    expectBookings(context, request.sessionId, 1, 'after one booking with a payment');
  },
};

const readBack: ConformanceCheck = {
  id: 'payments.read-back-paid',
  title: 'getBooking reads the recorded payment back from the provider',
  level: 'full',
  capability: 'connectPayments',
  writes: true,
  needsSandbox: true,
  appliesTo: declaresConnectPayments,
  async run(context) {
    const { request, amount } = await paidRegistration(context, 'payment-read');
    const receipt = await bookRequest(context, request);

    const readBackReceipt = await readBooking(
      context,
      receipt.bookingId,
      'after a booking with a payment',
    );
    expectPaid(readBackReceipt, amount, 'getBooking');
  },
};

const replayOnce: ConformanceCheck = {
  id: 'payments.replay-recorded-once',
  title: 'A replay with the same key records the payment once',
  level: 'full',
  capability: 'connectPayments',
  writes: true,
  needsSandbox: true,
  appliesTo: declaresConnectPayments,
  async run(context) {
    const sandbox = context.sandbox();
    const { request, amount } = await paidRegistration(context, 'payment-replay');
    const first = await bookRequest(context, request);
    const second = await bookRequest(context, { ...request });

    ensure(
      second.bookingId === first.bookingId,
      `A replay with a payment and the same idempotency key returned booking ` +
        `"${second.bookingId}"; the first call made "${first.bookingId}".`,
    );
    expectBookings(context, request.sessionId, 1, 'after a replay with a payment');
    if (first.externalReference !== undefined) {
      const count = sandbox.bookingCount({ externalReference: first.externalReference });
      ensure(
        count === 1,
        `The provider holds ${count} booking(s) with reference "${first.externalReference}" ` +
          'after a replay with a payment; expected 1.',
      );
    }
    expectPaid(second, amount, 'The replay of book');
    const readBackReceipt = await readBooking(
      context,
      first.bookingId,
      'after a replay with a payment',
    );
    expectPaid(readBackReceipt, amount, 'getBooking after the replay');
  },
};

/** Checks of the optional `connectPayments` capability. */
export const paymentChecks: ConformanceCheck[] = [recorded, readBack, replayOnce];
