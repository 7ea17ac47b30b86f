import { isConnectorError, resolveManifest, type ConnectorContext } from '@signupassist/contract';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import {
  CampMinderConfigSchema,
  CampMinderCredentialsSchema,
  campminderConnector,
  createCampMinderConnector,
  type CampMinderConfig,
  type CampMinderConfigInput,
  type CampMinderCredentials,
} from '../src/index.js';

const VALID: CampMinderConfigInput = {
  clientId: 4101,
  seasonId: 2027,
  registrationUrl: 'https://camp.example/register?session={sessionId}&ref={reference}',
  pricing: { currency: 'USD', defaultTuition: 95_000 },
  contact: { email: 'office@camp.example' },
};

/** Returns the first issue of a config as "path: message". */
function firstIssue(input: unknown): string {
  const parsed = CampMinderConfigSchema.safeParse(input);
  if (parsed.success) return 'valid';
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join('.')}: ${issue.message}`;
}

function contextWith(config: unknown): ConnectorContext<CampMinderConfig, CampMinderCredentials> {
  return {
    vendor: {
      id: 'pine-lake',
      displayName: 'Pine Lake Camp',
      timeZone: 'America/New_York',
      config: config as CampMinderConfig,
    },
    credentials: { apiKey: 'cm-test-key-0001', subscriptionKey: 'cm-test-sub-0001' },
    http: { timeoutMs: 1_000 },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    clock: { now: () => new Date('2027-03-01T12:00:00Z') },
    signal: new AbortController().signal,
    requestId: 'test-config',
  };
}

describe('campminder manifest', () => {
  it('passes the contract manifest check', () => {
    const manifest = resolveManifest(campminderConnector);
    expect(manifest.id).toBe('campminder');
    expect(manifest.displayName).toBe('CampMinder');
    expect(manifest.version).toBe(packageJson.version);
    expect(manifest.contractVersion).toBe('^1.1.0');
    expect(manifest.secretFields).toEqual(['apiKey', 'subscriptionKey']);
  });

  it('declares the hand-off capability matrix', () => {
    const { capabilities } = resolveManifest(campminderConnector);
    expect(capabilities).toEqual({
      catalog: 'native',
      fields: 'native',
      book: 'handoff',
      cancel: 'absent',
      idempotency: 'emulated',
      holds: 'absent',
      waitlist: 'absent',
      partialPayments: 'absent',
      refunds: 'absent',
      paymentStatus: 'absent',
      webhooks: 'absent',
      connectPayments: 'absent',
    });
  });
});

describe('campminder credentials schema', () => {
  it('takes both keys', () => {
    expect(
      CampMinderCredentialsSchema.safeParse({ apiKey: 'a', subscriptionKey: 'b' }).success,
    ).toBe(true);
  });

  it.each([
    [{ apiKey: '', subscriptionKey: 'b' }, 'apiKey'],
    [{ apiKey: 'a' }, 'subscriptionKey'],
    [{ apiKey: 'a', subscriptionKey: 'b', token: 'c' }, 'token'],
  ])('rejects %j naming %s', (input, field) => {
    const parsed = CampMinderCredentialsSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain(field);
  });
});

describe('campminder config schema', () => {
  it('applies defaults', () => {
    expect(CampMinderConfigSchema.parse(VALID)).toEqual({
      ...VALID,
      baseUrl: 'https://api.campminder.com',
      prefill: false,
      tagExternalId: true,
    });
  });

  it.each([
    [{ clientId: undefined }, 'clientId', 'client id'],
    [{ clientId: -4 }, 'clientId', 'positive'],
    [{ clientId: 41.5 }, 'clientId', 'whole number'],
    [{ seasonId: 27 }, 'seasonId', '2000 to 2100'],
    [{ seasonId: '2027' }, 'seasonId', 'season year'],
    [{ baseUrl: 'ftp://api.campminder.com' }, 'baseUrl', 'http:// or https://'],
    [{ registrationUrl: undefined }, 'registrationUrl', 'registration page'],
    [{ registrationUrl: 'camp.example/register' }, 'registrationUrl', 'http:// or https://'],
    [{ registrationUrl: 'https://camp.example/{session}' }, 'registrationUrl', '{session}'],
    [{ pricing: { currency: 'usd' } }, 'pricing.currency', 'ISO 4217'],
    [{ pricing: { currency: 'USD', defaultTuition: 950.5 } }, 'pricing.defaultTuition', 'minor'],
    [{ pricing: { currency: 'USD', sessions: { abc: 1 } } }, 'pricing.sessions', 'session ids'],
    [{ pricing: { currency: 'USD', sessions: { '1001': -1 } } }, 'pricing.sessions', 'negative'],
    [{ contact: { name: 'Office' } }, 'contact', 'email, phone or url'],
    [{ contact: { email: 'not-an-email' } }, 'contact.email', 'email address'],
    [{ contact: { url: 'javascript:alert(1)' } }, 'contact.url', 'http:// or https://'],
    [{ prefill: 'yes' }, 'prefill', 'true or false'],
    [{ tagExternalID: false }, '', 'unknown field "tagExternalID"'],
    [{ pricing: { currency: 'USD', price: 1 } }, 'pricing', 'unknown field "price"'],
  ])('rejects %j naming %s', (override, path, fix) => {
    const issue = firstIssue({ ...VALID, ...override });
    expect(issue).not.toBe('valid');
    expect(issue.startsWith(`${path}:`) || issue.includes(path)).toBe(true);
    expect(issue).toContain(fix);
  });

  it('accepts a template with every placeholder and a fixed query', () => {
    const registrationUrl =
      'http://127.0.0.1:4000/portal/register?client=4101&session={sessionId}' +
      '&program={programId}&ref={reference}';
    expect(firstIssue({ ...VALID, registrationUrl })).toBe('valid');
  });

  it('reports an invalid vendor config as invalid_request naming the field', async () => {
    const connector = createCampMinderConnector();
    const error = await connector
      .listPrograms(contextWith({ ...VALID, seasonId: 1999 }))
      .catch((caught: unknown) => caught);
    expect(isConnectorError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('invalid_request');
    expect((error as Error).message).toContain('Pine Lake Camp');
    expect((error as Error).message).toContain('seasonId must be a year from 2000 to 2100');
  });

  it('names a missing field once', async () => {
    const connector = createCampMinderConnector();
    const config: Record<string, unknown> = { ...VALID };
    delete config.contact;
    const error = await connector
      .listPrograms(contextWith(config))
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/invalid: contact: /);
  });

  it('reports cancel as unsupported with the contact details', async () => {
    const connector = createCampMinderConnector();
    const config = {
      ...VALID,
      contact: {
        name: 'the camp office',
        email: 'office@camp.example',
        phone: '+1 518 555 0142',
        url: 'https://camp.example/contact',
      },
    };
    const error = await connector
      .cancel(contextWith(config), { bookingId: 'x' })
      .catch((caught: unknown) => caught);
    expect(isConnectorError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('unsupported');
    expect((error as { retryable: boolean }).retryable).toBe(false);
    const message = (error as Error).message;
    expect(message).toContain('the camp office at Pine Lake Camp');
    expect(message).toContain('email office@camp.example');
    expect(message).toContain('call +1 518 555 0142');
    expect(message).toContain('visit https://camp.example/contact');
  });
});
