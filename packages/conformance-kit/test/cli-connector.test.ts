import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCapturedCli } from './cli-support.js';

const root = mkdtempSync(join(tmpdir(), 'conformance-cli-connector-'));
let packageCount = 0;

/** A connector-shaped object with no real operations, enough for the loader's shape check. */
const FAKE_CONNECTOR = `{
  manifest: { id: 'fake', displayName: 'Fake', version: '1.0.0', contractVersion: '^1.0.0' },
  listPrograms: async () => [],
  listSessions: async () => [],
  getRegistrationForm: async () => ({}),
}`;

const FIELD = { connector: 'fake', export: 'fakeConnector', sandbox: './sandbox' };

/** Writes a package directory under a temporary root and returns its path. */
function writePackage(files: Record<string, string | object>): string {
  const directory = join(root, `package-${++packageCount}`);
  for (const [name, content] of Object.entries(files)) {
    const path = join(directory, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  }
  return directory;
}

function packageJson(overrides: Record<string, unknown> = {}) {
  return {
    name: 'fake-connector',
    version: '1.0.0',
    type: 'module',
    exports: { '.': './index.js', './sandbox': './sandbox.js' },
    signupassist: FIELD,
    ...overrides,
  };
}

async function expectUsageError(argv: string[], cwd: string, patterns: RegExp[]) {
  const run = await runCapturedCli(argv, cwd);
  expect(run.exitCode).toBe(2);
  for (const pattern of patterns) expect(run.stderr).toMatch(pattern);
  return run;
}

describe('CLI connector loading', () => {
  it('rejects a package name not installed', async () => {
    await expectUsageError(['@example/connector-missing'], root, [
      /Cannot find package "@example\/connector-missing" in node_modules from /,
      /npm install --save-dev @example\/connector-missing/,
    ]);
  });

  it('rejects a path that is no directory', async () => {
    await expectUsageError(['./no-such-dir'], root, [
      /Connector "\.\/no-such-dir" is not a directory/,
    ]);
  });

  it('rejects a directory without package.json', async () => {
    const directory = writePackage({ 'index.js': '' });
    await expectUsageError([directory], root, [/has no package\.json/]);
  });

  it('rejects a package without the signupassist field', async () => {
    const directory = writePackage({ 'package.json': packageJson({ signupassist: undefined }) });
    await expectUsageError([directory], root, [
      /Package fake-connector has no "signupassist" field in its package\.json/,
      /"signupassist": \{ "connector": "bookeo", "export": "bookeoConnector"/,
    ]);
  });

  it('rejects a sandbox that is no subpath', async () => {
    const directory = writePackage({
      'package.json': packageJson({ signupassist: { ...FIELD, sandbox: 'sandbox' } }),
    });
    await expectUsageError([directory], root, [
      /Invalid "signupassist\.sandbox" in the package\.json of fake-connector/,
      /must be a subpath of the package, such as "\.\/sandbox"/,
    ]);
  });

  it('rejects an entry point not built yet', async () => {
    const directory = writePackage({
      'package.json': packageJson({ exports: { '.': './dist/index.js' } }),
    });
    await expectUsageError([directory], root, [
      /fake-connector resolves to .*dist\/index\.js, which does not exist/,
      /Build the package first/,
    ]);
  });

  it('rejects a missing export and lists the others', async () => {
    const directory = writePackage({
      'package.json': packageJson(),
      'index.js': `export const otherConnector = ${FAKE_CONNECTOR};\nexport const version = 1;`,
    });
    await expectUsageError([directory], root, [
      /Package fake-connector does not export "fakeConnector"/,
      /Its exports are: otherConnector, version\./,
    ]);
  });

  it('rejects an export that is no connector', async () => {
    const directory = writePackage({
      'package.json': packageJson(),
      'index.js': 'export const fakeConnector = { manifest: { id: "fake" } };',
    });
    await expectUsageError([directory], root, [
      /Export "fakeConnector" of fake-connector is not a connector/,
    ]);
  });

  it('rejects a manifest id that differs from the field', async () => {
    const directory = writePackage({
      'package.json': packageJson({ signupassist: { ...FIELD, connector: 'other' } }),
      'index.js': `export const fakeConnector = ${FAKE_CONNECTOR};`,
    });
    await expectUsageError([directory], root, [
      /has manifest id "fake", but package\.json "signupassist\.connector" says "other"/,
    ]);
  });

  it('rejects a package without a sandbox subpath', async () => {
    const directory = writePackage({
      'package.json': packageJson({ signupassist: { connector: 'fake', export: 'fakeConnector' } }),
      'index.js': `export const fakeConnector = ${FAKE_CONNECTOR};`,
    });
    await expectUsageError([directory], root, [
      /Package fake-connector names no sandbox: add "sandbox": "\.\/sandbox"/,
    ]);
  });

  it('rejects a sandbox subpath the exports map lacks', async () => {
    const directory = writePackage({
      'package.json': packageJson({ exports: { '.': './index.js' } }),
      'index.js': `export const fakeConnector = ${FAKE_CONNECTOR};`,
    });
    await expectUsageError([directory], root, [
      /Package fake-connector does not export the subpath "\.\/sandbox"/,
    ]);
  });

  it('rejects a sandbox without startConformanceSandbox', async () => {
    const directory = writePackage({
      'package.json': packageJson(),
      'index.js': `export const fakeConnector = ${FAKE_CONNECTOR};`,
      'sandbox.js': 'export function startSandbox() {}',
    });
    await expectUsageError([directory], root, [
      /Subpath fake-connector\/sandbox does not export a startConformanceSandbox function/,
      /Its exports are: startSandbox\./,
    ]);
  });

  it('loads a CommonJS-only package', async () => {
    const directory = writePackage({
      'package.json': packageJson({
        type: 'commonjs',
        exports: { '.': { require: './index.cjs' } },
      }),
      'index.cjs': `exports.fakeConnector = ${FAKE_CONNECTOR};`,
    });
    const run = await runCapturedCli([directory, '--list', '--level', 'catalog'], root);

    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^manifest\.valid /m);
  });

  it('reports a module that fails to import', async () => {
    const directory = writePackage({
      'package.json': packageJson(),
      'index.js': 'throw new Error("boom at import");',
    });
    await expectUsageError([directory], root, [
      /Failed to import fake-connector from .*index\.js: boom at import/,
    ]);
  });
});

describe('CLI baseline file errors', () => {
  const directory = writePackage({
    'package.json': packageJson(),
    'index.js': `export const fakeConnector = ${FAKE_CONNECTOR};`,
  });

  function baselineRun(content: string) {
    const path = join(directory, `baseline-${++packageCount}.json`);
    writeFileSync(path, content);
    return expectUsageError([directory, '--baseline', path], root, []);
  }

  it('rejects a missing baseline file', async () => {
    await expectUsageError([directory, '--baseline', 'nope.json'], root, [
      /Baseline file nope\.json does not exist/,
    ]);
  });

  it('rejects invalid JSON', async () => {
    const run = await baselineRun('{ "expectedFailures": [ }');
    expect(run.stderr).toMatch(/Cannot read baseline .*baseline-\d+\.json: .*JSON/);
  });

  it('names an entry without a reason', async () => {
    const run = await baselineRun(
      JSON.stringify({
        expectedFailures: [
          { check: 'a', reason: 'r' },
          { check: 'b', reason: ' ' },
        ],
      }),
    );
    expect(run.stderr).toMatch(/at expectedFailures\[1\]\.reason: must say why the check fails/);
  });

  it('names an entry with an unknown key', async () => {
    const run = await baselineRun(
      JSON.stringify({ expectedFailures: [{ check: 'a', reason: 'r', why: 'x' }] }),
    );
    expect(run.stderr).toMatch(/at expectedFailures\[0\]:/);
    expect(run.stderr).toMatch(/why/);
  });

  it('names a repeated check', async () => {
    const run = await baselineRun(
      JSON.stringify({
        expectedFailures: [
          { check: 'a', reason: 'r' },
          { check: 'a', reason: 's' },
        ],
      }),
    );
    expect(run.stderr).toMatch(/expectedFailures\[1\] repeats check "a" of expectedFailures\[0\]/);
  });

  it('rejects a baseline without expectedFailures', async () => {
    const run = await baselineRun('{}');
    expect(run.stderr).toMatch(/at expectedFailures:/);
  });
});
