import {
  ProgramSchema,
  RegistrationFormSchema,
  resolveManifest,
  SessionSchema,
} from '@signupassist/contract';
import { MockAgent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BookeoConfigSchema,
  BookeoCredentialsSchema,
  bookeoConnector,
  createBookeoConnector,
} from '../src/index.js';
import {
  paginationSeed,
  PAGINATION_SEED_PRODUCTS,
  type BookeoSandbox,
} from '../src/sandbox/index.js';
import packageJson from '../package.json' with { type: 'json' };
import { createConnectorHarness, sandboxSecrets, startSandbox } from './connector-harness.js';

// Monday 2026-03-02 12:00 in New York, the week before US daylight saving time starts, so the
// sandbox's first Saturday class is at -05:00 and the later ones at -04:00.
const START = new Date('2026-03-02T17:00:00Z');
const DAY_MS = 86_400_000;
const SWIM = 'RIVERSIDESWIM';
const CAMP = 'PRAIRIECAMP';

const { logLines, contextFor, failure, expectNotLeaked } = createConnectorHarness();

describe('bookeo connector catalog', () => {
  let sandbox: BookeoSandbox;
  let paginated: BookeoSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox(START);
    paginated = await startSandbox(START, paginationSeed());
  });

  afterAll(async () => {
    await sandbox.stop();
    await paginated.stop();

    expectNotLeaked([...sandboxSecrets(sandbox), 'WRONG-APIKEY-7f3a9c', 'WRONG-SECRET-7f3a9c']);
  });

  describe('manifest', () => {
    it('passes the contract manifest check', () => {
      const manifest = resolveManifest(bookeoConnector);
      expect(manifest.id).toBe('bookeo');
      expect(manifest.version).toBe(packageJson.version);
      expect(manifest.contractVersion).toBe('^1.1.0');
      expect(manifest.secretFields).toEqual(['apiKey', 'secretKey']);
    });

    it('declares the capability matrix', () => {
      const { capabilities } = resolveManifest(bookeoConnector);
      expect(capabilities).toEqual({
        catalog: 'native',
        fields: 'native',
        book: 'native',
        cancel: 'native',
        idempotency: 'emulated',
        holds: 'native',
        waitlist: 'absent',
        partialPayments: 'absent',
        refunds: 'absent',
        paymentStatus: 'absent',
        webhooks: 'absent',
        connectPayments: 'native',
      });
    });

    it('applies config defaults', () => {
      const config = BookeoConfigSchema.parse({});
      expect(config).toEqual({
        baseUrl: 'https://api.bookeo.com/v2',
        holdDurationSeconds: 300,
        catalogHorizonDays: 90,
      });
    });

    it('rejects invalid config values', () => {
      expect(BookeoConfigSchema.safeParse({ holdDurationSeconds: 30 }).success).toBe(false);
      expect(BookeoConfigSchema.safeParse({ holdDurationSeconds: 601 }).success).toBe(false);
      expect(BookeoConfigSchema.safeParse({ timeZone: 'Mars/Olympus' }).success).toBe(false);
      expect(BookeoConfigSchema.safeParse({ paymentUrl: 'not a url' }).success).toBe(false);
      expect(BookeoConfigSchema.safeParse({ timeZone: 'Europe/Paris' }).success).toBe(true);
    });

    it('requires both keys', () => {
      expect(BookeoCredentialsSchema.safeParse({ apiKey: 'a' }).success).toBe(false);
      expect(BookeoCredentialsSchema.safeParse({ apiKey: 'a', secretKey: 'b' }).success).toBe(true);
    });
  });

  describe('verifyCredentials', () => {
    it('returns the account and permissions', async () => {
      const check = await bookeoConnector.verifyCredentials(contextFor(sandbox, SWIM));
      expect(check.valid).toBe(true);
      expect(check.accountId).toBe(SWIM);
      expect(check.permissions).toContain('bookings_rw_all');
      expect(check.problems).toEqual([]);
    });

    it('rejects a wrong apiKey as auth_failed', async () => {
      const context = contextFor(sandbox, SWIM, {
        credentials: { apiKey: 'WRONG-APIKEY-7f3a9c', secretKey: sandbox.secretKey },
      });
      const error = await failure(bookeoConnector.verifyCredentials(context));
      expect(error.code).toBe('auth_failed');
      expect(error.retryable).toBe(false);
      expect(error.message).toContain('Riverside Swim School');
      expect(error.message).toContain('Bookeo');
      expect(error.message).not.toContain('WRONG-APIKEY-7f3a9c');
    });

    it('rejects a wrong secretKey as auth_failed', async () => {
      const context = contextFor(sandbox, SWIM, {
        credentials: { apiKey: sandbox.credentials(SWIM).apiKey, secretKey: 'WRONG-SECRET-7f3a9c' },
      });
      const error = await failure(bookeoConnector.verifyCredentials(context));
      expect(error.code).toBe('auth_failed');
      expect(error.message).not.toContain('WRONG-SECRET-7f3a9c');
      expect(error.message).not.toContain(sandbox.credentials(SWIM).apiKey);
    });

    it('sends the keys as headers, never in the URL', async () => {
      await bookeoConnector.verifyCredentials(contextFor(sandbox, SWIM));
      const [last] = sandbox.requests({ pathPrefix: '/settings/apikeyinfo' }).slice(-1);
      expect(last?.apiKey).toBe(sandbox.credentials(SWIM).apiKey);
      expect(JSON.stringify(last)).not.toContain(sandbox.secretKey);
      expect(last?.path).not.toContain('Key');
    });

    it('rejects credentials without a key before calling Bookeo', async () => {
      const context = contextFor(sandbox, SWIM, {
        credentials: { apiKey: '', secretKey: sandbox.secretKey },
      });
      const error = await failure(bookeoConnector.verifyCredentials(context));
      expect(error.code).toBe('auth_failed');
      expect(error.message).toContain('apiKey');
    });
  });

  describe('listPrograms', () => {
    it('returns programs that parse with the contract schema', async () => {
      const programs = await bookeoConnector.listPrograms(contextFor(sandbox, SWIM));
      expect(programs.map((program) => program.id)).toEqual([
        'LTS58',
        'STROKE912',
        'PRIVLESSON',
        'LIFEGUARD',
      ]);
      for (const program of programs) expect(ProgramSchema.parse(program)).toEqual(program);
    });

    it('maps title, ages, location, zone and price', async () => {
      const programs = await bookeoConnector.listPrograms(contextFor(sandbox, SWIM));
      const learnToSwim = programs.find((program) => program.id === 'LTS58');
      expect(learnToSwim).toMatchObject({
        vendorId: 'riversideswim',
        title: 'Learn to Swim (ages 5-8)',
        ageRange: { minYears: 5, maxYears: 8 },
        location: {
          name: 'Riverside Community Pool',
          address: '120 River Road, Albany, NY',
        },
        timeZone: 'America/New_York',
        fromPrice: { amountMinor: 8500, currency: 'USD' },
        bookingMode: 'api',
      });
    });

    it('keeps cents exact', async () => {
      const programs = await bookeoConnector.listPrograms(contextFor(sandbox, SWIM));
      const lesson = programs.find((program) => program.id === 'PRIVLESSON');
      expect(lesson?.fromPrice).toEqual({ amountMinor: 6250, currency: 'USD' });
    });

    it('lists products closed to API bookings as hand-offs', async () => {
      const programs = await bookeoConnector.listPrograms(contextFor(sandbox, SWIM));
      expect(programs.find((program) => program.id === 'LIFEGUARD')?.bookingMode).toBe('handoff');
    });

    it('lists flexibleTime products as hand-offs', async () => {
      const programs = await bookeoConnector.listPrograms(contextFor(sandbox, CAMP));
      expect(programs.find((program) => program.id === 'EXTCARE')?.bookingMode).toBe('handoff');
      expect(programs.find((program) => program.id === 'CAMP612')?.bookingMode).toBe('api');
    });

    it('uses the configured time zone over the vendor one', async () => {
      const context = contextFor(sandbox, SWIM, { config: { timeZone: 'America/Toronto' } });
      const programs = await createBookeoConnector().listPrograms(context);
      expect(programs.every((program) => program.timeZone === 'America/Toronto')).toBe(true);
    });

    it('filters by text', async () => {
      const programs = await bookeoConnector.listPrograms(contextFor(sandbox, SWIM), {
        text: 'CLINIC',
      });
      expect(programs.map((program) => program.id)).toEqual(['STROKE912']);
    });

    it('follows three pages to the end', async () => {
      const connector = createBookeoConnector();
      const before = paginated.requests({ pathPrefix: '/settings/products' }).length;
      const programs = await connector.listPrograms(contextFor(paginated, 'PAGINATEDCLUB'));
      const ids = programs.map((program) => program.id);
      expect(ids).toHaveLength(PAGINATION_SEED_PRODUCTS);
      expect(new Set(ids).size).toBe(PAGINATION_SEED_PRODUCTS);
      expect(ids[0]).toBe('CLASS01');
      expect(ids.at(-1)).toBe('CLASS25');
      expect(paginated.requests({ pathPrefix: '/settings/products' }).length - before).toBe(3);
    });

    it('reuses cached products within the cache time', async () => {
      const connector = createBookeoConnector();
      const context = contextFor(sandbox, SWIM);
      const before = sandbox.requests({ pathPrefix: '/settings/products' }).length;
      await connector.listPrograms(context);
      await connector.listPrograms(context);
      expect(sandbox.requests({ pathPrefix: '/settings/products' }).length - before).toBe(1);
    });
  });

  describe('listSessions', () => {
    it('splits 70 days into three windows', async () => {
      const connector = createBookeoConnector();
      const before = sandbox.requests({ pathPrefix: '/availability/slots' }).length;
      const sessions = await connector.listSessions(contextFor(sandbox, SWIM), {
        programId: 'LTS58',
        from: START,
        to: new Date(START.getTime() + 70 * DAY_MS),
      });
      expect(sandbox.requests({ pathPrefix: '/availability/slots' }).length - before).toBe(3);
      expect(sessions).toHaveLength(10);
      expect(new Set(sessions.map((session) => session.id)).size).toBe(10);
      for (const session of sessions) expect(SessionSchema.parse(session)).toEqual(session);
    });

    it('keeps the local offsets and the IANA zone', async () => {
      const sessions = await bookeoConnector.listSessions(contextFor(sandbox, SWIM), {
        programId: 'LTS58',
        from: START,
        to: new Date(START.getTime() + 30 * DAY_MS),
      });
      expect(sessions[0]?.start).toBe('2026-03-07T10:00:00-05:00');
      expect(sessions[0]?.end).toBe('2026-03-07T10:45:00-05:00');
      expect(sessions[1]?.start).toBe('2026-03-14T10:00:00-04:00');
      expect(sessions.every((session) => session.timeZone === 'America/New_York')).toBe(true);
    });

    it('reports seats, availability and price', async () => {
      const sessions = await bookeoConnector.listSessions(contextFor(sandbox, SWIM), {
        programId: 'LTS58',
        from: START,
        to: new Date(START.getTime() + 10 * DAY_MS),
      });
      expect(sessions[0]).toMatchObject({
        id: 'LTS58_202603071000',
        programId: 'LTS58',
        vendorId: 'riversideswim',
        title: 'Learn to Swim (ages 5-8)',
        availability: { status: 'open', seatsLeft: 8 },
        price: { amountMinor: 8500, currency: 'USD' },
        priceSource: 'provider',
      });
    });

    it('marks sold-out sessions full', async () => {
      const sessions = await bookeoConnector.listSessions(contextFor(sandbox, SWIM), {
        programId: 'STROKE912',
      });
      expect(sessions).toHaveLength(1);
      expect(sessions[0]?.availability).toEqual({ status: 'full', seatsLeft: 0 });
    });

    it('defaults to the configured horizon', async () => {
      const connector = createBookeoConnector();
      const context = contextFor(sandbox, CAMP, { config: { catalogHorizonDays: 20 } });
      const before = sandbox.requests({ pathPrefix: '/availability/slots' }).length;
      const sessions = await connector.listSessions(context, { programId: 'CAMP612' });
      expect(sandbox.requests({ pathPrefix: '/availability/slots' }).length - before).toBe(1);
      expect(sessions.length).toBeGreaterThanOrEqual(2);
      expect(sessions.length).toBeLessThanOrEqual(3);
      expect(sessions[0]?.timeZone).toBe('America/Chicago');
      expect(sessions[0]?.start).toMatch(/T08:30:00-0[56]:00$/);
    });

    it('returns no sessions for flexibleTime products', async () => {
      const context = contextFor(sandbox, CAMP);
      const before = sandbox.requests({ pathPrefix: '/availability/slots' }).length;
      const sessions = await bookeoConnector.listSessions(context, { programId: 'EXTCARE' });
      expect(sessions).toEqual([]);
      expect(sandbox.requests({ pathPrefix: '/availability/slots' }).length).toBe(before);
      expect(
        logLines.some(
          (line) =>
            line.level === 'debug' &&
            line.fields.requestId === context.requestId &&
            line.message.includes('flexibleTime'),
        ),
      ).toBe(true);
    });

    it('rejects an unknown program as not_found', async () => {
      const error = await failure(
        bookeoConnector.listSessions(contextFor(sandbox, SWIM), { programId: 'NOPE' }),
      );
      expect(error.code).toBe('not_found');
      expect(error.message).toContain('NOPE');
    });

    it('rejects a range that ends before it starts', async () => {
      const error = await failure(
        bookeoConnector.listSessions(contextFor(sandbox, SWIM), {
          programId: 'LTS58',
          from: START,
          to: new Date(START.getTime() - DAY_MS),
        }),
      );
      expect(error.code).toBe('invalid_request');
    });
  });

  describe('getRegistrationForm', () => {
    it('builds the swim school form', async () => {
      const form = await bookeoConnector.getRegistrationForm(contextFor(sandbox, SWIM), {
        programId: 'LTS58',
        sessionId: 'LTS58_202603071000',
      });
      expect(RegistrationFormSchema.parse(form)).toEqual(form);
      expect(form.sessionId).toBe('LTS58_202603071000');

      const keys = form.fields.map((field) => `${field.scope}.${field.key}`);
      expect(keys).toEqual([
        'guardian.firstName',
        'guardian.lastName',
        'guardian.email',
        'guardian.phone',
        'participant.firstName',
        'participant.lastName',
        'participant.birthDate',
        'guardian.custom_HEARDFROM',
        'guardian.custom_PHOTOCONSENT',
        'guardian.custom_EMERGENCYPHONE',
        'booking.option_SWIMLEVEL',
        'booking.option_GOGGLES',
      ]);
      expect(form.participantCategories).toEqual([
        { id: 'Cchildren', label: 'Child', min: 1, max: 4 },
      ]);
      expect(form.minParticipants).toBe(1);
      expect(form.maxParticipants).toBe(4);
    });

    it('maps field types, flags and choices', async () => {
      const form = await bookeoConnector.getRegistrationForm(contextFor(sandbox, SWIM), {
        programId: 'LTS58',
      });
      const field = (key: string) => form.fields.find((item) => item.key === key);
      expect(field('email')).toMatchObject({ type: 'email', required: true });
      expect(field('phone')).toMatchObject({ type: 'phone', required: false });
      expect(field('custom_EMERGENCYPHONE')).toMatchObject({
        label: 'Emergency contact phone',
        type: 'text',
        required: true,
      });
      expect(field('custom_PHOTOCONSENT')).toMatchObject({ type: 'boolean', required: false });
      expect(field('custom_HEARDFROM')?.options).toEqual([
        { value: 'Friend or family', label: 'Friend or family' },
        { value: 'School flyer', label: 'School flyer' },
        { value: 'Web search', label: 'Web search' },
      ]);
      expect(field('option_SWIMLEVEL')).toMatchObject({
        scope: 'booking',
        type: 'select',
        required: true,
      });
      expect(field('option_SWIMLEVEL')?.options?.map((option) => option.value)).toEqual([
        'Beginner',
        'Intermediate',
        'Advanced',
      ]);
    });

    it('builds the day camp form with a number field', async () => {
      const form = await bookeoConnector.getRegistrationForm(contextFor(sandbox, CAMP), {
        programId: 'CAMP612',
      });
      expect(RegistrationFormSchema.parse(form)).toEqual(form);
      const field = (key: string) => form.fields.find((item) => item.key === key);
      expect(field('custom_TSHIRT')).toMatchObject({ type: 'select', required: true });
      expect(field('custom_SIBLINGS')).toMatchObject({ type: 'number', required: false });
      expect(field('custom_PICKUP')).toMatchObject({ type: 'text', required: true });
      expect(field('option_ALLERGIES')).toMatchObject({ scope: 'booking', type: 'text' });
      expect(form.participantCategories).toEqual([
        { id: 'Cchildren', label: 'Camper', min: 1, max: 3 },
      ]);
    });

    it('warns on a product closed to API bookings', async () => {
      const form = await bookeoConnector.getRegistrationForm(contextFor(sandbox, SWIM), {
        programId: 'LIFEGUARD',
      });
      expect(form.warnings?.length).toBe(1);
      expect(form.participantCategories[0]).toMatchObject({ id: 'Cchildren', min: 0, max: 10 });
    });
  });

  describe('malformed provider responses', () => {
    function mockedContext(agent: MockAgent) {
      const context = contextFor(sandbox, SWIM, { config: { baseUrl: 'http://127.0.0.1:9/v2' } });
      return { ...context, http: { timeoutMs: 2_000, dispatcher: agent } };
    }

    it('names the endpoint and field, not the body', async () => {
      const agent = new MockAgent();
      agent.disableNetConnect();
      agent
        .get('http://127.0.0.1:9')
        .intercept({ path: /\/v2\/settings\/products/, method: 'GET' })
        .reply(200, {
          info: { totalItems: 1, totalPages: 1, currentPage: 1 },
          data: [{ productId: 42, name: 'SECRET-BODY-TEXT', type: 'fixed' }],
        });
      const error = await failure(createBookeoConnector().listPrograms(mockedContext(agent)));
      expect(error.code).toBe('provider_unavailable');
      expect(error.message).toContain('GET /settings/products');
      expect(error.message).toContain('data.0.productId');
      expect(error.message).not.toContain('SECRET-BODY-TEXT');
      await agent.close();
    });

    it('stops a list that never ends', async () => {
      const agent = new MockAgent();
      agent.disableNetConnect();
      let page = 0;
      agent
        .get('http://127.0.0.1:9')
        .intercept({ path: /\/v2\/settings\/products/, method: 'GET' })
        .reply(200, () => {
          page += 1;
          return {
            info: {
              totalItems: 1_000_000,
              totalPages: 1_000_000,
              currentPage: page,
              pageNavigationToken: 'token',
            },
            data: [],
          };
        })
        .persist();
      const error = await failure(createBookeoConnector().listPrograms(mockedContext(agent)));
      expect(error.code).toBe('provider_unavailable');
      expect(error.message).toContain('100 pages');
      expect(page).toBe(100);
      await agent.close();
    });

    it('rejects a response that is not JSON', async () => {
      const agent = new MockAgent();
      agent.disableNetConnect();
      agent
        .get('http://127.0.0.1:9')
        .intercept({ path: /\/v2\/settings\/apikeyinfo/, method: 'GET' })
        .reply(200, '<html>maintenance</html>');
      const error = await failure(createBookeoConnector().verifyCredentials(mockedContext(agent)));
      expect(error.code).toBe('provider_unavailable');
      expect(error.message).toContain('not JSON');
      expect(error.message).not.toContain('maintenance');
      await agent.close();
    });
  });
});
