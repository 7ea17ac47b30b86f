import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  CapabilityMatrixSchema,
  checkContractRange,
  CONTRACT_VERSION,
  defineConnector,
  narrowCapabilities,
  resolveManifest,
  type AnyConnector,
} from '../src/index.js';

const matrix = CapabilityMatrixSchema.parse({
  catalog: 'native',
  fields: 'native',
  book: 'native',
  cancel: 'native',
  idempotency: 'emulated',
  holds: 'native',
});

function connectorWith(overrides: Partial<AnyConnector['manifest']> = {}, operations = {}) {
  const unused = async () => {
    throw new Error('not called');
  };
  return defineConnector({
    manifest: {
      id: 'example',
      displayName: 'Example',
      version: '1.2.3',
      contractVersion: '^1.0.0',
      capabilities: {
        catalog: 'native',
        fields: 'native',
        book: 'native',
        cancel: 'native',
        idempotency: 'native',
      },
      credentialsSchema: z.object({ token: z.string() }),
      secretFields: ['token'],
      configSchema: z.object({}),
      ...overrides,
    },
    verifyCredentials: unused,
    listPrograms: unused,
    listSessions: unused,
    getRegistrationForm: unused,
    book: unused,
    cancel: unused,
    getBooking: unused,
    ...operations,
  }) as AnyConnector;
}

describe('capability matrix', () => {
  it('defaults optional capabilities to absent', () => {
    expect(matrix.waitlist).toBe('absent');
    expect(matrix.connectPayments).toBe('absent');
  });

  it('lets a vendor narrow', () => {
    const narrowed = narrowCapabilities(matrix, { holds: 'absent', book: 'handoff' });
    expect(narrowed.holds).toBe('absent');
    expect(narrowed.book).toBe('handoff');
    expect(matrix.holds).toBe('native');
  });

  it('rejects widening with a message', () => {
    expect(() => narrowCapabilities(matrix, { waitlist: 'native' })).toThrow(
      /"waitlist" cannot be widened from "absent" to "native"/,
    );
    expect(() => narrowCapabilities(matrix, { idempotency: 'native' })).toThrow(/widened/);
    const handoff = { ...matrix, book: 'handoff' as const };
    expect(() => narrowCapabilities(handoff, { book: 'native' })).toThrow(/widened/);
  });

  it('rejects unknown capabilities', () => {
    expect(() => narrowCapabilities(matrix, { teleport: 'absent' } as never)).toThrow(
      /Unknown capability "teleport"/,
    );
  });
});

describe('contract range', () => {
  it('accepts ranges that include this version', () => {
    expect(checkContractRange('^1.0.0')).toEqual({ compatible: true });
    expect(checkContractRange('>=1.0.0 <2')).toEqual({ compatible: true });
    expect(CONTRACT_VERSION).toBe('1.1.0');
  });

  it('rejects other majors and invalid ranges', () => {
    const other = checkContractRange('^2.0.0');
    expect(other.compatible).toBe(false);
    if (!other.compatible) expect(other.reason).toMatch(/implements contract \^2.0.0/);
    expect(checkContractRange('banana').compatible).toBe(false);
    expect(checkContractRange('^1.1.0', '1.0.0').compatible).toBe(false);
  });
});

describe('resolveManifest', () => {
  it('applies capability defaults', () => {
    expect(resolveManifest(connectorWith()).capabilities.holds).toBe('absent');
  });

  it('rejects a connector outside the contract range', () => {
    expect(() => resolveManifest(connectorWith({ contractVersion: '^2.0.0' }))).toThrow(
      /Connector "example" is not compatible with this hub/,
    );
  });

  it('rejects a declared capability without its operation', () => {
    const capabilities = {
      catalog: 'native',
      fields: 'native',
      book: 'native',
      cancel: 'native',
      idempotency: 'native',
      holds: 'native',
    } as const;
    expect(() => resolveManifest(connectorWith({ capabilities }))).toThrow(/declares "holds"/);
    const withHold = connectorWith(
      { capabilities },
      { hold: async () => ({}), releaseHold: async () => {} },
    );
    expect(resolveManifest(withHold).capabilities.holds).toBe('native');
  });

  it('rejects bad ids and unknown secret fields', () => {
    expect(() => resolveManifest(connectorWith({ id: 'Bad Id' }))).toThrow(/invalid manifest: id/);
    expect(() => resolveManifest(connectorWith({ secretFields: ['password'] }))).toThrow(
      /secret field "password"/,
    );
  });
});
