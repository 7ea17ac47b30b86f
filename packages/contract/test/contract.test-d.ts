import { describe, expectTypeOf, it } from 'vitest';
import type {
  BookingReceipt,
  BookingStatus,
  CapabilityMatrix,
  Connector,
  ConnectorContext,
  ConnectorError,
  ConnectorErrorCode,
  Money,
  Program,
  RegistrationForm,
  RegistrationRequest,
  Session,
} from '../src/index.js';
import { isConnectorError } from '../src/index.js';

describe('public types', () => {
  it('money is integer minor units with a currency', () => {
    expectTypeOf<Money>().toEqualTypeOf<{ amountMinor: number; currency: string }>();
  });

  it('programs and sessions carry zones and prices', () => {
    expectTypeOf<Program['timeZone']>().toBeString();
    expectTypeOf<Program['fromPrice']>().toEqualTypeOf<Money | undefined>();
    expectTypeOf<Program['bookingMode']>().toEqualTypeOf<'api' | 'handoff'>();
    expectTypeOf<Session['start']>().toBeString();
    expectTypeOf<Session['availability']['status']>().toEqualTypeOf<
      'open' | 'full' | 'waitlist' | 'closed'
    >();
  });

  it('registration requests need an idempotency key', () => {
    expectTypeOf<RegistrationRequest['idempotencyKey']>().toBeString();
    expectTypeOf<RegistrationRequest['holdId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<RegistrationRequest['payment']>().toEqualTypeOf<
      { amount: Money; reference: string } | undefined
    >();
    expectTypeOf<RegistrationForm['fields'][number]['scope']>().toEqualTypeOf<
      'guardian' | 'participant' | 'booking'
    >();
  });

  it('receipts have the contract statuses', () => {
    expectTypeOf<BookingStatus>().toEqualTypeOf<
      'confirmed' | 'pending' | 'waitlisted' | 'cancelled' | 'handoff_required'
    >();
    expectTypeOf<BookingReceipt['payment']['method']>().toEqualTypeOf<
      'provider_link' | 'pay_later' | 'paid' | 'stripe_connect' | 'none'
    >();
  });

  it('capabilities allow a hand-off only for book', () => {
    expectTypeOf<CapabilityMatrix['book']>().toEqualTypeOf<
      'native' | 'emulated' | 'handoff' | 'absent'
    >();
    expectTypeOf<CapabilityMatrix['cancel']>().toEqualTypeOf<'native' | 'emulated' | 'absent'>();
  });

  it('connector operations take a typed context', () => {
    type Config = { baseUrl: string };
    type Credentials = { apiKey: string };
    type Book = Connector<Config, Credentials>['book'];
    expectTypeOf<Parameters<Book>[0]>().toEqualTypeOf<ConnectorContext<Config, Credentials>>();
    expectTypeOf<Parameters<Book>[0]['credentials']['apiKey']>().toBeString();
    expectTypeOf<ReturnType<Book>>().toEqualTypeOf<Promise<BookingReceipt>>();
    expectTypeOf<Connector['hold']>().toExtend<
      ((...args: never[]) => Promise<unknown>) | undefined
    >();
  });

  it('isConnectorError narrows', () => {
    const value: unknown = null;
    if (isConnectorError(value)) {
      expectTypeOf(value).toEqualTypeOf<ConnectorError>();
      expectTypeOf(value.code).toEqualTypeOf<ConnectorErrorCode>();
    }
  });
});
