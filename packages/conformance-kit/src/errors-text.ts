import { isConnectorError } from '@signupassist/contract';
import { secretForms } from './secret-forms.js';

/** Describes a thrown value in one line for a check message: code and message when it has them. */
export function describeError(error: unknown): string {
  if (isConnectorError(error)) return `ConnectorError "${error.code}": ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `a non-error value (${typeof error})`;
}

/**
 * Replaces every occurrence of each secret in `text`, plain or in the encoded forms of
 * {@link secretForms}, with `[redacted]`.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    for (const form of secretForms(secret)) result = result.split(form).join('[redacted]');
  }
  return result;
}

/** Collects every string value inside a value: object properties and array items, recursively. */
export function stringValues(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  return Object.values(value).flatMap((item) => stringValues(item, seen));
}
