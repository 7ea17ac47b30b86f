import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStorageSettings, describeDatabase } from '../src/storage-config.js';
import { parseImportText } from '../src/vendor-import-file.js';

const TOKEN = 'admin-token-value-0123456789-abcdef';
const KEYS = 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
const PASSWORD = 'pg-password-do-not-print';

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('storage settings', () => {
  it('defaults to SQLite in ./data', () => {
    const settings = loadStorageSettings({});
    expect(settings.databaseUrl).toBeUndefined();
    expect(settings.databasePath).toBe(resolve('data/hub.db'));
    expect(settings.dataDirectory).toBe(resolve('data'));
    expect(settings.adminToken).toBeUndefined();
    expect(settings.adminDisabledReason).toBe('HUB_ADMIN_TOKEN is not set');
  });

  it('keeps the data directory beside HUB_DB_PATH', () => {
    const settings = loadStorageSettings({ HUB_DB_PATH: '/srv/hub/ledger.db' });
    expect(settings.dataDirectory).toBe('/srv/hub');
    expect(settings.databasePath).toBe('/srv/hub/ledger.db');
  });

  it('uses HUB_DATA_DIR for the SQLite default', () => {
    const settings = loadStorageSettings({ HUB_DATA_DIR: '/var/lib/hub' });
    expect(settings.databasePath).toBe(join('/var/lib/hub', 'hub.db'));
  });

  it('describes PostgreSQL without the password', () => {
    const settings = loadStorageSettings({
      DATABASE_URL: `postgres://hub:${PASSWORD}@db.internal:5432/hub`,
    });
    expect(describeDatabase(settings)).toBe('postgresql://db.internal:5432/hub');
  });

  it('rejects a non-PostgreSQL URL without printing it', () => {
    const error = errorOf(() =>
      loadStorageSettings({ DATABASE_URL: `mysql://hub:${PASSWORD}@db/hub` }),
    );
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).toContain('postgres://');
    expect(error.message).not.toContain(PASSWORD);
  });

  it('requires keys in production', () => {
    const error = errorOf(() =>
      loadStorageSettings({ NODE_ENV: 'production', HUB_ADMIN_TOKEN: TOKEN }),
    );
    expect(error.message).toContain('HUB_ENCRYPTION_KEYS');
  });

  it.each(['Production', 'PRODUCTION'])('treats NODE_ENV=%s as production', (value) => {
    const error = errorOf(() => loadStorageSettings({ NODE_ENV: value, HUB_ADMIN_TOKEN: TOKEN }));
    expect(error.message).toContain('HUB_ENCRYPTION_KEYS is not set, and NODE_ENV is production');
  });

  it('requires an admin token in production', () => {
    const error = errorOf(() =>
      loadStorageSettings({ NODE_ENV: 'production', HUB_ENCRYPTION_KEYS: KEYS }),
    );
    expect(error.message).toContain('HUB_ADMIN_TOKEN');
    expect(error.message).toContain('HUB_ADMIN_API=off');
  });

  it('starts production with the admin API off', () => {
    const settings = loadStorageSettings({
      NODE_ENV: 'production',
      HUB_ENCRYPTION_KEYS: KEYS,
      HUB_ADMIN_API: 'off',
    });
    expect(settings.production).toBe(true);
    expect(settings.adminToken).toBeUndefined();
    expect(settings.adminDisabledReason).toBe('HUB_ADMIN_API is off');
  });

  it('rejects a short admin token without printing it', () => {
    const error = errorOf(() => loadStorageSettings({ HUB_ADMIN_TOKEN: 'short-secret-x' }));
    expect(error.message).toContain('HUB_ADMIN_TOKEN');
    expect(error.message).not.toContain('short-secret-x');
  });

  it('accepts a long admin token', () => {
    expect(loadStorageSettings({ HUB_ADMIN_TOKEN: TOKEN }).adminToken).toBe(TOKEN);
  });
});

describe('import documents', () => {
  it('reads a JSON list', () => {
    expect(parseImportText('[{"id": "a"}]', 'file')).toEqual([{ id: 'a' }]);
  });

  it('reads a YAML vendors object', () => {
    const rows = parseImportText('vendors:\n  - id: a\n    config: {baseUrl: x}\n', 'f', '.yaml');
    expect(rows).toEqual([{ id: 'a', config: { baseUrl: 'x' } }]);
  });

  it('names the JSON error position without the text', () => {
    const error = errorOf(() => parseImportText('[{"apiKey": "SECRET-1"', 'vendors.json'));
    expect(error.message).toMatch(/vendors\.json is not valid JSON at line 1, column \d+/);
    expect(error.message).not.toContain('SECRET-1');
  });

  it('names the YAML error position without the text', () => {
    const error = errorOf(() =>
      parseImportText('- id: a\n  apiKey: "SECRET-2\n', 'vendors.yaml', '.yaml'),
    );
    expect(error.message).toMatch(/vendors\.yaml is not valid YAML at line \d+, column \d+/);
    expect(error.message).not.toContain('SECRET-2');
  });

  it('rejects a document without a list', () => {
    expect(() => parseImportText('{"id": "a"}', 'one.json')).toThrow(/list of vendors/);
  });
});
