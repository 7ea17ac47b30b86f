import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
// esbuild is the bundler under tsup; it turns the ledger's TypeScript into one module that
// plain worker threads can load.
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteLedger } from '../src/index.js';
import { temporaryDirectory } from './helpers.js';

const WORKERS = 8;
const CLAIMS_PER_WORKER = 5;

// Each worker opens its own connection, waits at a shared barrier so all start together, then
// claims the same registration several times and reports how many claims it won.
const workerSource = `
  import { workerData, parentPort } from 'node:worker_threads';
  const { openSqliteLedger } = await import(workerData.bundle);
  const ledger = openSqliteLedger(workerData.file);
  const barrier = new Int32Array(workerData.barrier);
  Atomics.add(barrier, 0, 1);
  Atomics.wait(barrier, 1, 0);
  let won = 0;
  for (let index = 0; index < workerData.claims; index += 1) {
    const claim = await ledger.claimBooking(workerData.registrationId);
    if (claim.claimed) won += 1;
  }
  await ledger.close();
  parentPort.postMessage(won);
`;

describe('SqliteLedger across threads', () => {
  const directory = temporaryDirectory();
  const bundle = join(directory.path, 'ledger.mjs');
  const file = join(directory.path, 'ledger.sqlite');

  beforeAll(async () => {
    await build({
      entryPoints: [fileURLToPath(new URL('../src/ledger/sqlite-ledger.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      outfile: bundle,
      logLevel: 'silent',
      plugins: [
        {
          // The bundle lives in a temporary directory, so the native module is imported by
          // its absolute path instead of by package name.
          name: 'absolute-better-sqlite3',
          setup(plugin) {
            const path = createRequire(import.meta.url).resolve('better-sqlite3');
            plugin.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path, external: true }));
          },
        },
      ],
    });
  });

  afterAll(() => directory.remove());

  it('grants one claim across 8 threads', async () => {
    const ledger = openSqliteLedger(file);
    await ledger.insertPrepared({
      id: 'reg_race',
      idempotencyKey: 'key-race-0001',
      vendorId: 'aqua-kids',
      connectorId: 'bookeo',
      fingerprint: '0'.repeat(64),
      request: { programId: 'p', sessionId: 's', guardian: {}, participants: [] },
      bookingMode: 'api',
      expiresAt: new Date(Date.now() + 60_000),
    });
    await ledger.close();

    const barrier = new SharedArrayBuffer(8);
    const counters = new Int32Array(barrier);
    const results = Array.from({ length: WORKERS }, () => {
      const worker = new Worker(workerSource, {
        eval: true,
        workerData: {
          bundle: new URL(`file://${bundle}`).href,
          file,
          barrier,
          claims: CLAIMS_PER_WORKER,
          registrationId: 'reg_race',
        },
      });
      return new Promise<number>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    });
    const all = Promise.all(results);
    const ready = async () => {
      while (Atomics.load(counters, 0) < WORKERS) await new Promise((r) => setTimeout(r, 5));
    };
    await Promise.race([ready(), all]);
    Atomics.store(counters, 1, 1);
    Atomics.notify(counters, 1);

    const won = await all;
    expect(won.reduce((sum, count) => sum + count, 0)).toBe(1);
  });
});
