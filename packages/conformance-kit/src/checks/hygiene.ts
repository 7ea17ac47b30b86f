import { inspect } from 'node:util';
import { isConnectorError, isConnectorErrorCode } from '@signupassist/contract';
import type { CheckContext } from '../check-context.js';
import { ensure, type ConformanceCheck } from '../check.js';
import { describeError, stringValues } from '../errors-text.js';
import { secretForms } from '../secret-forms.js';

/** Shortest credential value the leak scan looks for; shorter ones match ordinary text. */
export const MIN_SECRET_LENGTH = 4;

const UNKNOWN_ID = 'conformance-unknown-id';

/** Makes calls that must fail, so that the run's error record has errors even when run alone. */
async function probeFailures(context: CheckContext): Promise<void> {
  const { connector } = context;
  await context.expectError(
    'getBooking',
    (connectorContext) => connector.getBooking(connectorContext, { bookingId: UNKNOWN_ID }),
    ['not_found'],
    `for booking id "${UNKNOWN_ID}", which does not exist`,
  );
  await context.expectError(
    'getRegistrationForm',
    (connectorContext) =>
      connector.getRegistrationForm(connectorContext, { programId: UNKNOWN_ID }),
    ['not_found'],
    `for program id "${UNKNOWN_ID}", which does not exist`,
  );
  // Cancelling sends a write, so a live run sends it only where writes are allowed.
  const { live } = context.environment;
  const mayWrite = live === undefined || live.allowWrites === true;
  if (mayWrite && context.capabilities !== undefined && context.capabilities.cancel !== 'absent') {
    await context.expectError(
      'cancel',
      (connectorContext) => connector.cancel(connectorContext, { bookingId: UNKNOWN_ID }),
      ['not_found'],
      `for booking id "${UNKNOWN_ID}", which does not exist`,
    );
  }
  if (context.environment.badCredentials !== undefined) {
    await context.attempt(
      'verifyCredentials',
      (connectorContext) => connector.verifyCredentials(connectorContext),
      { credentials: context.environment.badCredentials },
    );
  }
}

const connectorErrorsOnly: ConformanceCheck = {
  id: 'hygiene.connector-errors-only',
  title: 'Every error the connector throws is a ConnectorError with a contract code',
  level: 'catalog',
  writes: false,
  async run(context) {
    await probeFailures(context);
    const wrong = context.environment.recorder.errors.filter(
      ({ error }) => !isConnectorError(error) || !isConnectorErrorCode(error.code),
    );
    ensure(
      wrong.length === 0,
      `${wrong.length} error(s) were not ConnectorErrors with a contract code, first: ` +
        wrong
          .slice(0, 3)
          .map(
            ({ check, operation, error }) =>
              `${operation} in ${check} threw ${describeError(error)}`,
          )
          .join('; '),
    );
  },
};

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

/**
 * Renders a value as a logger or console shows it, including what JSON leaves out: error
 * messages, stacks and causes, the errors of an AggregateError, and Map and Headers entries.
 */
function inspected(value: unknown): string {
  try {
    return inspect(value, {
      depth: 10,
      breakLength: Infinity,
      maxArrayLength: Infinity,
      maxStringLength: Infinity,
    });
  } catch {
    return '';
  }
}

/**
 * Returns the texts of an error a host may show or log: message, JSON, its inspected form,
 * details and causes.
 */
function errorTexts(error: unknown): string[] {
  const texts: string[] = [inspected(error)];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    if (current instanceof Error) texts.push(current.message, current.stack ?? '');
    texts.push(safeJson(current));
    if (isConnectorError(current)) texts.push(safeJson(current.details));
    current = (current as { cause?: unknown }).cause;
  }
  return texts;
}

/** Names each credential value by its key path, so a finding never repeats the value. */
function namedSecrets(context: CheckContext): { name: string; key: string; value: string }[] {
  const { credentials, badCredentials } = context.environment;
  const named: { name: string; key: string; value: string }[] = [];
  for (const [label, value] of [
    ['credentials', credentials],
    ['rejected credentials', badCredentials],
  ] as const) {
    if (typeof value !== 'object' || value === null) continue;
    for (const [key, field] of Object.entries(value)) {
      for (const text of stringValues(field)) {
        named.push({ name: `${label}.${key}`, key, value: text });
      }
    }
  }
  return named.filter((secret) => secret.value.length >= MIN_SECRET_LENGTH);
}

const noCredentialLeak: ConformanceCheck = {
  id: 'hygiene.no-credential-leak',
  title:
    'No credential value appears in any error or log line, nor a secret one in any result, of the whole run',
  level: 'catalog',
  writes: false,
  async run(context) {
    await probeFailures(context).catch(() => undefined);
    const { recorder } = context.environment;
    const findings: string[] = [];
    const logTexts = recorder.logLines.map(
      (line) => `${line.message} ${safeJson(line.fields)} ${inspected(line.fields)}`,
    );
    const errorTextLists = recorder.errors.map(({ error }) => errorTexts(error));
    const resultTexts = recorder.results.map(({ value }) => safeJson(value));
    const secretFields: unknown = context.connector.manifest.secretFields;
    const secretKeys = new Set(Array.isArray(secretFields) ? secretFields : []);
    for (const secret of namedSecrets(context)) {
      const forms = secretForms(secret.value);
      const reveals = (text: string) => forms.some((form) => text.includes(form));
      for (const [index, line] of recorder.logLines.entries()) {
        if (reveals(logTexts[index]!)) {
          findings.push(
            `${secret.name} in ${line.level} log line "${line.message}" (${line.check})`,
          );
        }
      }
      for (const [index, { check, operation }] of recorder.errors.entries()) {
        if (errorTextLists[index]!.some(reveals)) {
          findings.push(`${secret.name} in an error ${operation} threw (${check})`);
        }
      }
      // Results may carry credential values that are not secret, such as an account id that
      // verifyCredentials returns, so only the manifest's secret fields are looked for there.
      if (!secretKeys.has(secret.key)) continue;
      for (const [index, { check, operation }] of recorder.results.entries()) {
        if (reveals(resultTexts[index]!)) {
          findings.push(`${secret.name} in what ${operation} returned (${check})`);
        }
      }
    }
    ensure(
      findings.length === 0,
      `Credential values leaked: ${findings.slice(0, 5).join('; ')}` +
        `${findings.length > 5 ? `; and ${findings.length - 5} more` : ''}.`,
    );
  },
};

/** Checks that read the whole run; they come last. */
export const hygieneChecks: ConformanceCheck[] = [connectorErrorsOnly, noCredentialLeak];
