import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { runCapturedCli } from './cli-support.js';

const cwd = mkdtempSync(join(tmpdir(), 'conformance-cli-usage-'));

describe('CLI usage errors', () => {
  const cases: Array<{ name: string; argv: string[]; expected: RegExp[] }> = [
    {
      name: 'unknown flag with a suggestion',
      argv: ['--levle', 'full'],
      expected: [/Unknown option --levle\./, /Did you mean --level\?/, /--help/],
    },
    {
      name: 'unknown flag without a near match',
      argv: ['--zzzzzzzz'],
      expected: [/Unknown option --zzzzzzzz\. Run signupassist-conformance --help/],
    },
    {
      name: 'invalid level',
      argv: ['--level', 'gold'],
      expected: [/Invalid --level "gold"/, /catalog, handoff, full/],
    },
    {
      name: 'level without a value',
      argv: ['--level'],
      expected: [/Option --level needs a value, as in --level VALUE\./],
    },
    {
      name: 'boolean flag with a value',
      argv: ['--quiet=yes'],
      expected: [/Option --quiet takes no value: remove "=yes"\./],
    },
    {
      name: 'two connectors',
      argv: ['one', 'two'],
      expected: [/Expected at most one connector, got 2: one two\./],
    },
    {
      name: 'empty check id in --only',
      argv: ['--only', 'a,,b'],
      expected: [/Invalid --only "a,,b": it contains an empty check id/],
    },
    {
      name: 'empty report path',
      argv: ['--report', ''],
      expected: [/Option --report needs a file path/],
    },
    {
      name: 'zero check timeout',
      argv: ['--check-timeout', '0'],
      expected: [/Invalid --check-timeout "0"/, /milliseconds above 0/],
    },
    {
      name: 'live without a vendor file',
      argv: ['--live'],
      expected: [/--live needs --vendor FILE/],
    },
    {
      name: 'vendor file without live',
      argv: ['--vendor', 'vendor.json'],
      expected: [/--vendor applies to live runs only/],
    },
    {
      name: 'writes without live',
      argv: ['--allow-writes'],
      expected: [/--allow-writes applies to live runs only/],
    },
    {
      name: 'live writes without a test session',
      argv: ['--live', '--vendor', 'vendor.json', '--allow-writes'],
      expected: [/--allow-writes needs --test-session PROGRAM_ID:SESSION_ID/],
    },
    {
      name: 'test session without writes',
      argv: ['--live', '--vendor', 'vendor.json', '--test-session', 'P1:S1'],
      expected: [/--test-session only applies with --allow-writes/],
    },
    {
      name: 'malformed test session',
      argv: ['--live', '--vendor', 'v.json', '--allow-writes', '--test-session', 'P1'],
      expected: [/Invalid --test-session "P1": write it as PROGRAM_ID:SESSION_ID/],
    },
  ];

  for (const { name, argv, expected } of cases) {
    it(`exits 2 on ${name}`, async () => {
      const run = await runCapturedCli(argv, cwd);

      expect(run.exitCode).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.startsWith('signupassist-conformance: ')).toBe(true);
      for (const pattern of expected) expect(run.stderr).toMatch(pattern);
    });
  }
});

describe('CLI help and version', () => {
  it('prints help and exits 0', async () => {
    const run = await runCapturedCli(['--help'], cwd);

    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Usage: signupassist-conformance \[connector\] \[options\]/);
    for (const flag of [
      '--level',
      '--only',
      '--baseline',
      '--report',
      '--junit',
      '--live',
      '--vendor',
      '--allow-writes',
      '--test-session',
      '--check-timeout',
      '--list',
      '--quiet',
    ]) {
      expect(run.stdout).toContain(flag);
    }
    expect(run.stdout).toContain('Exit codes: 0');
  });

  it('prints the kit version', async () => {
    const run = await runCapturedCli(['--version'], cwd);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(`${packageJson.version}\n`);
  });

  it('exits 2 when both reports share a file', async () => {
    const run = await runCapturedCli(['--report', 'out.xml', '--junit', './out.xml'], cwd);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--report and --junit both name out.xml');
  });

  it('exits 2 without a package in the directory', async () => {
    const run = await runCapturedCli([], cwd);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('the current directory has no package.json');
  });
});
