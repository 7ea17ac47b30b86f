import {
  ConnectorError,
  type ConnectorErrorCode,
  type VendorContact,
} from '@signupassist/contract';

/**
 * Codes whose connector messages are shown unchanged. The contract requires connectors to word
 * them for the family, and a generic text would lose their per-field or per-session facts.
 */
const KEPT_CODES: ReadonlySet<ConnectorErrorCode> = new Set([
  'invalid_fields',
  'sold_out',
  'hold_expired',
]);

/** Errors this module made, so that rewriting one again returns it unchanged. */
const rewritten = new WeakSet<ConnectorError>();

/**
 * Origin of an error: the provider or connector, or the hub's own set-up of the vendor
 * (connector, config, credentials, time zone).
 */
export type ErrorOrigin = 'provider' | 'setup';

/** Message per code, naming the vendor and what the family can do next. */
function messageFor(code: ConnectorErrorCode, vendor: string, origin: ErrorOrigin): string {
  if (origin === 'setup') {
    return `${vendor} is not set up correctly in the hub, so it cannot take requests right now. Try again later, or contact ${vendor} directly.`;
  }
  switch (code) {
    case 'not_found':
      return `${vendor} could not find what was requested; it may have changed. Search again for current programs and sessions.`;
    case 'registration_closed':
      return `Registration for this session is closed at ${vendor}. Choose another session.`;
    case 'auth_failed':
      return `${vendor} cannot be reached through the hub right now because its booking system did not accept the hub's access. Try again later, or contact ${vendor} directly.`;
    case 'permission_denied':
      return `${vendor} does not allow this through the hub. Register on ${vendor}'s own booking page, or contact ${vendor}.`;
    case 'rate_limited':
      return `${vendor}'s booking system is busy. Try again in a minute.`;
    case 'provider_unavailable':
      return `${vendor}'s booking system could not be reached. Try again in a few minutes.`;
    case 'timeout':
      return `${vendor}'s booking system did not respond in time. Try again in a few minutes.`;
    case 'outcome_unknown':
      return `${vendor} did not confirm whether the request went through. Repeat the same step in a minute; the hub will not book twice.`;
    case 'conflict':
      return `${vendor}'s records changed while this request ran. Check the session again, then retry.`;
    case 'idempotency_mismatch':
      return `${vendor} already has a different booking under this registration's reference. Prepare a new registration, or contact ${vendor}.`;
    case 'unsupported':
      return `${vendor} does not support this through the hub. Contact ${vendor} directly.`;
    default:
      return `${vendor} could not process this request. Try again later, or contact ${vendor} if it keeps happening.`;
  }
}

/** Lists a vendor's contact channels as a phrase, such as `email a@b.org or call +1 555 0100`. */
function contactChannels(contact: VendorContact): string | undefined {
  const channels = [
    contact.email ? `email ${contact.email}` : undefined,
    contact.phone ? `call ${contact.phone}` : undefined,
    contact.url ? `visit ${contact.url}` : undefined,
  ].filter((channel): channel is string => channel !== undefined);
  if (channels.length === 0) return undefined;
  if (channels.length === 1) return channels[0];
  return `${channels.slice(0, -1).join(', ')} or ${channels.at(-1)}`;
}

/** Builds the family's message of an `unsupported` error that names where to turn instead. */
function unsupportedWithContact(vendor: string, contact: VendorContact): string | undefined {
  const channels = contactChannels(contact);
  if (!channels) return undefined;
  const contactName = contact.name ? `${contact.name} at ${vendor}` : vendor;
  return `${vendor} does not support this through the hub. Contact ${contactName}: ${channels}.`;
}

/**
 * Rewrites the message of an error from a connector or from vendor routing for the family.
 * Connector messages may name HTTP methods, paths, status codes and config or credential
 * fields. Those belong in the operator's logs, so the caller logs the original before calling
 * this. Code, retry advice, fields, vendor and details are kept, and the original becomes the
 * cause.
 */
export function familyError(
  error: ConnectorError,
  vendorName: string,
  origin: ErrorOrigin = 'provider',
): ConnectorError {
  if (KEPT_CODES.has(error.code) || rewritten.has(error)) return error;
  const withContact =
    origin === 'provider' && error.code === 'unsupported' && error.contact
      ? unsupportedWithContact(vendorName, error.contact)
      : undefined;
  const message = withContact ?? messageFor(error.code, vendorName, origin);
  const family = new ConnectorError(error.code, message, {
    retryable: error.retryable,
    cause: error,
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    ...(error.fields === undefined ? {} : { fields: error.fields }),
    ...(error.vendorId === undefined ? {} : { vendorId: error.vendorId }),
    ...(error.details === undefined ? {} : { details: error.details }),
    ...(error.contact === undefined ? {} : { contact: error.contact }),
  });
  rewritten.add(family);
  return family;
}
