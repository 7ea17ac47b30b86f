import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isConnectorError } from '@signupassist/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createHub,
  JsonFileVendorSource,
  loadVendorsFile,
  openSqliteLedger,
  StaticVendorSource,
} from '../src/index.js';
import { temporaryDirectory } from './helpers.js';
import { testConnector } from './test-connector.js';

const SECRET = 'apikey-value-never-shown';

const entry = {
  id: 'aqua-kids',
  displayName: 'Aqua Kids',
  connector: 'bookeo',
  config: { baseUrl: 'http://127.0.0.1:9/v2' },
  credentials: { apiKey: SECRET, secretKey: SECRET },
};

async function loadError(path: string): Promise<string> {
  const error = await loadVendorsFile(path).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  expect(error.code).toBe('invalid_request');
  return error.message;
}

describe('vendors file', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let file: string;
  const write = (content: unknown) =>
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));

  beforeEach(() => {
    directory = temporaryDirectory();
    file = join(directory.path, 'vendors.json');
  });

  afterEach(() => directory.remove());

  it('loads an array with defaults', async () => {
    write([entry]);
    const [record] = await loadVendorsFile(file);

    expect(record).toEqual({ ...entry, timeZone: 'UTC', status: 'live' });
  });

  it('loads the object form with overrides', async () => {
    write({
      vendors: [
        {
          ...entry,
          timeZone: 'America/Chicago',
          status: 'paused',
          capabilityOverrides: { holds: 'absent' },
        },
      ],
    });
    const [record] = await loadVendorsFile(file);

    expect(record?.timeZone).toBe('America/Chicago');
    expect(record?.status).toBe('paused');
    expect(record?.capabilityOverrides).toEqual({ holds: 'absent' });
  });

  it('names the entry, field and fix', async () => {
    const withoutConnector: Partial<typeof entry> = { ...entry, id: 'camp-sun' };
    delete withoutConnector.connector;
    write([entry, withoutConnector]);
    const message = await loadError(file);

    expect(message).toContain('entry 1 ("camp-sun")');
    expect(message).toContain('field "connector"');
    expect(message).toContain('add the id of the connector');
  });

  it('keeps bad overrides as problems without their value', async () => {
    write([
      { ...entry, capabilityOverrides: { holds: SECRET } },
      { ...entry, id: 'camp-sun' },
    ]);
    const [broken, healthy] = await loadVendorsFile(file);

    expect(broken?.capabilityOverrides).toBeUndefined();
    expect(broken?.problems).toHaveLength(1);
    expect(broken?.problems?.[0]).toContain('entry 0 ("aqua-kids")');
    expect(broken?.problems?.[0]).toContain('capabilityOverrides.holds');
    expect(broken?.problems?.[0]).not.toContain(SECRET);
    expect(healthy?.problems).toBeUndefined();
  });

  it('keeps unknown fields and time zones per vendor', async () => {
    write([
      { ...entry, credential: {}, timeZone: 'Mars/Olympus', status: 'activ' },
      { ...entry, id: 'camp-sun', timeZone: 42 },
    ]);
    const [mars, numeric] = await loadVendorsFile(file);

    expect(mars?.timeZone).toBe('Mars/Olympus');
    expect(mars?.status).toBe('paused');
    expect(mars?.problems?.[0]).toContain('Unrecognized key');
    expect(mars?.problems?.[0]).toContain('credential');
    expect(mars?.problems?.[0]).toContain('field "status"');
    expect(numeric?.timeZone).toBe('UTC');
    expect(numeric?.problems?.[0]).toContain('field "timeZone"');
  });

  it('fails the file on entries without identity', async () => {
    for (const field of ['id', 'displayName', 'connector'] as const) {
      const withoutField: Partial<typeof entry> = { ...entry };
      delete withoutField[field];
      write([withoutField]);
      expect(await loadError(file), field).toContain(`field "${field}"`);
    }
    write([entry, 'aqua-kids']);
    expect(await loadError(file)).toContain('entry 1 must be a JSON object');
  });

  it('points at invalid JSON without quoting it', async () => {
    write(`[\n  { "id": "a", "credentials": { "apiKey": "${SECRET}" }, }\n]`);
    const message = await loadError(file);

    expect(message).toMatch(/not valid JSON at line 2, column \d+/);
    expect(message).not.toContain(SECRET);
  });

  it('rejects duplicate ids and non-lists', async () => {
    write([entry, entry]);
    expect(await loadError(file)).toContain('entry 1 ("aqua-kids"): vendor id is used twice');

    write({ aqua: entry });
    expect(await loadError(file)).toContain('must contain a JSON array of vendors');
  });

  it('reports a missing file', async () => {
    expect(await loadError(join(directory.path, 'absent.json'))).toContain(
      'cannot be read (ENOENT)',
    );
  });

  it('caches until reload and keeps the old list on a bad reload', async () => {
    write([entry]);
    const source = new JsonFileVendorSource(file);
    expect((await source.listVendors()).map((record) => record.id)).toEqual(['aqua-kids']);

    write([entry, { ...entry, id: 'camp-sun' }]);
    expect(await source.listVendors()).toHaveLength(1);
    await source.reload();
    expect(await source.getVendor('camp-sun')).toBeDefined();

    write('not json');
    await expect(source.reload()).rejects.toThrow(/not valid JSON/);
    expect(await source.listVendors()).toHaveLength(2);
  });

  it('retries a file that failed to load', async () => {
    write('[');
    const source = new JsonFileVendorSource(file);
    await expect(source.listVendors()).rejects.toThrow(/not valid JSON/);

    write([entry]);
    expect(await source.listVendors()).toHaveLength(1);
  });
});

