import { join } from 'node:path';
import { createBookeoConnector } from '@signupassist/connector-bookeo';
import {
  demoSeed,
  startBookeoSandbox,
  type BookeoSandbox,
  type BookeoSeed,
} from '@signupassist/connector-bookeo/sandbox';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHub, openSqliteLedger, type Hub, type SqliteLedger } from '../src/index.js';
import { sandboxVendor, SWIM_ACCOUNT, swimAnswers } from './bookeo-fixtures.js';
import { RecordingLogger, temporaryDirectory } from './helpers.js';

describe('booked total against the quote', () => {
  // The test changes this seed's price and resets the sandbox, as a vendor changes its price.
  let seed: BookeoSeed;
  let sandbox: BookeoSandbox;
  let directory: ReturnType<typeof temporaryDirectory>;
  let ledger: SqliteLedger;
  let logger: RecordingLogger;
  let hub: Hub;

  beforeAll(async () => {
    seed = demoSeed();
    sandbox = await startBookeoSandbox({ seed });
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  beforeEach(() => {
    setSwimPrice('85.00');
    directory = temporaryDirectory();
    ledger = openSqliteLedger(join(directory.path, 'ledger.sqlite'));
    logger = new RecordingLogger();
    // Without holds, the quote is the session price, and Bookeo prices the booking itself.
    const vendor = sandboxVendor(sandbox, SWIM_ACCOUNT, {
      capabilityOverrides: { holds: 'absent' },
    });
    hub = createHub({ connectors: [createBookeoConnector()], vendors: [vendor], ledger, logger });
  });

  afterEach(async () => {
    await ledger.close();
    directory.remove();
  });

  /** Sets the swim class's price per child and resets the sandbox, keeping its session ids. */
  function setSwimPrice(amount: string): void {
    const business = seed.businesses.find((entry) => entry.accountId === SWIM_ACCOUNT)!;
    const product = business.products.find((entry) => entry.productId === 'LTS58')!;
    product.defaultRates[0]!.price.amount = amount;
    sandbox.reset();
  }

  async function prepareSwim() {
    const details = await hub.getProgram({ vendorId: 'riversideswim', programId: 'LTS58' });
    return hub.prepareRegistration({
      vendorId: 'riversideswim',
      programId: 'LTS58',
      sessionId: details.sessions[0]!.id,
      ...swimAnswers(),
    });
  }

  it('warns about a total above the quote', async () => {
    const prepared = await prepareSwim();
    expect(prepared.quote?.total).toEqual({ amountMinor: 8_500, currency: 'USD' });
    setSwimPrice('185.00');

    const booked = await hub.confirmRegistration({ registrationId: prepared.registrationId });
    expect(booked.state).toBe('booked');
    expect(booked.receipt?.price.total.amountMinor).toBe(18_500);
    expect(booked.warnings).toEqual([
      'The booked total is $185.00, higher than the quoted $85.00. The vendor set this price; ' +
        'contact them about the difference.',
    ]);
    const logged = logger.entries.find(
      (entry) => entry.message === 'Booked total differs from the quote',
    );
    expect(logged?.level).toBe('warn');
    expect(logged?.fields).toMatchObject({
      vendorId: 'riversideswim',
      bookingId: booked.receipt?.bookingId,
      quotedTotal: { amountMinor: 8_500, currency: 'USD' },
      bookedTotal: { amountMinor: 18_500, currency: 'USD' },
    });

    const read = await hub.getRegistration({ registrationId: prepared.registrationId });
    expect(read.warnings).toEqual(booked.warnings);
  });

  it('warns about a total below the quote', async () => {
    const prepared = await prepareSwim();
    setSwimPrice('75.00');

    const booked = await hub.confirmRegistration({ registrationId: prepared.registrationId });
    expect(booked.state).toBe('booked');
    expect(booked.warnings?.[0]).toContain('The booked total is $75.00, lower than the quoted');
  });

  it('adds no warning for the quoted total', async () => {
    const prepared = await prepareSwim();
    const booked = await hub.confirmRegistration({ registrationId: prepared.registrationId });

    expect(booked.receipt?.price.total.amountMinor).toBe(8_500);
    expect(booked.warnings).toBeUndefined();
    expect(logger.entries.map((entry) => entry.message)).not.toContain(
      'Booked total differs from the quote',
    );
  });
});
