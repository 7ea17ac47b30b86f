import type { AuditEntry, VendorView } from '@signupassist/mcp-hub';

/** Lays rows out as a plain-text table with a header row, columns padded to their widest cell. */
export function formatTable(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

function date(value: Date | string | undefined): string {
  if (value === undefined) return '-';
  const parsed = value instanceof Date ? value : new Date(value);
  return Number.isNaN(parsed.getTime()) ? String(value) : parsed.toISOString();
}

/** Formats the vendor list of `vendors list`. */
export function formatVendorTable(vendors: readonly VendorView[]): string {
  if (vendors.length === 0) return 'No vendors. Add one with "vendors add" or "vendors import".\n';
  return formatTable(
    ['ID', 'STATUS', 'CONNECTOR', 'NAME', 'CREDENTIALS', 'VERIFIED'],
    vendors.map((vendor) => [
      vendor.id,
      vendor.status,
      vendor.connector,
      vendor.displayName,
      vendor.credentials?.fingerprint ?? '-',
      vendor.lastVerification
        ? `${vendor.lastVerification.valid ? 'ok' : 'failed'} ${date(vendor.lastVerification.at)}`
        : '-',
    ]),
  );
}

/** Formats one vendor with its audit log for `vendors show`. Holds no secret value. */
export function formatVendor(vendor: VendorView, audit: readonly AuditEntry[]): string {
  const verification = vendor.lastVerification;
  const lines = [
    `id:             ${vendor.id}`,
    `name:           ${vendor.displayName}`,
    `status:         ${vendor.status}`,
    `connector:      ${vendor.connector}`,
    `time zone:      ${vendor.timeZone}`,
    `config:         ${JSON.stringify(vendor.config)}`,
    `capabilities:   ${vendor.capabilityOverrides ? JSON.stringify(vendor.capabilityOverrides) : 'as the connector declares'}`,
    `payments:       ${vendor.payments ? JSON.stringify(vendor.payments) : 'none (no success fee)'}`,
    `credentials:    ${
      vendor.credentials
        ? `fingerprint ${vendor.credentials.fingerprint}, key ${vendor.credentials.keyId}, set ${date(vendor.credentials.updatedAt)}`
        : 'not set'
    }`,
    `verification:   ${
      verification
        ? `${verification.valid ? 'valid' : 'invalid'} at ${date(verification.at)}` +
          (verification.accountId ? `, account ${verification.accountId}` : '') +
          (verification.problems?.length ? `: ${verification.problems.join('; ')}` : '')
        : 'never verified'
    }`,
    `created:        ${date(vendor.createdAt)}`,
    `updated:        ${date(vendor.updatedAt)}`,
    '',
    'audit log:',
  ];
  if (audit.length === 0) lines.push('  (empty)');
  for (const entry of audit) {
    const details = Object.keys(entry.details).length ? ` ${JSON.stringify(entry.details)}` : '';
    lines.push(`  ${date(entry.at)}  ${entry.actor}  ${entry.action}${details}`);
  }
  return lines.join('\n') + '\n';
}