describe('StaticVendorSource', () => {
  it('rejects duplicate ids', () => {
    const record = { ...entry, timeZone: 'UTC', status: 'live' as const };
    expect(() => new StaticVendorSource([record, record])).toThrow(
      /Duplicate vendor id "aqua-kids"/,
    );
  });
});

describe('hub with a partly broken vendors file', () => {
  let directory: ReturnType<typeof temporaryDirectory>;

  beforeEach(() => {
    directory = temporaryDirectory();
  });

  afterEach(() => directory.remove());

  it('serves healthy vendors and reports the rest', async () => {
    const file = join(directory.path, 'vendors.json');
    const base = { connector: 'testkit', config: {}, credentials: { apiKey: SECRET } };
    writeFileSync(
      file,
      JSON.stringify([
        { ...base, id: 'mars-camp', displayName: 'Mars Camp', timeZone: 'Mars/Olympus' },
        { ...base, id: 'lake-camp', displayName: 'Lake Camp', connector: 'campminder' },
        { ...base, id: 'pool-club', displayName: 'Pool Club', credentials: { apiKey: 'short' } },
        { ...base, id: 'swim-club', displayName: 'Swim Club', timeZone: 'America/Chicago' },
      ]),
    );
    const ledger = openSqliteLedger(':memory:');
    const connector = testConnector(async (context) => [
      {
        id: 'swim-101',
        vendorId: context.vendor.id,
        title: 'Swim 101',
        timeZone: context.vendor.timeZone,
        bookingMode: 'api',
      },
    ]);
    const hub = createHub({
      connectors: [connector],
      vendors: new JsonFileVendorSource(file),
      ledger,
    });

    const problems = await hub.checkVendors();
    expect(problems.map((problem) => problem.vendorId)).toEqual([
      'mars-camp',
      'lake-camp',
      'pool-club',
    ]);
    expect(problems[0]?.problems.join(' ')).toContain('"Mars/Olympus"');
    expect(problems[1]?.problems.join(' ')).toContain('"campminder"');
    expect(problems[2]?.problems.join(' ')).toContain('credentials.apiKey');
    expect(JSON.stringify(problems)).not.toContain(SECRET);

    const result = await hub.searchPrograms({});
    expect(result.programs.map((match) => match.vendor.id)).toEqual(['swim-club']);
    expect(result.unavailableVendors.map((vendor) => vendor.vendorId).sort()).toEqual([
      'lake-camp',
      'mars-camp',
      'pool-club',
    ]);

    const error = await hub.getProgram({ vendorId: 'mars-camp', programId: 'swim-101' }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    if (!isConnectorError(error)) throw new Error('expected a ConnectorError');
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('Mars Camp');
    expect(error.message).not.toContain('Olympus');
    await ledger.close();
  });
});
