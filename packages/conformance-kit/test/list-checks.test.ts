import { readFileSync } from 'node:fs';
import { ConnectorError, type AnyConnector } from '@signupassist/contract';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import { describe, expect, it } from 'vitest';
import { CHECK_IDS, highestLevel, listChecks } from '../src/index.js';
import { alteredBookeo } from './runner-support.js';

const handoffConnector: AnyConnector = alteredBookeo((base) => ({
  manifest: { ...base.manifest, capabilities: { ...base.manifest.capabilities, book: 'handoff' } },
}));

describe('listChecks', () => {
  it('defaults to the highest level', () => {
    const checks = listChecks(createBookeoConnector());

    expect(highestLevel(createBookeoConnector())).toBe('full');
    expect(checks.map((check) => check.id)).toContain('idempotency.replay-no-second-booking');
    expect(checks.map((check) => check.id)).toContain('holds.expired-hold-expired');
    expect(checks.at(-1)?.id).toBe('hygiene.no-credential-leak');
  });

  it('leaves writes out at catalog', () => {
    const checks = listChecks(createBookeoConnector(), 'catalog');

    expect(checks.every((check) => check.level === 'catalog')).toBe(true);
    expect(checks.some((check) => check.writes)).toBe(false);
  });

  it('uses stable unique ids', () => {
    expect(new Set(CHECK_IDS).size).toBe(CHECK_IDS.length);
    for (const id of CHECK_IDS) expect(id).toMatch(/^[a-z]+\.[a-z0-9-]+$/);
  });

  it('appear in the README', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const fixed = CHECK_IDS.filter((id) => !id.startsWith('capabilities.'));

    for (const id of fixed) expect(readme, id).toContain(`\`${id}\``);
  });

  it('lists hand-off checks for hand-off connectors', () => {
    const ids = listChecks(handoffConnector).map((check) => check.id);

    expect(highestLevel(handoffConnector)).toBe('handoff');
    expect(ids).toContain('handoff.receipt');
    expect(ids).toContain('handoff.status-read-back');
    expect(ids).not.toContain('booking.read-back');
  });

  it('rejects a level above the manifest', () => {
    expect(() => listChecks(handoffConnector, 'full')).toThrow(/book "handoff"/);
  });

  it('drops holds checks without holds', () => {
    const connector = alteredBookeo((base) => ({
      manifest: {
        ...base.manifest,
        capabilities: { ...base.manifest.capabilities, holds: 'absent' },
      },
      hold: undefined,
      releaseHold: undefined,
    }));
    const ids = listChecks(connector).map((check) => check.id);

    expect(ids.some((id) => id.startsWith('holds.'))).toBe(false);
  });

  it('lists payment checks for connectPayments', () => {
    const checks = listChecks(createBookeoConnector());
    const ids = checks.map((check) => check.id);
    const payments = checks.filter((check) => check.id.startsWith('payments.'));

    expect(ids).toContain('payments.recorded-on-booking');
    expect(ids).toContain('payments.read-back-paid');
    expect(ids).toContain('payments.replay-recorded-once');
    expect(ids.some((id) => id.startsWith('capabilities.'))).toBe(false);
    for (const check of payments) {
      expect(check.level, check.id).toBe('full');
      expect(check.capability, check.id).toBe('connectPayments');
      expect(check.needsSandbox, check.id).toBe(true);
    }
  });

  it('drops payment checks without connectPayments', () => {
    const connector = alteredBookeo((base) => ({
      manifest: {
        ...base.manifest,
        capabilities: { ...base.manifest.capabilities, connectPayments: 'absent' },
      },
    }));
    const ids = listChecks(connector).map((check) => check.id);

    expect(ids.some((id) => id.startsWith('payments.'))).toBe(false);
    expect(ids).not.toContain('capabilities.connect-payments');
  });

  it('marks sandbox-only checks', () => {
    const pagination = listChecks(createBookeoConnector()).find(
      (check) => check.id === 'catalog.pagination-complete',
    );

    expect(pagination?.needsSandbox).toBe(true);
    expect(new ConnectorError('not_found', 'x').code).toBe('not_found');
  });
});
