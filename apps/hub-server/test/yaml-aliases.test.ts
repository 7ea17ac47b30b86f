import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRequest } from './admin-client.js';
import { runCli } from './cli-process.js';
import { startServer, type RunningServer } from './server-process.js';

const KEYS = 'yml1:Xw3mB8qZ1nV6cT4rK9sL2dF7gH0jP5aE3uY8iO1zQwE=';
const TOKEN = 'admin-token-for-yaml-tests-8d1e4c';

/** Ten aliases per level over six levels: a million strings once every alias is expanded. */
const ALIAS_BOMB = [
  'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
  'f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]',
  'vendors: [*f]',
  '',
].join('\n');

const UNRESOLVED_ALIAS = 'vendors:\n  - *missing\n';

describe('YAML aliases in input files', () => {
  let directory: string;
  let environment: Record<string, string>;
  let server: RunningServer | undefined;

  const writeFile = (name: string, text: string) => {
    const path = join(directory, name);
    writeFileSync(path, text, { mode: 0o600 });
    return path;
  };

  const vendorCount = async () => {
    const listed = await runCli(['vendors', 'list', '--json'], environment);
    expect(listed.code).toBe(0);
    return (JSON.parse(listed.stdout) as unknown[]).length;
  };

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'hub-yaml-'));
    environment = { HUB_DB_PATH: join(directory, 'hub.db'), HUB_ENCRYPTION_KEYS: KEYS };
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('rejects an alias bomb in an import file', async () => {
    const path = writeFile('bomb.yaml', ALIAS_BOMB);

    const result = await runCli(['vendors', 'import', path], environment);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`The import file ${path} expands YAML aliases`);
    expect(result.stderr).toContain('write the repeated values out');
    expect(result.stderr).not.toContain('ReferenceError');
    expect(await vendorCount()).toBe(0);
  });

  it('rejects an unresolved alias in an import file', async () => {
    const path = writeFile('unresolved.yaml', UNRESOLVED_ALIAS);

    const result = await runCli(['vendors', 'import', path], environment);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('without an earlier anchor');
    expect(result.stderr).not.toContain('ReferenceError');
  });

  it('rejects an alias bomb in a credentials file', async () => {
    const added = await runCli(
      ['vendors', 'add', '--id', 'aqua-kids', '--name', 'Aqua Kids', '--connector', 'bookeo'],
      environment,
    );
    expect(added.code).toBe(0);
    const path = writeFile('credentials.yaml', ALIAS_BOMB);

    const result = await runCli(
      ['vendors', 'set-credentials', 'aqua-kids', '--file', path],
      environment,
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path} expands YAML aliases`);
    expect(result.stderr).not.toContain('ReferenceError');
    const shown = await runCli(['vendors', 'show', 'aqua-kids', '--json'], environment);
    expect(JSON.parse(shown.stdout)).not.toHaveProperty('credentials');
  });

  it('rejects an alias bomb in a vendors file at start', async () => {
    const path = writeFile('start.yaml', ALIAS_BOMB);

    const result = await runCli(['--vendors', path], { ...environment, PORT: '0' });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`The import file ${path} expands YAML aliases`);
    expect(result.stderr).not.toContain('ReferenceError');
  });

  it('answers 400 to an alias bomb in an admin import', async () => {
    server = await startServer([], { ...environment, HUB_ADMIN_TOKEN: TOKEN });

    const response = await adminRequest(server.url, 'POST', '/admin/vendors/import', {
      token: TOKEN,
      rawBody: ALIAS_BOMB,
      contentType: 'application/yaml',
    });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid');
    expect(response.body.error.message).toContain('The import body expands YAML aliases');
    expect(await vendorCount()).toBe(1);
  });
});
