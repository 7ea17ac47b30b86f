import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStorage, type Hub, type HubStorage } from '../src/index.js';
import { temporaryDirectory } from './helpers.js';
import { usePaymentsHarness } from './payments-harness.js';
import { postgresHarness, postgresUnavailableReason } from './storage-harness.js';

const CONFIRMS = 20;

const unavailable = await postgresUnavailableReason();
if (unavailable) console.warn(`Skipping the PostgreSQL payment test: ${unavailable}`);

describe('concurrent confirms with one token', () => {
  const harness = usePaymentsHarness();
  const postgres = postgresHarness();
  const extraDirectories: ReturnType<typeof temporaryDirectory>[] = [];
  const extraStorages: HubStorage[] = [];

  afterEach(async () => {
    for (const storage of extraStorages.splice(0)) await storage.close();
    for (const directory of extraDirectories.splice(0)) directory.remove();
    await postgres.destroy();
  });

  /**
   * Sends {@link CONFIRMS} confirms at once, spread over the hubs as over several processes,
   * and checks that the provider got one booking and Stripe one capture.
   */
  async function confirmAtOnce(hubs: Hub[]) {
    const prepared = await harness.prepareSwim(hubs[0]!);
    await harness.pay(prepared.registrationId);

    const results = await Promise.allSettled(
      Array.from({ length: CONFIRMS }, (_, index) =>
        hubs[index % hubs.length]!.confirmRegistration({
          registrationId: prepared.registrationId,
        }),
      ),
    );

    const rejected = results.filter((result) => result.status === 'rejected');
    expect(rejected).toEqual([]);
    const bookingIds = new Set(
      results.map((result) =>
        result.status === 'fulfilled' ? result.value.receipt?.bookingId : '',
      ),
    );
    expect(bookingIds.size).toBe(1);
    expect(harness.sandbox.bookingCount()).toBe(1);
    const captures = harness.requestsTo(/^\/v1\/payment_intents\/[^/]+\/capture$/);
    expect(captures).toHaveLength(1);
    expect((await harness.payment(prepared.registrationId)).status).toBe('captured');
  }

  it('books and captures once on SQLite', async () => {
    const directory = temporaryDirectory();
    extraDirectories.push(directory);
    const path = join(directory.path, 'shared.sqlite');
    const storages = [openSqliteStorage({ path }), openSqliteStorage({ path })];
    extraStorages.push(...storages);

    // No webhook is delivered: each confirm finds the authorization at Stripe itself.
    const hubs = storages.map((storage) => harness.hubWith({ storage }));
    await confirmAtOnce(hubs);
  });

  it.skipIf(unavailable !== undefined)('books and captures once on PostgreSQL', async () => {
    await postgres.create();
    const storages = await Promise.all([postgres.open(), postgres.open(), postgres.open()]);

    const hubs = storages.map((storage) => harness.hubWith({ storage }));
    await confirmAtOnce(hubs);
    const outcomes = await harness.deliverEvents(hubs[1]!);
    expect(outcomes.length).toBeGreaterThan(0);
  });
});
