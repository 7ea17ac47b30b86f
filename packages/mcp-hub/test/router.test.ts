import { ConnectorError, isConnectorError, type ConnectorContext } from '@signupassist/contract';
import { describe, expect, it } from 'vitest';
import { isVendorSetupError, ProviderRouter, type VendorRecord } from '../src/index.js';
import { FakeClock, RecordingLogger } from './helpers.js';
import { testConnector } from './test-connector.js';

const SECRET = 'sk_live_do_not_print_42';

function vendor(overrides: Partial<VendorRecord> = {}): VendorRecord {
  return {
    id: 'pool-club',
    displayName: 'Pool Club',
    connector: 'testkit',
    timeZone: 'America/Chicago',
    status: 'live',
    config: {},
    credentials: { apiKey: SECRET },
    ...overrides,
  };
}

function caught(run: () => unknown): ConnectorError {
  try {
    run();
  } catch (error) {
    if (isConnectorError(error)) return error;
    throw error;
  }
  throw new Error('expected a ConnectorError');
}

async function rejected(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

describe('ProviderRouter', () => {
  it('rejects a connector outside the contract range', () => {
    const error = caught(
      () =>
        new ProviderRouter({
          connectors: [testConnector(undefined, { contractVersion: '^2.0.0' })],
        }),
    );

    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/"testkit" is not compatible with this hub/);
  });

  it('rejects a connector registered twice', () => {
    const error = caught(
      () => new ProviderRouter({ connectors: [testConnector(), testConnector()] }),
    );
    expect(error.message).toMatch(/registered twice/);
  });

  it('names the missing connector of a vendor', () => {
    const router = new ProviderRouter({ connectors: [testConnector()] });
    const error = caught(() => router.route(vendor({ connector: 'campminder' })));

    expect(error.message).toContain('"pool-club"');
    expect(error.message).toContain('"campminder"');
    expect(error.message).toContain('registered: testkit');
  });

  it('names the invalid config field', () => {
    const router = new ProviderRouter({ connectors: [testConnector()] });
    const error = caught(() => router.route(vendor({ config: { region: 'mars' } })));

    expect(error.message).toContain('Vendor "pool-club" has invalid config');
    expect(error.message).toContain('config.region');
  });

  it('logs the invalid credential field, not the family', async () => {
    const logger = new RecordingLogger();
    const router = new ProviderRouter({ connectors: [testConnector()], logger });
    const routed = router.route(vendor({ credentials: { apiKey: 'short' } }));
    const error = await rejected(
      router.call(routed, 'listPrograms', { requestId: 'r1' }, (connector, context) =>
        connector.listPrograms(context),
      ),
    );

    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('Pool Club');
    expect(error.message).not.toContain('credentials');
    const logged = logger.entries.find((entry) => entry.level === 'error');
    expect(logged?.fields).toMatchObject({ vendorId: 'pool-club', requestId: 'r1' });
    expect(logged?.fields.errorMessage).toContain('credentials.apiKey');
    expect(logger.text()).not.toContain('short"');
    const problems = router.checkVendor(vendor({ credentials: { apiKey: 'short' } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('credentials.apiKey');
    expect(router.checkVendor(vendor())).toEqual([]);
  });

  it('rewrites connector messages for the family', async () => {
    const logger = new RecordingLogger();
    const detailed = new ConnectorError(
      'auth_failed',
      'Bookeo rejected the credentials on GET /settings/products (HTTP 401). Check the API key.',
      { vendorId: 'pool-club', details: { endpoint: 'GET /settings/products', status: 401 } },
    );
    const router = new ProviderRouter({
      connectors: [
        testConnector(async () => {
          throw detailed;
        }),
      ],
      logger,
    });
    const error = await rejected(
      router.call(
        router.route(vendor()),
        'listPrograms',
        { requestId: 'r9' },
        (connector, context) => connector.listPrograms(context),
      ),
    );

    expect(error.code).toBe('auth_failed');
    expect(error.retryable).toBe(false);
    expect(error.vendorId).toBe('pool-club');
    expect(error.message).toContain('Pool Club');
    expect(error.message).not.toMatch(/GET|HTTP|401|key/);
    const logged = logger.entries.find((entry) => entry.message === 'Connector call failed');
    expect(logged?.fields).toMatchObject({
      vendorId: 'pool-club',
      connectorId: 'testkit',
      operation: 'listPrograms',
      requestId: 'r9',
      errorMessage: detailed.message,
      errorDetails: { endpoint: 'GET /settings/products', status: 401 },
    });
  });

  it('keeps family-safe connector messages', async () => {
    const fields = [{ path: 'guardian.email', message: 'Email must be an email address' }];
    const kept = [
      new ConnectorError('invalid_fields', 'One answer is invalid.', { fields }),
      new ConnectorError('sold_out', 'The session has no seats left.'),
      new ConnectorError('hold_expired', 'The hold has expired.'),
    ];
    for (const original of kept) {
      const router = new ProviderRouter({
        connectors: [
          testConnector(async () => {
            throw original;
          }),
        ],
      });
      const error = await rejected(
        router.call(
          router.route(vendor()),
          'listPrograms',
          { requestId: 'r' },
          (connector, context) => connector.listPrograms(context),
        ),
      );
      expect(error.message, original.code).toBe(original.message);
      expect(error.fields, original.code).toEqual(original.fields);
    }
  });

  it('reports record problems and bad time zones', () => {
    const router = new ProviderRouter({ connectors: [testConnector()] });
    const broken = vendor({ timeZone: 'Mars/Olympus', problems: ['Vendors file: bad status.'] });

    expect(router.checkVendor(broken)).toEqual([
      'Vendors file: bad status.',
      expect.stringContaining('"Mars/Olympus", which is not an IANA time zone'),
    ]);
    const error = caught(() => router.route(broken));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('Mars/Olympus');
  });

  it('narrows capabilities and rejects widening', () => {
    const router = new ProviderRouter({ connectors: [testConnector()] });
    const narrowed = router.route(
      vendor({ capabilityOverrides: { holds: 'absent', book: 'handoff' } }),
    );
    expect(narrowed.capabilities.holds).toBe('absent');
    expect(narrowed.capabilities.book).toBe('handoff');

    const error = caught(() =>
      router.route(vendor({ capabilityOverrides: { waitlist: 'native' } })),
    );
    expect(error.message).toContain('Vendor "pool-club"');
    expect(error.message).toContain('cannot be widened');
  });

  it('builds the context of a call', async () => {
    const logger = new RecordingLogger();
    const clock = new FakeClock(new Date('2026-07-01T12:00:00Z'));
    let seen: ConnectorContext | undefined;
    const router = new ProviderRouter({
      connectors: [
        testConnector(async (context) => {
          seen = context;
          context.logger.info({ step: 'inside' }, 'Connector log line');
          return [];
        }),
      ],
      logger,
      clock,
      requestTimeoutMs: 1_234,
    });
    const routed = router.route(vendor());
    await router.call(routed, 'listPrograms', { requestId: 'req-7' }, (connector, context) =>
      connector.listPrograms(context),
    );

    expect(seen?.vendor).toEqual({
      id: 'pool-club',
      displayName: 'Pool Club',
      timeZone: 'America/Chicago',
      config: { region: 'us' },
    });
    expect(seen?.credentials).toEqual({ apiKey: SECRET });
    expect(seen?.http.timeoutMs).toBe(1_234);
    expect(seen?.requestId).toBe('req-7');
    expect(seen?.clock.now().toISOString()).toBe('2026-07-01T12:00:00.000Z');
    expect(seen?.signal.aborted).toBe(false);
    const inside = logger.entries.find((entry) => entry.message === 'Connector log line');
    expect(inside?.fields).toMatchObject({
      vendorId: 'pool-club',
      connectorId: 'testkit',
      operation: 'listPrograms',
      requestId: 'req-7',
      step: 'inside',
    });
    expect(logger.text()).not.toContain(SECRET);
  });

  it('wraps errors outside the contract', async () => {
    const logger = new RecordingLogger();
    const router = new ProviderRouter({
      connectors: [
        testConnector(async () => {
          throw new TypeError(`Cannot read body {"key":"${SECRET}"}`);
        }),
      ],
      logger,
    });
    const routed = router.route(vendor());
    const error = await rejected(
      router.call(routed, 'listPrograms', { requestId: 'req-8' }, (connector, context) =>
        connector.listPrograms(context),
      ),
    );

    expect(error.code).toBe('provider_unavailable');
    expect(error.retryable).toBe(true);
    expect(error.message).not.toContain(SECRET);
    const logged = logger.entries.find((entry) => entry.level === 'error');
    expect(logged?.fields).toMatchObject({
      vendorId: 'pool-club',
      connectorId: 'testkit',
      operation: 'listPrograms',
      requestId: 'req-8',
      errorName: 'TypeError',
    });
    expect(logger.text()).not.toContain(SECRET);
  });

  it('times out a connector that ignores the signal', async () => {
    const router = new ProviderRouter({
      connectors: [testConnector(() => new Promise(() => undefined))],
      requestTimeoutMs: 50,
      operationTimeoutMs: 50,
    });
    const routed = router.route(vendor());
    const read = await rejected(
      router.call(routed, 'listPrograms', { requestId: 'r' }, (connector, context) =>
        connector.listPrograms(context),
      ),
    );
    const write = await rejected(
      router.call(
        routed,
        'listPrograms',
        { requestId: 'r', timeoutCode: 'outcome_unknown' },
        (connector, context) => connector.listPrograms(context),
      ),
    );

    expect(read.code).toBe('timeout');
    expect(write.code).toBe('outcome_unknown');
    expect(write.retryable).toBe(true);
  });

  it('loads lazy credentials once per call', async () => {
    const received: unknown[] = [];
    const router = new ProviderRouter({
      connectors: [
        testConnector(async (context) => {
          received.push(context.credentials);
          return [];
        }),
      ],
    });
    let loads = 0;
    const lazy = vendor({
      credentials: undefined,
      loadCredentials: async () => {
        loads += 1;
        return { apiKey: `${SECRET}-${loads}` };
      },
    });
    const routed = router.route(lazy);
    const list = () =>
      router.call(routed, 'listPrograms', { requestId: 'req-1' }, (connector, context) =>
        connector.listPrograms(context),
      );

    await list();
    await list();
    expect(loads).toBe(2);
    expect(received).toEqual([{ apiKey: `${SECRET}-1` }, { apiKey: `${SECRET}-2` }]);
    expect(router.checkVendor(lazy)).toEqual([]);
    expect(loads).toBe(2);
    expect(await router.checkVendorSetup(lazy)).toEqual([]);
    expect(loads).toBe(3);
  });

  it('fails a call whose credentials do not load', async () => {
    let called = false;
    const logger = new RecordingLogger();
    const router = new ProviderRouter({
      connectors: [
        testConnector(async () => {
          called = true;
          return [];
        }),
      ],
      logger,
    });
    const failing = vendor({
      loadCredentials: async () => {
        throw new ConnectorError(
          'invalid_request',
          'Credentials of vendor "pool-club" do not open.',
        );
      },
    });

    const error = await rejected(
      router.call(
        router.route(failing),
        'listPrograms',
        { requestId: 'req-2' },
        (connector, context) => connector.listPrograms(context),
      ),
    );
    expect(called).toBe(false);
    expect(isVendorSetupError(error)).toBe(true);
    expect(error.message).toMatch(/^Pool Club is not set up correctly in the hub/);
    const entry = logger.entries.find((item) => item.level === 'error');
    expect(entry?.fields.errorMessage).toBe('Credentials of vendor "pool-club" do not open.');
    expect(await router.checkVendorSetup(failing)).toEqual([
      'Credentials of vendor "pool-club" do not open.',
    ]);
  });
});
