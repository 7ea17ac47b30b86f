import {
  checkContractRange,
  CONTRACT_VERSION,
  isConnectorError,
  resolveManifest,
} from '@signupassist/contract';
import { z } from 'zod';
import { ensure, fail, type ConformanceCheck } from '../check.js';

const manifestValid: ConformanceCheck = {
  id: 'manifest.valid',
  title: "The manifest is valid and its contract range includes the kit's contract version",
  level: 'catalog',
  writes: false,
  async run(context) {
    const manifest = context.connector.manifest;
    try {
      resolveManifest(context.connector);
    } catch (error) {
      if (!isConnectorError(error)) throw error;
      fail(error.message);
    }
    const compatibility = checkContractRange(manifest.contractVersion, CONTRACT_VERSION);
    if (!compatibility.compatible) {
      fail(`The manifest's contract range does not fit this kit: ${compatibility.reason}`);
    }
  },
};

/** Returns the top-level keys a credentials schema accepts, when it is an object schema. */
function credentialKeys(schema: unknown): string[] | undefined {
  const shape = (schema as { shape?: unknown } | undefined)?.shape;
  if (typeof shape === 'object' && shape !== null) return Object.keys(shape);
  try {
    const json = z.toJSONSchema(schema as z.ZodType, { unrepresentable: 'any' });
    const properties = (json as { properties?: Record<string, unknown> }).properties;
    return properties ? Object.keys(properties) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Credential key names that usually hold a secret, such as `apiKey`, `secretKey`,
 * `clientSecret`, `password` and `accessToken`. A heuristic: it flags a key by its name only.
 */
const SECRET_KEY_NAME = /secret|password|token|key/i;

const secretFields: ConformanceCheck = {
  id: 'manifest.secret-fields',
  title: 'The manifest marks the secret fields of its credentials schema',
  level: 'catalog',
  writes: false,
  async run(context) {
    const manifest = context.connector.manifest;
    const fields: unknown = manifest.secretFields;
    ensure(
      Array.isArray(fields) && fields.length > 0,
      'The manifest lists no secretFields. List every credential key whose value is secret, ' +
        'so hosts redact it.',
    );
    const keys = credentialKeys(manifest.credentialsSchema);
    ensure(keys, 'The credentials schema is not an object schema, so its keys cannot be checked.');
    const unknown = (fields as unknown[]).filter(
      (field) => typeof field !== 'string' || !keys.includes(field),
    );
    ensure(
      unknown.length === 0,
      `secretFields lists ${unknown.map((field) => JSON.stringify(field)).join(', ')}, which the ` +
        `credentials schema does not have (its keys: ${keys.join(', ')}).`,
    );

    const unlisted = keys.filter((key) => SECRET_KEY_NAME.test(key) && !fields.includes(key));
    ensure(
      unlisted.length === 0,
      `secretFields leaves out credential ${unlisted.length === 1 ? 'key' : 'keys'} ` +
        `${unlisted.map((key) => `"${key}"`).join(', ')}, whose name marks a secret ` +
        '(secret, password, token or key). Add it to secretFields so hosts redact it.',
    );
  },
};

const vendorParses: ConformanceCheck = {
  id: 'manifest.schemas-accept-vendor',
  title: "The config and credentials schemas accept the test vendor's values",
  level: 'catalog',
  writes: false,
  async run(context) {
    const problem = context.environment.vendorProblem;
    if (problem) fail(problem);
  },
};

/** Checks of the connector's manifest. */
export const manifestChecks: ConformanceCheck[] = [manifestValid, secretFields, vendorParses];
