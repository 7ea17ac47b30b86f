import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';

const KEYS = 'dg1:RGlhZ25vc3RpY3NUZXN0S2V5VGhpcnR5VHdvQnl0ZSE=';

/** Counts the occurrences of `part` in `text`. */
function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('CLI diagnostics', () => {
  it('gives database advice once', async () => {
    const result = await runCli(['vendors', 'list'], {
      DATABASE_URL: 'postgres://postgres:pw@127.0.0.1:5432/nosuchdb_cli_diagnostics',
      HUB_DATA_DIR: mkdtempSync(join(tmpdir(), 'hub-diagnostics-')),
      HUB_ENCRYPTION_KEYS: KEYS,
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('does not exist');
    expect(occurrences(result.stderr, 'DATABASE_URL names the right host')).toBe(1);
    expect(occurrences(result.stderr, 'check DATABASE_URL')).toBe(0);
    expect(result.stderr).not.toContain(':pw@');
  });
});
