import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

// better-sqlite3 12 wraps its objects in node::ObjectWrap, whose destructor aborts the process
// on Node 24.19 and later when the garbage collector frees a closed Database or Statement
// ("Assertion failed: (env) != nullptr"). Version 13 is built on Node-API and does not.
const SCRIPT = `
const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
const keep = new Database(':memory:');
for (let i = 0; i < 5000; i++) {
  const db = new Database(':memory:');
  db.prepare('SELECT 1').get();
  db.close();
  keep.prepare('SELECT ' + i).get();
}
globalThis.gc();
setTimeout(() => { globalThis.gc(); process.stdout.write('survived'); }, 20);
`;

describe('better-sqlite3 on this Node.js', () => {
  it('survives garbage collection of closed connections', () => {
    const result = spawnSync(process.execPath, ['--expose-gc', '-e', SCRIPT], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).not.toMatch(/Assertion failed/);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('survived');
  });
});
