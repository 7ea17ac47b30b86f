import {
  decimalToMinor,
  isConnectorError,
  minorToDecimal,
  type Money,
} from '@signupassist/contract';
import type { BookeoMoney } from './bookeo-api.js';
import { malformedPayloadError, type FailureScope } from './errors.js';

/**
 * Converts Bookeo money (a decimal string) to contract money in exact minor units. An amount
 * the currency cannot hold is reported as a malformed response naming `field`.
 */
export function toMoney(money: BookeoMoney, scope: FailureScope, field: string): Money {
  try {
    return decimalToMinor(money.amount, money.currency);
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    throw malformedPayloadError(scope, `field "${field}" is not an amount in an ISO 4217 currency`);
  }
}

/** Converts contract money to Bookeo money, with all the currency's decimals ("85.00", "500"). */
export function toBookeoMoney(money: Money): BookeoMoney {
  return { amount: minorToDecimal(money), currency: money.currency };
}
