import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AnyConnector } from '@signupassist/contract';
import { z } from 'zod';
import type { LiveTarget } from '../types.js';
import { CliUsageError } from './errors.js';

const VendorFileSchema = z.strictObject({
  vendor: z.strictObject({
    id: z.string().trim().min(1, 'must be the vendor id'),
    displayName: z.string().trim().min(1, "must be the vendor's name"),
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/New_York'),
    config: z.unknown(),
  }),
  credentials: z.unknown(),
  badCredentials: z.unknown().optional(),
});

/** Vendor and credentials of a live run, as `LiveTarget` takes them. */
export type LiveVendor = Pick<LiveTarget, 'vendor' | 'credentials' | 'badCredentials'>;

/**
 * Reads `--vendor FILE` and validates the vendor's config and credentials with the connector's
 * own schemas. `badCredentials`, optional, are credentials the provider rejects, for the
 * `auth_failed` check. Error messages name the path of a bad field but never show a credential
 * value.
 */
export function loadLiveVendor(file: string, cwd: string, connector: AnyConnector): LiveVendor {
  const path = resolve(cwd, file);
  if (!existsSync(path)) {
    throw new CliUsageError(`Vendor file ${file} does not exist (${path}). Correct --vendor.`);
  }

  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    // JSON.parse messages quote part of the input, which may be a credential.
    const detail = error instanceof SyntaxError ? 'it is not valid JSON' : (error as Error).message;
    throw new CliUsageError(`Cannot read vendor file ${path}: ${detail}.`);
  }

  const shape = VendorFileSchema.safeParse(json);
  if (!shape.success) {
    const issue = shape.error.issues[0];
    throw new CliUsageError(
      `Invalid vendor file ${path} at ${(issue?.path ?? []).join('.') || 'the top level'}: ` +
        `${issue?.message}. Expected { "vendor": { "id", "displayName", "timeZone", "config" }, ` +
        '"credentials": { ... } }.',
    );
  }

  const { manifest } = connector;
  const config = manifest.configSchema.safeParse(shape.data.vendor.config);
  if (!config.success) {
    throw new CliUsageError(
      `Invalid vendor file ${path}: vendor.config does not match the ${manifest.id} connector's ` +
        `config schema: ${describeIssues(config.error.issues, false)}.`,
    );
  }
  const credentialCheck = manifest.credentialsSchema.safeParse(shape.data.credentials);
  if (!credentialCheck.success) {
    throw new CliUsageError(
      `Invalid vendor file ${path}: credentials do not match the ${manifest.id} connector's ` +
        `credentials schema: ${describeIssues(credentialCheck.error.issues, true)}.`,
    );
  }

  if (shape.data.badCredentials !== undefined) {
    const bad = manifest.credentialsSchema.safeParse(shape.data.badCredentials);
    if (!bad.success) {
      throw new CliUsageError(
        `Invalid vendor file ${path}: badCredentials must have the shape of valid credentials ` +
          `(the provider rejects them): ${describeIssues(bad.error.issues, true)}.`,
      );
    }
  }

  // The runner parses config and credentials itself, so they go as the file gives them.
  const { vendor, credentials, badCredentials } = shape.data;
  return { vendor: vendor as LiveVendor['vendor'], credentials, badCredentials };
}

/**
 * Lists the failing paths. For credentials only the issue codes appear, because a connector's
 * own schema messages could quote the value.
 */
function describeIssues(issues: readonly z.core.$ZodIssue[], secret: boolean): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.map(String).join('.') || '(root)';
      return secret ? `${path} is invalid (${issue.code})` : `${path}: ${issue.message}`;
    })
    .join('; ');
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
