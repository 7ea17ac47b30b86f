import { ConnectorError, type ConnectorContext } from '@signupassist/contract';
import type { z } from 'zod';
import {
  CampMinderConfigSchema,
  CampMinderCredentialsSchema,
  type CampMinderConfig,
  type CampMinderCredentials,
} from './config.js';

/** The context of a CampMinder connector operation. */
export type CampMinderContext = ConnectorContext<CampMinderConfig, CampMinderCredentials>;

/**
 * Formats the first issue of a config as "path: message", or as the message alone when the
 * message already names the field.
 */
function describeConfigIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.join('.') ?? '';
  const message = issue?.message ?? 'is invalid';
  const field = issue?.path.at(-1);
  if (!path || (typeof field === 'string' && message.includes(field))) return message;
  return `${path}: ${message}`;
}

/** Reads the connector config, applying defaults a host may have skipped. */
export function readConfig(context: CampMinderContext): CampMinderConfig {
  const parsed = CampMinderConfigSchema.safeParse(context.vendor.config ?? {});
  if (parsed.success) return parsed.data;

  throw new ConnectorError(
    'invalid_request',
    `The CampMinder config of vendor "${context.vendor.displayName}" is invalid: ` +
      `${describeConfigIssue(parsed.error)}.`,
    { vendorId: context.vendor.id },
  );
}

export function readCredentials(context: CampMinderContext): CampMinderCredentials {
  const parsed = CampMinderCredentialsSchema.safeParse(context.credentials);
  if (parsed.success) return parsed.data;

  // The schema's own messages name the field and the fix, never a value. Other messages are
  // replaced by the field name alone.
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'credentials';
  const problem =
    issue !== undefined && issue.path.length > 0 && issue.message.startsWith(field)
      ? issue.message
      : `${field} is missing or invalid`;
  throw new ConnectorError(
    'auth_failed',
    `The CampMinder credentials of vendor "${context.vendor.displayName}" are invalid: ` +
      `${problem}.`,
    { vendorId: context.vendor.id },
  );
}
