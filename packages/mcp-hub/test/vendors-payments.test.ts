import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonFileVendorSource, loadVendorsFile } from '../src/index.js';
import { temporaryDirectory } from './helpers.js';

const SECRET = 'apikey-value-never-shown';

const entry = {
  id: 'aqua-kids',
  displayName: 'Aqua Kids',
  connector: 'bookeo',
  config: { baseUrl: 'http://127.0.0.1:9/v2' },
  credentials: { apiKey: SECRET, secretKey: SECRET },
};

describe('vendors file payment settings', () => {
  let directory: ReturnType<typeof temporaryDirectory>;
  let file: string;
  const write = (content: unknown) => writeFileSync(file, JSON.stringify(content, null, 2));

  beforeEach(() => {
    directory = temporaryDirectory();
    file = join(directory.path, 'vendors.json');
  });

  afterEach(() => directory.remove());

  it('loads payments with defaults filled in', async () => {
    const payments = {
      successFee: { type: 'fixed', amountMinor: 300, currency: 'USD' },
      successFeeByProgram: { 'prog-trial': { type: 'none' } },
      connect: { accountId: 'acct_1Nv0FGQ9RKHgCVdK' },
    };
    write([
      { ...entry, payments },
      { ...entry, id: 'camp-pine' },
    ]);

    const [withPayments, without] = await new JsonFileVendorSource(file).listVendors();

    expect(withPayments?.payments).toEqual({
      ...payments,
      connect: { accountId: 'acct_1Nv0FGQ9RKHgCVdK', refundPolicy: 'full' },
    });
    expect(withPayments?.problems).toBeUndefined();
    expect(without).not.toHaveProperty('payments');
    expect(without?.problems).toBeUndefined();
  });

  it('keeps bad payments as problems of that vendor', async () => {
    const payments = {
      successFee: { type: 'percent', percent: 0, currency: 'USD' },
      connect: { accountId: 'acct_1Nv0FGQ9RKHgCVdK', refundPolicy: 'never' },
    };
    write([
      { ...entry, payments },
      { ...entry, id: 'camp-pine' },
    ]);

    const [broken, healthy] = await loadVendorsFile(file);

    expect(broken).not.toHaveProperty('payments');
    expect(broken?.problems).toHaveLength(1);
    const problem = broken?.problems?.[0] ?? '';
    expect(problem).toContain('entry 0 ("aqua-kids")');
    expect(problem).toContain('field "payments.successFee.percent"');
    expect(problem).toContain('give a percentage above 0 and at most 100');
    expect(problem).toContain('field "payments.connect.refundPolicy"');
    expect(problem).toContain('use "full", "before_start" or "none"');
    expect(problem).not.toContain(SECRET);
    expect(healthy?.problems).toBeUndefined();
  });

  it('names unknown payment fields', async () => {
    write([{ ...entry, payments: { successFee: { type: 'none' }, programFees: {} } }]);

    const [record] = await loadVendorsFile(file);

    expect(record?.problems?.[0]).toContain('payments');
    expect(record?.problems?.[0]).toContain('programFees');
    expect(record?.problems?.[0]).toContain('successFee, successFeeByProgram and connect only');
  });
});
