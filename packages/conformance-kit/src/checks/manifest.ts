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

/** Words that mark a secret anywhere in a credential key's name, such as `clientSecret`. */
const SECRET_WORD = /secret|password|passphrase/i;

/** Last words that mark a secret, such as `apiKey`, `access_token` and `SIGNING_KEY`. */
const SECRET_LAST_WORDS = new Set(['key', 'token']);

/**
 * Tells whether a credential key's name marks a secret: it contains secret, password or
 * passphrase, or its last word is key or token, except `publicKey`. A heuristic by name only,
 * so `keyId`, `publicKey` and `tokenUrl` pass unlisted.
 */
function isSecretKeyName(name: string): boolean {
  if (SECRET_WORD.test(name)) return true;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
  const last = words.at(-1);
  if (last === undefined || !SECRET_LAST_WORDS.has(last)) return false;
  return !(last === 'key' && words.at(-2) === 'public');
}

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

    const unlisted = keys.filter((key) => isSecretKeyName(key) && !fields.includes(key));
    ensure(
      unlisted.length === 0,
      `secretFields leaves out credential ${unlisted.length === 1 ? 'key' : 'keys'} ` +
        `${unlisted.map((key) => `"${key}"`).join(', ')}, whose name marks a secret ` +
        '(it contains secret, password or passphrase, or ends in key or token). Add it to ' +
        'secretFields so hosts redact it. A key that holds no secret may be listed too, and ' +
        'hosts then only hide its value.',
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
