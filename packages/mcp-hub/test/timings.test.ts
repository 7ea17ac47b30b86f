import { isConnectorError, type ConnectorError } from '@signupassist/contract';
import { describe, expect, it } from 'vitest';
import {
  createHub,
  DEFAULT_LEASE_MS,
  defaultOperationTimeoutMs,
  minimumLeaseMs,
  openSqliteLedger,
  type CreateHubOptions,
  type VendorRecord,
} from '../src/index.js';
import { sandboxVendor, SWIM_ACCOUNT } from './bookeo-fixtures.js';
import { rejection, useBookeoHarness } from './bookeo-harness.js';
import { testConnector } from './test-connector.js';

const POOL_CLUB: VendorRecord = {
  id: 'pool-club',
  displayName: 'Pool Club',
  connector: 'testkit',
  timeZone: 'America/Chicago',
  status: 'live',
  config: {},
  credentials: { apiKey: 'test-key-0001' },
};

function creationError(options: Partial<CreateHubOptions>): ConnectorError {
  try {
    createHub({
      connectors: [testConnector()],
      vendors: [POOL_CLUB],
      ledger: openSqliteLedger(':memory:'),
      ...options,
    });
  } catch (error) {
    if (isConnectorError(error)) return error;
    throw error;
  }
  throw new Error('expected createHub to throw');
}

describe('hub timing options', () => {
  it('rejects a lease shorter than a booking', () => {
    // 30 s per request makes a 65 s booking operation, which needs a 130 s lease.
    const ledger = openSqliteLedger(':memory:', { leaseMs: 60_000 });
    const error = creationError({ ledger, requestTimeoutMs: 30_000 });

    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('lease (60000 ms)');
    expect(error.message).toContain('deadline (65000 ms)');
    expect(error.message).toContain('leaseMs of at least 130000');
  });

  it('exposes the lease and accepts the defaults', () => {
    const ledger = openSqliteLedger(':memory:', { leaseMs: 130_000 });
    expect(ledger.leaseMs).toBe(130_000);
    expect(openSqliteLedger(':memory:').leaseMs).toBe(DEFAULT_LEASE_MS);
    expect(() =>
      createHub({ connectors: [testConnector()], vendors: [POOL_CLUB], ledger }),
    ).not.toThrow();
    expect(minimumLeaseMs(defaultOperationTimeoutMs(30_000))).toBe(130_000);
  });

  it('rejects a deadline without lookup time', () => {
    const error = creationError({ requestTimeoutMs: 10_000, operationTimeoutMs: 12_000 });

    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('operationTimeoutMs (12000 ms)');
    expect(error.message).toContain('requestTimeoutMs (10000 ms)');
    expect(error.message).toContain('15000 or more');
  });

  it('leaves a connector time after a request limit', async () => {
    let afterRequestLimit: { timeoutMs: number; aborted: boolean } | undefined;
    const connector = testConnector(async (context) => {
      // A connector waits out one request's limit, as when a booking request times out.
      await new Promise((resolve) => setTimeout(resolve, context.http.timeoutMs + 100));
      afterRequestLimit = { timeoutMs: context.http.timeoutMs, aborted: context.signal.aborted };
      return [];
    });
    const hub = createHub({
      connectors: [connector],
      vendors: [POOL_CLUB],
      ledger: openSqliteLedger(':memory:'),
      requestTimeoutMs: 200,
    });
    const routed = hub.router.route(POOL_CLUB);
    await hub.router.call(routed, 'listPrograms', { requestId: 'r1' }, (loaded, context) =>
      loaded.listPrograms(context),
    );

    expect(afterRequestLimit).toEqual({ timeoutMs: 200, aborted: false });
  });
});

describe('timeouts against the Bookeo sandbox', () => {
  const harness = useBookeoHarness();

  function errorEntries() {
    return harness.logger.entries.filter((entry) => entry.level === 'error');
  }

  it('logs a provider timeout as a warning', async () => {
    const hub = harness.hubWith(undefined, { requestTimeoutMs: 300 });
    harness.sandbox.injectFault({
      kind: 'latency',
      ms: 1_500,
      // Enough for every attempt, and for retries a previous test may still be sending.
      times: 10,
      match: { method: 'GET', pathPrefix: '/settings/products' },
    });
    const error = await rejection(
      hub.getProgram({ vendorId: 'riversideswim', programId: 'LTS58' }),
    );

    expect(error.code).toBe('timeout');
    expect(errorEntries()).toEqual([]);
  });

  it('logs a call past its deadline as a warning', async () => {
    const hub = harness.hubWith();
    const routed = hub.router.route(sandboxVendor(harness.sandbox, SWIM_ACCOUNT));
    harness.sandbox.injectFault({
      kind: 'latency',
      ms: 1_500,
      times: 10,
      match: { method: 'GET', pathPrefix: '/settings/products' },
    });
    const error = await rejection(
      hub.router.call(routed, 'listPrograms', { requestId: 'r2', timeoutMs: 300 }, (c, context) =>
        c.listPrograms(context),
      ),
    );

    expect(error.code).toBe('timeout');
    expect(errorEntries()).toEqual([]);
    const logged = harness.logger.entries.find(
      (entry) => entry.message === 'Connector call timed out',
    );
    expect(logged?.level).toBe('warn');
    expect(logged?.fields).toMatchObject({
      vendorId: 'riversideswim',
      operation: 'listPrograms',
      requestId: 'r2',
      errorCode: 'timeout',
      timeoutMs: 300,
    });
  });

  it('logs a search timeout as a warning', async () => {
    const hub = harness.hubWith(undefined, { searchTimeoutMs: 300 });
    harness.sandbox.injectFault({ kind: 'latency', ms: 1_500, times: 10 });
    const result = await hub.searchPrograms({ query: 'swim' });

    expect(result.unavailableVendors).toHaveLength(1);
    expect(errorEntries()).toEqual([]);
  });
});
