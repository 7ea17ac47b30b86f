import { describe, expect, it } from 'vitest';
import { runCapturedCli } from './cli-support.js';

describe('CLI option value starting with a dash', () => {
  it('says how to pass it', async () => {
    const run = await runCapturedCli(['--check-timeout', '-5'], '/');

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      'Option --check-timeout needs a value, and "-5" reads as an option. To pass it as the ' +
        'value, write --check-timeout=-5.',
    );
  });

  it('rejects the value once passed', async () => {
    const run = await runCapturedCli(['--check-timeout=-5'], '/');

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('Invalid --check-timeout "-5"');
  });

  it('keeps the message for a missing value', async () => {
    const run = await runCapturedCli(['--level'], '/');

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('Option --level needs a value, as in --level VALUE.');
  });
});
