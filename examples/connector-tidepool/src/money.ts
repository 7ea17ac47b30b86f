import { decimalToMinor, isConnectorError, type Money } from '@signupassist/contract';
import { malformedError, type FailureScope } from './errors.js';

/**
 * Converts Tidepool's decimal string ("85.50") to integer minor units (8550) without floating
 * point. A value that does not fit the currency is reported as a malformed response.
 */
export function toMoney(price: { amount: string; currency: string }, scope: FailureScope): Money {
  try {
    return decimalToMinor(price.amount, price.currency);
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    throw malformedError(scope, `the price "${price.amount} ${price.currency}" is invalid`);
  }
}
