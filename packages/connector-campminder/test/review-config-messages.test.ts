import { isConnectorError, type ConnectorContext } from '@signupassist/contract';
import { describe, expect, it } from 'vitest';
import {
  CampMinderConfigSchema,
  createCampMinderConnector,
  type CampMinderConfig,
  type CampMinderCredentials,
} from '../src/index.js';

const VALID = {
  clientId: 4101,
  seasonId: 2027,
  registrationUrl: 'https://camp.example/register?session={sessionId}&ref={reference}',
  pricing: { currency: 'USD', defaultTuition: 95_000 },
  contact: { email: 'office@camp.example' },
};

function withoutField(field: 'pricing' | 'contact'): Record<string, unknown> {
  const config: Record<string, unknown> = { ...VALID };
  delete config[field];
  return config;
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
    requestId: 'review-config',
  };
}

// Each case: the config, the field path the message must name, and a piece of the fix.
const CASES: [string, unknown, string, string][] = [
  ['missing pricing', withoutField('pricing'), 'pricing', '"currency": "USD"'],
  ['missing contact', withoutField('contact'), 'contact', 'email, phone or url'],
  ['contact as text', { ...VALID, contact: 'office@camp.example' }, 'contact', 'email'],
  ['missing currency', { ...VALID, pricing: {} }, 'pricing.currency', 'such as USD'],
  [
    'tuition as text',
    { ...VALID, pricing: { currency: 'USD', defaultTuition: '95000' } },
    'pricing.defaultTuition',
    'such as 125000',
  ],
  [
    'session prices as a list',
    { ...VALID, pricing: { currency: 'USD', sessions: [] } },
    'pricing.sessions',
    '"1001"',
  ],
  [
    'session price as text',
    { ...VALID, pricing: { currency: 'USD', sessions: { '1001': '4250' } } },
    'pricing.sessions',
    'such as 125000',
  ],
  [
    'contact name as a number',
    { ...VALID, contact: { name: 5, email: 'office@camp.example' } },
    'contact.name',
    'such as',
  ],
  [
    'contact phone as a number',
    { ...VALID, contact: { phone: 5185550142 } },
    'contact.phone',
    'such as',
  ],
  ['contact email as a number', { ...VALID, contact: { email: 5 } }, 'contact.email', 'such as'],
  ['config as text', 'clientId=4101', 'config', 'clientId'],
];

describe('campminder config errors', () => {
  it.each(CASES)('names the field and fix: %s', async (_name, config, field, fix) => {
    const parsed = CampMinderConfigSchema.safeParse(config);
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues[0]!;
    expect(issue.message).not.toContain('Invalid input');
    expect(issue.message).toContain(fix);

    const error = await createCampMinderConnector()
      .listPrograms(contextWith(config))
      .catch((caught: unknown) => caught);
    expect(isConnectorError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('invalid_request');
    const message = (error as Error).message;
    expect(message).toContain(field);
    expect(message).toContain(fix);
    expect(message).not.toContain('Invalid input');
  });
});
