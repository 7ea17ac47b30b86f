import { describe, expect, it } from 'vitest';
import { CampMinderConfigSchema, createCampMinderConnector } from '../src/index.js';
import {
  catalogRoutes,
  startStub,
  stubContext,
  stubSession,
  STUB_KEYS,
  tokenResponse,
} from './review-stub.js';

const VALID = {
  clientId: 4101,
  seasonId: 2027,
  registrationUrl: 'https://camp.example/register?session={sessionId}&ref={reference}',
  pricing: { currency: 'USD', defaultTuition: 95_000 },
  contact: { email: 'office@camp.example' },
};

function firstIssue(input: unknown): string {
  const parsed = CampMinderConfigSchema.safeParse(input);
  if (parsed.success) return 'valid';
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join('.')}: ${issue.message}`;
}

describe('campminder baseUrl', () => {
  it.each([
    ['https://api.campminder.com/?x=1', 'query'],
    ['https://api.campminder.com?', 'query'],
    ['https://api.campminder.com/#top', 'fragment'],
  ])('rejects %s naming the %s', (baseUrl, part) => {
    const issue = firstIssue({ ...VALID, baseUrl });
    expect(issue).toContain('baseUrl');
    expect(issue).toContain(part);
    expect(issue).toContain('https://api.campminder.com');
  });

  it('rejects a user name and password without repeating them', () => {
    const issue = firstIssue({ ...VALID, baseUrl: 'https://ops:hunter22@api.campminder.com' });
    expect(issue).toContain('baseUrl');
    expect(issue).toContain('credentials');
    expect(issue).not.toContain('hunter22');
  });

  it('reaches an API below a path prefix', async () => {
    const stub = await startStub();
    try {
      for (const [path, route] of Object.entries(catalogRoutes([stubSession()]))) {
        const [method, rest] = path.split(' ');
        stub.routes.set(`${method} /campminder${rest}`, route);
      }
      stub.routes.set('GET /campminder/auth/apikey', () => tokenResponse());
      const programs = await createCampMinderConnector().listPrograms(
        stubContext(stub, {
          config: { baseUrl: `${stub.url}/campminder/` },
          credentials: STUB_KEYS,
        }),
      );
      expect(programs.map((program) => program.id)).toEqual(['session-1001']);
    } finally {
      await stub.stop();
    }
  });
});

describe('campminder registrationUrl placeholders', () => {
  it.each([
    'https://{programId}/register',
    'https://camp{reference}.example/register',
    'https://camp.example:{sessionId}/register',
  ])('rejects a placeholder in the origin of %s', (registrationUrl) => {
    const issue = firstIssue({ ...VALID, registrationUrl });
    expect(issue).toContain('registrationUrl');
    expect(issue).toContain('path or query');
  });

  it('rejects a placeholder in the scheme', () => {
    const issue = firstIssue({ ...VALID, registrationUrl: 'http{programId}://camp.example/r' });
    expect(issue).toContain('registrationUrl');
  });

  it('rejects a user name and password', () => {
    const issue = firstIssue({
      ...VALID,
      registrationUrl: 'https://office:hunter22@camp.example/register?s={sessionId}',
    });
    expect(issue).toContain('registrationUrl');
    expect(issue).not.toContain('hunter22');
  });

  it.each([
    'https://camp.example/{sessionId}/{programId}?ref={reference}',
    'https://camp.example/register#{reference}',
    'http://127.0.0.1:4000/portal/register?session={sessionId}&program={programId}',
  ])('accepts %s', (registrationUrl) => {
    expect(firstIssue({ ...VALID, registrationUrl })).toBe('valid');
  });
});
