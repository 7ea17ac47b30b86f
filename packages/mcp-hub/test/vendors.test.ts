import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isConnectorError } from '@signupassist/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonFileVendorSource, loadVendorsFile, StaticVendorSource } from '../src/index.js';
import { temporaryDirectory } from './helpers.js';

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

  it('describes bad credentials without their value', async () => {
    write([
      { ...entry, credentials: undefined },
      { ...entry, id: 'b', credentials: SECRET },
    ]);
    const missing = await loadError(file);
    expect(missing).toContain('field "credentials"');

    write([{ ...entry, capabilityOverrides: { holds: SECRET } }]);
    const override = await loadError(file);
    expect(override).toContain('capabilityOverrides.holds');
    expect(override).not.toContain(SECRET);
  });

  it('rejects unknown fields and bad time zones', async () => {
    write([{ ...entry, credential: {}, timeZone: 'Mars/Olympus' }]);
    const message = await loadError(file);

    expect(message).toContain('field "timeZone"');
    expect(message).toContain('Unrecognized key');
    expect(message).toContain('credential');
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
